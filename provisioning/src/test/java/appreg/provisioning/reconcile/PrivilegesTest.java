package appreg.provisioning.reconcile;

import static appreg.provisioning.reconcile.Fixtures.ADMIN_UPN;
import static appreg.provisioning.reconcile.Fixtures.app;
import static appreg.provisioning.reconcile.Fixtures.fresh;
import static appreg.provisioning.reconcile.Fixtures.inSync;
import static appreg.provisioning.reconcile.Fixtures.permission;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import appreg.provisioning.MissingPrivilegeException;
import appreg.provisioning.graph.CallerClaims;
import appreg.provisioning.tenant.WellKnown;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivilegesTest {
  private static final Set<String> APP_WRITER = Set.of("Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All",
      "RoleManagement.ReadWrite.Directory");

  private static Optional<CallerClaims> appOnly(Set<String> roles) {
    return Optional.of(new CallerClaims("tenant-1", true, roles, Set.of(), Set.of(), ""));
  }

  private static Optional<CallerClaims> delegated(Set<String> scopes, String... wids) {
    return Optional.of(new CallerClaims("tenant-1", false, Set.of(), scopes, Set.of(wids), ""));
  }

  private static Plan grantOnly() {
    return Fixtures.plan(app().manifest(), inSync().withoutGrants().build());
  }

  @Test
  void anAppOnlyTokenWithoutGrantRightsIsStoppedNamingThePermission() {
    var e = assertThrows(MissingPrivilegeException.class, () -> Privileges.check(grantOnly(), appOnly(APP_WRITER)));
    assertEquals("granting delegated admin consent", e.step());
    assertEquals(List.of("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"), e.needed());
    assertEquals("granting delegated admin consent: the token lacks the Graph permission this run needs (application "
        + "permission, admin-consented); nothing was changed; needs DelegatedPermissionGrant.ReadWrite.All or "
        + "Directory.ReadWrite.All", e.getMessage());
  }

  @Test
  void theFirstMissingStepIsNamedAndTheOthersListed() {
    Plan fresh = Fixtures.plan(app().manifest(), fresh().build());
    var e = assertThrows(MissingPrivilegeException.class, () -> Privileges.check(fresh, appOnly(Set.of("Application.Read.All"))));
    assertEquals("writing the registration", e.step());
    assertEquals("writing the registration: the token lacks the Graph permission this run needs (also for: creating the "
        + "service principal of Microsoft Partner (4990cffe-04e8-4e8b-808a-1175604b879f), creating the registration's "
        + "service principal, granting delegated admin consent, consenting to application permissions, managing client "
        + "secrets) (application permission, admin-consented); nothing was changed; needs Application.ReadWrite.OwnedBy or "
        + "Application.ReadWrite.All", e.getMessage());
  }

  private static final Set<String> OWNED_BY_WRITER = Set.of("Application.ReadWrite.OwnedBy",
      "DelegatedPermissionGrant.ReadWrite.All", "AppRoleAssignment.ReadWrite.All");

  @Test
  void ownedByCannotInstantiateAnotherTenantsApplication() {
    Plan fresh = Fixtures.plan(app().manifest(), fresh().build());
    var e = assertThrows(MissingPrivilegeException.class, () -> Privileges.check(fresh, appOnly(OWNED_BY_WRITER)));
    assertEquals("creating the service principal of Microsoft Partner (4990cffe-04e8-4e8b-808a-1175604b879f)", e.step());
    assertEquals(List.of("Application.ReadWrite.All", "Directory.ReadWrite.All"), e.needed());
    assertEquals("creating the service principal of Microsoft Partner (4990cffe-04e8-4e8b-808a-1175604b879f): "
        + "Application.ReadWrite.OwnedBy lets Graph create service principals only for applications registered in this "
        + "tenant, and this one is registered in another; nothing was changed; needs Application.ReadWrite.All or "
        + "Directory.ReadWrite.All", e.getMessage());
  }

  @Test
  void ownedByIsEnoughWhenTheApisServicePrincipalsExist() {
    Plan withPartner = Fixtures.plan(app().manifest(), fresh().sp(Fixtures.partnerSp()).build());
    assertDoesNotThrow(() -> Privileges.check(withPartner, appOnly(OWNED_BY_WRITER)));
  }

  @Test
  void onlyPermissionsTheTokenLacksAreNamed() {
    Plan fresh = Fixtures.plan(app().manifest(), fresh().sp(Fixtures.partnerSp()).build());
    var e = assertThrows(MissingPrivilegeException.class, () -> Privileges.check(fresh,
        appOnly(Set.of("Application.Read.All", "Application.ReadWrite.OwnedBy", "AppRoleAssignment.ReadWrite.All"))));
    assertEquals(List.of("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"), e.needed());
  }

  @Test
  void aDelegatedOwnedByScopeCountsForNothingAndIsNeverSuggested() {
    var e = assertThrows(MissingPrivilegeException.class, () -> Privileges.check(
        Fixtures.plan(app().manifest(), fresh().sp(Fixtures.partnerSp()).build()),
        delegated(Set.of("Application.ReadWrite.OwnedBy"), Privileges.CLOUD_APPLICATION_ADMINISTRATOR)));
    assertEquals("writing the registration", e.step());
    assertEquals(List.of("Application.ReadWrite.All"), e.needed());
  }

  @Test
  void directoryReadWriteAllAlsoGrantsConsent() {
    assertDoesNotThrow(() -> Privileges.check(grantOnly(), appOnly(Set.of("Directory.ReadWrite.All"))));
  }

  @Test
  void theLeastPrivilegedPermissionIsEnough() {
    assertDoesNotThrow(() -> Privileges.check(grantOnly(), appOnly(Set.of("DelegatedPermissionGrant.ReadWrite.All"))));
  }

  @Test
  void permissionNamesAreComparedIgnoringCase() {
    assertDoesNotThrow(() -> Privileges.check(grantOnly(), appOnly(Set.of("delegatedpermissiongrant.readwrite.all"))));
  }

  @Test
  void anEmptyPlanNeedsNothing() {
    assertDoesNotThrow(() -> Privileges.check(new Plan(List.of()), appOnly(Set.of())));
  }

  @Test
  void aPlanOfManualStepsNeedsNothing() {
    Plan manual = new Plan(List.of(new Step(new Drift("k", DriftKind.APP_DUPLICATE, "d"), new Action.ManualStep("k", "review"))));
    assertDoesNotThrow(() -> Privileges.check(manual, appOnly(Set.of())));
  }

  @Test
  void anOpaqueTokenIsLeftToGraphToJudge() {
    assertDoesNotThrow(() -> Privileges.check(grantOnly(), Optional.empty()));
  }

  @Test
  void aDelegatedScopeCountsLikeAnAppRole() {
    assertDoesNotThrow(() -> Privileges.check(grantOnly(),
        delegated(Set.of("DelegatedPermissionGrant.ReadWrite.All"), Privileges.CLOUD_APPLICATION_ADMINISTRATOR)));
  }

  @Test
  void consentingToGraphAppRolesNeedsPrivilegedRoleAdministratorWhenDelegated() {
    Plan p = Fixtures.plan(app().manifest(), inSync().withoutGrants().build());
    Fixtures.Tenant t = inSync();
    t.assignments.clear();
    Plan graphRole = Fixtures.plan(app().manifest(), t.build());
    Set<String> scopes = Set.of("Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All");

    var e = assertThrows(MissingPrivilegeException.class,
        () -> Privileges.check(graphRole, delegated(scopes, Privileges.CLOUD_APPLICATION_ADMINISTRATOR)));
    assertEquals("consenting to Microsoft Graph application permissions", e.step());
    assertEquals(List.of("Privileged Role Administrator", "Global Administrator"), e.needed());
    assertEquals("consenting to Microsoft Graph application permissions: the signed-in user holds no directory role that may "
        + "do this; nothing was changed; needs Privileged Role Administrator or Global Administrator", e.getMessage());

    assertDoesNotThrow(() -> Privileges.check(graphRole, delegated(scopes, Privileges.PRIVILEGED_ROLE_ADMINISTRATOR)));
    assertDoesNotThrow(() -> Privileges.check(graphRole, delegated(scopes, Privileges.GLOBAL_ADMINISTRATOR)));
    assertDoesNotThrow(() -> Privileges.check(p, delegated(scopes, Privileges.CLOUD_APPLICATION_ADMINISTRATOR)),
        "a Cloud Application Administrator may consent to delegated permissions");
  }

  @Test
  void appRolesOfOtherApisNeedNoPrivilegedRole() {
    Plan p = new Plan(List.of(new Step(new Drift("k", DriftKind.CONSENT_MISSING, "d"),
        new Action.AssignAppRole("k", WellKnown.PARTNER_CENTER, "Microsoft Partner Center", "r", "Some.Role"))));
    assertDoesNotThrow(() -> Privileges.check(p, delegated(Set.of("AppRoleAssignment.ReadWrite.All"),
        Privileges.APPLICATION_ADMINISTRATOR)));
  }

  @Test
  void assigningADirectoryRoleNeedsPrivilegedRoleAdministratorWhenDelegated() {
    Fixtures.Tenant t = inSync().withoutRoleAssignments();
    Plan p = Fixtures.plan(app().role("Security Reader", ADMIN_UPN).manifest(), t.build());
    var e = assertThrows(MissingPrivilegeException.class, () -> Privileges.check(p,
        delegated(Set.of("RoleManagement.ReadWrite.Directory"), Privileges.APPLICATION_ADMINISTRATOR)));
    assertEquals("assigning a directory role", e.step());
  }

  @Test
  void appOnlyTokensAreNotAskedForDirectoryRoles() {
    Fixtures.Tenant t = inSync();
    t.assignments.clear();
    Plan graphRole = Fixtures.plan(app().permissions(permission("Microsoft Partner", List.of("user_impersonation"), List.of()),
        permission("Microsoft Graph", List.of(), List.of("AuditLog.Read.All"))).manifest(), t.build());
    assertDoesNotThrow(() -> Privileges.check(graphRole, appOnly(APP_WRITER)));
  }
}
