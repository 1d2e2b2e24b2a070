package appreg.provisioning.audit;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Organization;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.PermissionScope;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ResourceAccess;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantPolicies;
import appreg.provisioning.tenant.WellKnown;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A small tenant for rule tests, written the way an administrator would describe it ("an app with a two-year secret
 * and RoleManagement.ReadWrite.Directory consented"). Ids are derived from names so failures read well.
 */
public final class TenantFixture {
  public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  public static final String TENANT_ID = "11111111-2222-3333-4444-555555555555";

  public static final String ROLE_MANAGEMENT_RW = "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8";
  public static final String APPLICATION_RW_ALL = "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9";
  public static final String AUDIT_LOG_READ_ALL = "b0afded3-3588-46d8-8b3d-9842eff778da";
  public static final String DIRECTORY_READ_ALL = "7ab1d382-f21e-4acd-a863-ba3e13f7da61";
  public static final String USER_READ_SCOPE = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
  public static final String DIRECTORY_AS_USER_SCOPE = "0e263e50-5827-48a4-b97c-d940288653c7";
  public static final String PARTNER_USER_IMPERSONATION = "eabf9ef3-1f9e-f3da-19a1-bcd60d080567";
  public static final String PARTNER_CENTER_USER_IMPERSONATION = "1cebfa2a-fb4d-419e-b5f9-839b4383e05a";
  public static final String AAD_GRAPH_USER_READ = "311a71cc-e848-46a1-bdf8-97ff7156d8e6";

  public final List<Registration> registrations = new ArrayList<>();
  public final List<ServicePrincipal> servicePrincipals = new ArrayList<>();
  public final List<DelegatedGrant> grants = new ArrayList<>();
  public final List<AppRoleAssignment> assignments = new ArrayList<>();
  public final List<RoleAssignment> roleAssignments = new ArrayList<>();
  public final Map<ObjectId, List<ObjectId>> owners = new HashMap<>();
  public TenantPolicies policies = TenantPolicies.UNKNOWN;
  public final List<appreg.provisioning.tenant.Unread> unread = new ArrayList<>();

  /** A tenant holding the first-party APIs the rules care about, and nothing else. */
  public static TenantFixture withApis() {
    TenantFixture t = new TenantFixture();
    t.servicePrincipals.add(api(WellKnown.MICROSOFT_GRAPH, "Microsoft Graph",
        List.of(scope(USER_READ_SCOPE, "User.Read"), scope(DIRECTORY_AS_USER_SCOPE, "Directory.AccessAsUser.All"),
            scope("bdfbf15f-ee85-4955-8675-146e8e5296b5", "Application.ReadWrite.All"),
            scope("d01b97e9-cbc0-49fe-810a-750afd5527a3", "RoleManagement.ReadWrite.Directory"),
            scope("37f7f235-527c-4136-accd-4a02d197296e", "openid")),
        List.of(role(ROLE_MANAGEMENT_RW, "RoleManagement.ReadWrite.Directory"), role(APPLICATION_RW_ALL, "Application.ReadWrite.All"),
            role(AUDIT_LOG_READ_ALL, "AuditLog.Read.All"), role(DIRECTORY_READ_ALL, "Directory.Read.All"))));
    t.servicePrincipals.add(api(WellKnown.PARTNER_CENTER, "Microsoft Partner Center",
        List.of(scope(PARTNER_CENTER_USER_IMPERSONATION, "user_impersonation")), List.of()));
    t.servicePrincipals.add(api(WellKnown.MICROSOFT_PARTNER, "Microsoft Partner",
        List.of(scope(PARTNER_USER_IMPERSONATION, "user_impersonation")), List.of()));
    t.servicePrincipals.add(api(WellKnown.AZURE_AD_GRAPH, "Windows Azure Active Directory",
        List.of(scope(AAD_GRAPH_USER_READ, "User.Read")), List.of()));
    return t;
  }

  public ObservedTenant tenant() {
    return new ObservedTenant(new Organization(TENANT_ID, "Contoso", List.of(new Organization.Domain("contoso.onmicrosoft.com", true, true))),
        registrations, servicePrincipals, grants, assignments, List.of(), roleAssignments, List.of(), owners, policies, unread);
  }

  public List<Finding> run(Rule rule) {
    return run(rule, Intent.NONE);
  }

  /** The findings of {@code rule} alone, in report order, as an audit of this tenant reports them. */
  public List<Finding> run(Rule rule, Intent intent) {
    return new ArrayList<>(new Auditor(List.of(rule)).audit(tenant(), intent, NOW).findings());
  }

  // ----- registrations

  /** Adds a single-tenant registration with a service principal and one owner, then applies the changes. */
  @SafeVarargs
  public final Registration app(String name, UnaryOperator<Registration>... changes) {
    Registration r = registration(name);
    for (UnaryOperator<Registration> c : changes) r = c.apply(r);
    registrations.add(r);
    servicePrincipals.add(sp(r.appId(), name));
    owners.put(r.id(), List.of(id("owner-of-" + name)));
    return r;
  }

  public static Registration registration(String name) {
    return new Registration(id("app-" + name), appId(name), name, null, "AzureADMyOrg", List.of(), List.of(), List.of(),
        false, false, false, false, List.of(), List.of(), List.of(), List.of(), NOW.minus(Duration.ofDays(400)));
  }

  public void withoutServicePrincipal(Registration r) {
    servicePrincipals.removeIf(sp -> sp.appId().equals(r.appId()));
  }

  public void ownerless(Registration r) {
    owners.put(r.id(), List.of());
  }

  public void ownersUnknown(Registration r) {
    owners.remove(r.id());
  }

  public static UnaryOperator<Registration> secret(String name, Instant start, Instant end) {
    return r -> copy(r, r.signInAudience(), r.instanceLockEnabled(), r.requiredResourceAccess(),
        plus(r.passwordCredentials(), new PasswordCredential(keyId(r.displayName() + name), name, "abc", start, end)),
        r.keyCredentials(), r.webRedirectUris(), r.publicClientRedirectUris(), r.implicitAccessTokenIssuance(), r.fallbackPublicClient(), r.uniqueName());
  }

  public static UnaryOperator<Registration> certificate(String name, Instant start, Instant end) {
    return r -> copy(r, r.signInAudience(), r.instanceLockEnabled(), r.requiredResourceAccess(), r.passwordCredentials(),
        plus(r.keyCredentials(), new KeyCredential(keyId(r.displayName() + name), name, "AsymmetricX509Cert", "Verify", start, end)),
        r.webRedirectUris(), r.publicClientRedirectUris(), r.implicitAccessTokenIssuance(), r.fallbackPublicClient(), r.uniqueName());
  }

  /** A certificate credential read with its certificate ({@code key}, base64 DER), as a read of one application returns it. */
  public static UnaryOperator<Registration> certificateRead(String name, String certificate, Instant start, Instant end) {
    return r -> copy(r, r.signInAudience(), r.instanceLockEnabled(), r.requiredResourceAccess(), r.passwordCredentials(),
        plus(r.keyCredentials(), new KeyCredential(keyId(r.displayName() + name), name, "AsymmetricX509Cert", "Verify", start,
            end, null, certificate)),
        r.webRedirectUris(), r.publicClientRedirectUris(), r.implicitAccessTokenIssuance(), r.fallbackPublicClient(), r.uniqueName());
  }

  public static UnaryOperator<Registration> audience(String audience, boolean instanceLock) {
    return r -> copy(r, audience, instanceLock, r.requiredResourceAccess(), r.passwordCredentials(), r.keyCredentials(),
        r.webRedirectUris(), r.publicClientRedirectUris(), r.implicitAccessTokenIssuance(), r.fallbackPublicClient(), r.uniqueName());
  }

  public static UnaryOperator<Registration> requests(AppId api, PermissionType type, String... permissionIds) {
    return r -> {
      List<ResourceAccess> access = new ArrayList<>();
      for (String p : permissionIds) access.add(new ResourceAccess(p, type));
      return copy(r, r.signInAudience(), r.instanceLockEnabled(), plus(r.requiredResourceAccess(), new RequiredResource(api, access)),
          r.passwordCredentials(), r.keyCredentials(), r.webRedirectUris(), r.publicClientRedirectUris(),
          r.implicitAccessTokenIssuance(), r.fallbackPublicClient(), r.uniqueName());
    };
  }

  public static UnaryOperator<Registration> webRedirects(String... uris) {
    return r -> copy(r, r.signInAudience(), r.instanceLockEnabled(), r.requiredResourceAccess(), r.passwordCredentials(), r.keyCredentials(),
        List.of(uris), r.publicClientRedirectUris(), r.implicitAccessTokenIssuance(), r.fallbackPublicClient(), r.uniqueName());
  }

  public static UnaryOperator<Registration> publicClient(boolean fallback, String... uris) {
    return r -> copy(r, r.signInAudience(), r.instanceLockEnabled(), r.requiredResourceAccess(), r.passwordCredentials(), r.keyCredentials(),
        r.webRedirectUris(), List.of(uris), r.implicitAccessTokenIssuance(), fallback, r.uniqueName());
  }

  public static UnaryOperator<Registration> implicitAccessTokens() {
    return r -> copy(r, r.signInAudience(), r.instanceLockEnabled(), r.requiredResourceAccess(), r.passwordCredentials(), r.keyCredentials(),
        r.webRedirectUris(), r.publicClientRedirectUris(), true, r.fallbackPublicClient(), r.uniqueName());
  }

  public static UnaryOperator<Registration> uniqueName(String key) {
    return r -> copy(r, r.signInAudience(), r.instanceLockEnabled(), r.requiredResourceAccess(), r.passwordCredentials(), r.keyCredentials(),
        r.webRedirectUris(), r.publicClientRedirectUris(), r.implicitAccessTokenIssuance(), r.fallbackPublicClient(), key);
  }

  private static Registration copy(Registration r, String audience, boolean lock, List<RequiredResource> rra,
                                   List<PasswordCredential> pw, List<KeyCredential> keys, List<String> web, List<String> pub,
                                   boolean implicitAccess, boolean fallback, String uniqueName) {
    return new Registration(r.id(), r.appId(), r.displayName(), uniqueName, audience, web, r.spaRedirectUris(), pub,
        implicitAccess, r.implicitIdTokenIssuance(), fallback, lock, rra, pw, keys, r.tags(), r.createdDateTime(),
        r.federatedCredentials());
  }

  public static final String GITHUB = "https://token.actions.githubusercontent.com";

  /** A federated identity credential with the default audience. */
  public static UnaryOperator<Registration> federated(String name, String issuer, String subject) {
    return r -> r.withFederatedCredentials(plus(r.federatedCredentials(), new FederatedCredential(keyId(r.displayName() + name),
        name, issuer, subject, List.of("api://AzureADTokenExchange"), null)));
  }

  // ----- consent

  /** Admin consent (AllPrincipals) of the app to delegated scopes of an API. */
  public void grant(Registration client, AppId api, String... scopes) {
    grants.add(new DelegatedGrant("grant-" + grants.size(), spOf(client.appId()).id(), spOf(api).id(), DelegatedGrant.ALL_PRINCIPALS,
        null, Set.of(scopes)));
  }

  public void userGrant(Registration client, AppId api, String user, String... scopes) {
    grants.add(new DelegatedGrant("grant-" + grants.size(), spOf(client.appId()).id(), spOf(api).id(), "Principal",
        id("user-" + user), Set.of(scopes)));
  }

  public void assign(Registration client, AppId api, String appRoleId) {
    assignments.add(new AppRoleAssignment("ara-" + assignments.size(), spOf(client.appId()).id(), "ServicePrincipal",
        spOf(api).id(), appRoleId));
  }

  public void directoryRole(Registration client, String roleTemplateId) {
    roleAssignments.add(new RoleAssignment("ra-" + roleAssignments.size(), roleTemplateId, spOf(client.appId()).id(), "/"));
  }

  public ServicePrincipal spOf(AppId appId) {
    return servicePrincipals.stream().filter(sp -> sp.appId().equals(appId)).findFirst().orElseThrow();
  }

  public void policies(Map<String, Object> appManagement, Map<String, Object> authorization) {
    policies = new TenantPolicies(appManagement, authorization);
  }

  // ----- ids and values

  public static ObjectId id(String seed) {
    return new ObjectId(UUID.nameUUIDFromBytes(("object:" + seed).getBytes()).toString());
  }

  public static AppId appId(String name) {
    return new AppId(UUID.nameUUIDFromBytes(("app:" + name).getBytes()).toString());
  }

  static String keyId(String seed) {
    return UUID.nameUUIDFromBytes(("key:" + seed).getBytes()).toString();
  }

  public static Instant days(long d) {
    return NOW.plus(Duration.ofDays(d));
  }

  static ServicePrincipal sp(AppId appId, String name) {
    return new ServicePrincipal(id("sp-" + appId), appId, name, TENANT_ID, "Application", true, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  static ServicePrincipal api(AppId appId, String name, List<PermissionScope> scopes, List<AppRole> roles) {
    return new ServicePrincipal(id("sp-" + appId), appId, name, "f8cdef31-a31e-4b4a-93e4-5f571e91255a", "Application", true,
        scopes, roles, List.of(), List.of(), List.of());
  }

  static PermissionScope scope(String id, String value) {
    return new PermissionScope(id, value, "Admin", true);
  }

  static AppRole role(String id, String value) {
    return new AppRole(id, value, Set.of("Application"), true);
  }

  static <T> List<T> plus(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  public static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
