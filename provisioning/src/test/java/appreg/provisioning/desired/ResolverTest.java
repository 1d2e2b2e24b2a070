package appreg.provisioning.desired;

import static appreg.provisioning.reconcile.Fixtures.ADMIN;
import static appreg.provisioning.reconcile.Fixtures.ADMIN_UPN;
import static appreg.provisioning.reconcile.Fixtures.AUDIT_LOG_READ_ALL;
import static appreg.provisioning.reconcile.Fixtures.GRAPH_SP;
import static appreg.provisioning.reconcile.Fixtures.SECURITY_READER_ID;
import static appreg.provisioning.reconcile.Fixtures.USER_READ;
import static appreg.provisioning.reconcile.Fixtures.apiSp;
import static appreg.provisioning.reconcile.Fixtures.app;
import static appreg.provisioning.reconcile.Fixtures.fresh;
import static appreg.provisioning.reconcile.Fixtures.permission;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.ManifestException;
import appreg.provisioning.desired.DesiredState.DesiredApi;
import appreg.provisioning.desired.DesiredState.DesiredPermission;
import appreg.provisioning.desired.DesiredState.DesiredRole;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.PermissionSpec;
import appreg.provisioning.manifest.Where;
import appreg.provisioning.reconcile.Fixtures;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.WellKnown;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolverTest {
  private static final String CONTOSO_API = "22222222-2222-2222-2222-222222222222";

  private static DesiredApi onlyApi(Manifest m, ObservedTenant t) {
    List<DesiredApi> apis = Resolver.resolve(m, t).applications().get(0).apis();
    assertEquals(1, apis.size(), apis.toString());
    return apis.get(0);
  }

  private static Manifest asking(PermissionSpec... p) {
    return app().permissions(p).manifest();
  }

  private static ManifestException failure(Manifest m, ObservedTenant t) {
    return assertThrows(ManifestException.class, () -> Resolver.resolve(m, t));
  }

  @Test
  void anApiNamedByAppIdResolvesToItsServicePrincipalAndPermissionIds() {
    var m = asking(permission("00000003-0000-0000-C000-000000000000", List.of("User.Read"), List.of("AuditLog.Read.All")));
    DesiredApi api = onlyApi(m, fresh().build());
    assertEquals(WellKnown.MICROSOFT_GRAPH, api.appId());
    assertEquals("Microsoft Graph", api.name());
    assertEquals(GRAPH_SP, api.resourceSp());
    assertEquals(List.of(new DesiredPermission("User.Read", USER_READ)), api.delegated());
    assertEquals(List.of(new DesiredPermission("AuditLog.Read.All", AUDIT_LOG_READ_ALL)), api.application());
  }

  @Test
  void anApiNamedByDisplayNameResolvesCaseInsensitively() {
    var t = fresh().sp(apiSp("sp-contoso", CONTOSO_API, "Contoso Orders API", "Orders.Read")).build();
    DesiredApi api = onlyApi(asking(permission("contoso orders api", List.of("Orders.Read"), List.of())), t);
    assertEquals(CONTOSO_API, api.appId().value());
    assertEquals("Contoso Orders API", api.name());
    assertEquals("Orders.Read", api.delegated().get(0).name());
  }

  @Test
  void permissionNamesAreMatchedCaseInsensitivelyButKeepTheApisSpelling() {
    DesiredApi api = onlyApi(asking(permission("Microsoft Graph", List.of("user.read"), List.of())), fresh().build());
    assertEquals(List.of(new DesiredPermission("User.Read", USER_READ)), api.delegated());
  }

  @Test
  void anAmbiguousDisplayNameListsEveryAppIdCarryingIt() {
    var t = fresh()
        .sp(apiSp("sp-pc1", "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd", "Microsoft Partner Center"))
        .sp(apiSp("sp-pc2", "33333333-3333-3333-3333-333333333333", "Microsoft Partner Center")).build();
    var e = failure(asking(permission("Microsoft Partner Center", List.of("user_impersonation"), List.of())), t);
    assertEquals(Fixtures.FILE, e.file());
    assertEquals(9, e.line());
    assertTrue(e.problem().startsWith("API 'Microsoft Partner Center' is ambiguous: 2 service principals carry that name; "
        + "name it by appId instead:"), e.problem());
    assertTrue(e.problem().contains("fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd  Microsoft Partner Center"), e.problem());
    assertTrue(e.problem().contains("33333333-3333-3333-3333-333333333333  Microsoft Partner Center"), e.problem());
  }

  @Test
  void anUnknownApiNameListsTheNearestNames() {
    var t = fresh().sp(apiSp("sp-contoso", CONTOSO_API, "Contoso Orders API")).build();
    var e = failure(asking(permission("Microsoft Grahp", List.of("User.Read"), List.of())), t);
    assertEquals("no API named 'Microsoft Grahp' in this tenant; nearest: Microsoft Graph, Contoso Orders API "
        + "(or name it by appId)", e.problem());
    assertEquals("appreg.yaml:9:9: " + e.problem(), e.getMessage());
  }

  @Test
  void microsoftPartnerWithoutAServicePrincipalResolvesLaterAndIsListedAsMissing() {
    var m = asking(permission("Microsoft Partner", List.of("user_impersonation"), List.of()));
    ObservedTenant t = fresh().build();
    DesiredApi api = onlyApi(m, t);
    assertEquals(WellKnown.MICROSOFT_PARTNER, api.appId());
    assertFalse(api.resolved());
    assertNull(api.resourceSp());
    assertEquals(List.of(new DesiredPermission("user_impersonation", null)), api.delegated());

    List<Resolver.ApiMatch> missing = Resolver.missingApis(m, t);
    assertEquals(1, missing.size());
    assertEquals(WellKnown.MICROSOFT_PARTNER, missing.get(0).appId());
    assertEquals("Microsoft Partner", missing.get(0).name());
    assertTrue(missing.get(0).sp().isEmpty());
  }

  @Test
  void theDocumentedMicrosoftPartnerNamesAreAliasesToo() {
    for (String name : List.of("Microsoft Dev Center", "Microsoft Partner (Microsoft Dev Center)", "MICROSOFT PARTNER")) {
      var m = asking(permission(name, List.of("user_impersonation"), List.of()));
      assertEquals(WellKnown.MICROSOFT_PARTNER, onlyApi(m, fresh().build()).appId(), name);
    }
  }

  @Test
  void anApiPresentInTheTenantIsNotMissing() {
    var m = asking(permission("Microsoft Graph", List.of("User.Read"), List.of()));
    assertEquals(List.of(), Resolver.missingApis(m, fresh().build()));
  }

  @Test
  void anUnknownPermissionListsWhatTheApiOffersNearestFirst() {
    var e = failure(asking(permission("Microsoft Graph", List.of("User.Reed.All"), List.of())), fresh().build());
    assertTrue(e.problem().startsWith("'User.Reed.All' is not a delegated permission of Microsoft Graph "
        + "(00000003-0000-0000-c000-000000000000); it offers 3, nearest first: User.Read.All, "), e.problem());
    assertEquals(9, e.line());
  }

  @Test
  void anUnknownApplicationPermissionListsTheAppRoles() {
    var e = failure(asking(permission("Microsoft Graph", List.of(), List.of("AuditLogs.Read.All"))), fresh().build());
    assertTrue(e.problem().startsWith("'AuditLogs.Read.All' is not an application permission of Microsoft Graph "
        + "(00000003-0000-0000-c000-000000000000); it offers 3, nearest first: AuditLog.Read.All, "), e.problem());
  }

  @Test
  void aDelegatedPermissionListedUnderApplicationNamesTheRightSection() {
    var e = failure(asking(permission("Microsoft Graph", List.of(), List.of("User.ReadBasic.All"))), fresh().build());
    assertEquals("'User.ReadBasic.All' is a delegated permission of Microsoft Graph, not an application one: "
        + "list it under 'delegated'", e.problem());
  }

  @Test
  void anApplicationPermissionListedUnderDelegatedNamesTheRightSection() {
    var e = failure(asking(permission("Microsoft Graph", List.of("AuditLog.Read.All"), List.of())), fresh().build());
    assertEquals("'AuditLog.Read.All' is an application permission of Microsoft Graph, not a delegated one: "
        + "list it under 'application'", e.problem());
  }

  @Test
  void aNameThatIsBothADelegatedAndAnApplicationPermissionResolvesInEachSection() {
    DesiredApi api = onlyApi(asking(permission("Microsoft Graph", List.of("User.Read.All"), List.of("User.Read.All"))),
        fresh().build());
    assertEquals("a154be20-db9c-4678-8ab7-66f6cc099a59", api.delegated().get(0).id());
    assertEquals("df021288-bdef-4463-88db-98f22de89214", api.application().get(0).id());
  }

  @Test
  void twoEntriesForOneApiMergeWithoutRepeats() {
    var m = asking(permission("Microsoft Graph", List.of("User.Read"), List.of()),
        permission("00000003-0000-0000-c000-000000000000", List.of("user.read", "User.Read.All"), List.of("AuditLog.Read.All")));
    DesiredApi api = onlyApi(m, fresh().build());
    assertEquals(List.of("User.Read", "User.Read.All"), api.delegated().stream().map(DesiredPermission::name).toList());
    assertEquals(List.of("AuditLog.Read.All"), api.application().stream().map(DesiredPermission::name).toList());
  }

  @Test
  void aRoleAndItsAssigneeResolveToIds() {
    var m = app().role("security reader", ADMIN_UPN.toUpperCase()).manifest();
    List<DesiredRole> roles = Resolver.resolve(m, Fixtures.inSync().build()).applications().get(0).roles();
    assertEquals(List.of(new DesiredRole("Security Reader", SECURITY_READER_ID, SECURITY_READER_ID, ADMIN, ADMIN_UPN)), roles);
  }

  @Test
  void aRoleWithoutAssigneeGoesToTheRegistrationsOwnServicePrincipal() {
    var m = app().role("Security Reader", null).manifest();
    DesiredRole r = Resolver.resolve(m, Fixtures.inSync().build()).applications().get(0).roles().get(0);
    assertNull(r.principal());
    assertEquals("the registration's service principal", r.assignee());
  }

  @Test
  void anUnknownRoleListsTheTenantsRolesNearestFirst() {
    var m = app().role("Security Reeder", ADMIN_UPN).manifest();
    var e = failure(m, Fixtures.inSync().build());
    assertEquals("no directory role named 'Security Reeder'; it offers 2, nearest first: Security Reader, Global Reader",
        e.problem());
    assertEquals(20, e.line());
  }

  @Test
  void anAssigneeWhoIsNotAUserIsNamed() {
    var m = app().role("Security Reader", "nobody@contoso.onmicrosoft.com").manifest();
    var e = failure(m, Fixtures.inSync().build());
    assertEquals("assignee 'nobody@contoso.onmicrosoft.com' is not a user in this tenant", e.problem());
    assertEquals("appreg.yaml:20:9: " + e.problem(), e.getMessage());
  }

  @Test
  void anErrorInABuiltInProfileNamesTheProfile() {
    var spec = app().where(null).role("Security Reeder", null).spec();
    var m = new Manifest("profile entra-reporting", List.of(new appreg.provisioning.manifest.ApplicationSpec(spec.key(),
        spec.displayName(), null, null, spec.webRedirectUris(), List.of(), List.of(), spec.permissions(), true, spec.secret(),
        List.of(new appreg.provisioning.manifest.DirectoryRoleSpec("Security Reeder", null, null)), null, null, null)));
    var e = failure(m, Fixtures.inSync().build());
    assertEquals("profile entra-reporting", e.file());
  }

  @Test
  void unknownNamesAreReportedBeforeAnythingElseResolves() {
    // the first bad entry in file order wins, with its own position
    var m = asking(permission("Microsoft Graph", List.of("User.Read"), List.of()),
        new PermissionSpec("Microsoft Graph", List.of("Nope.Read"), List.of(), new Where(Fixtures.FILE, 14, 9)));
    assertEquals(14, failure(m, fresh().build()).line());
  }
}
