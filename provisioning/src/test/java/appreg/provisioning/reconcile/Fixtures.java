package appreg.provisioning.reconcile;

import appreg.provisioning.desired.Resolver;
import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.DirectoryRoleSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.PermissionSpec;
import appreg.provisioning.manifest.SecretSpec;
import appreg.provisioning.manifest.Where;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
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
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.User;
import appreg.provisioning.tenant.WellKnown;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small tenants and manifests made of records, for the unit tests of resolve, diff, plan, preflight and apply. The ids
 * of Microsoft Graph's permissions are the real ones; object ids are readable names so that failures read well.
 */
public final class Fixtures {
  private Fixtures() {}

  public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  public static final String FILE = "appreg.yaml";
  public static final String KEY = "partner-referrals";
  public static final String NAME = "Partner Center Referrals";

  // Microsoft Graph, as its service principal offers permissions
  public static final String USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
  public static final String USER_READ_ALL_SCOPE = "a154be20-db9c-4678-8ab7-66f6cc099a59";
  public static final String USER_READ_BASIC_ALL = "b340eb25-3456-403f-be2f-af7a0d370277";
  public static final String AUDIT_LOG_READ_ALL = "b0afded3-3588-46d8-8b3d-9842eff778da";
  public static final String DIRECTORY_READ_ALL = "7ab1d382-f21e-4acd-a863-ba3e13f7da61";
  public static final String USER_READ_ALL_ROLE = "df021288-bdef-4463-88db-98f22de89214";
  public static final String USER_IMPERSONATION = "eabf9ef3-1f9e-f3da-19a1-bcd60d080567";

  public static final ObjectId GRAPH_SP = new ObjectId("sp-graph");
  public static final ObjectId PARTNER_SP = new ObjectId("sp-partner");
  public static final ObjectId APP_OBJECT = new ObjectId("app-object");
  public static final AppId APP_ID = new AppId("11111111-1111-1111-1111-111111111111");
  public static final ObjectId APP_SP = new ObjectId("app-sp");
  public static final ObjectId ADMIN = new ObjectId("user-admin");
  public static final String ADMIN_UPN = "admin@contoso.onmicrosoft.com";
  public static final String SECURITY_READER_ID = "5d6b6bb7-de71-4623-b4af-96380a352509";
  public static final String SECRET_KEY_ID = "aaaaaaaa-0000-0000-0000-000000000001";

  public static ServicePrincipal graphSp() {
    return new ServicePrincipal(GRAPH_SP, WellKnown.MICROSOFT_GRAPH, "Microsoft Graph", "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        "Application", true,
        List.of(scope(USER_READ, "User.Read"), scope(USER_READ_ALL_SCOPE, "User.Read.All"),
            scope(USER_READ_BASIC_ALL, "User.ReadBasic.All")),
        List.of(appRole(AUDIT_LOG_READ_ALL, "AuditLog.Read.All"), appRole(DIRECTORY_READ_ALL, "Directory.Read.All"),
            appRole(USER_READ_ALL_ROLE, "User.Read.All")),
        List.of(), List.of(), List.of());
  }

  public static ServicePrincipal partnerSp() {
    return new ServicePrincipal(PARTNER_SP, WellKnown.MICROSOFT_PARTNER, "Microsoft Partner", "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        "Application", true, List.of(scope(USER_IMPERSONATION, "user_impersonation")), List.of(), List.of(), List.of(), List.of());
  }

  /** Any other API: a service principal with a display name, an appId and the given delegated scopes. */
  public static ServicePrincipal apiSp(String id, String appId, String displayName, String... scopes) {
    List<PermissionScope> s = new ArrayList<>();
    for (int i = 0; i < scopes.length; i++) s.add(scope("00000000-0000-0000-0000-00000000000" + i, scopes[i]));
    return new ServicePrincipal(new ObjectId(id), new AppId(appId), displayName, null, "Application", true, s, List.of(),
        List.of(), List.of(), List.of());
  }

  public static ServicePrincipal ownSp() {
    return new ServicePrincipal(APP_SP, APP_ID, NAME, "tenant-1", "Application", true, List.of(), List.of(), List.of(),
        List.of(), List.of());
  }

  public static PermissionScope scope(String id, String value) {
    return new PermissionScope(id, value, "Admin", true);
  }

  public static AppRole appRole(String id, String value) {
    return new AppRole(id, value, Set.of("Application"), true);
  }

  public static PasswordCredential secret(String keyId, String displayName, Instant start, Instant end) {
    return new PasswordCredential(keyId, displayName, "abc", start, end);
  }

  /** A managed secret ("appreg") issued {@code ageDays} ago, valid {@code lifetimeDays}. */
  public static PasswordCredential managedSecret(String keyId, int ageDays, int lifetimeDays) {
    Instant start = NOW.minus(Duration.ofDays(ageDays));
    return secret(keyId, SecretSpec.DEFAULT_DISPLAY_NAME, start, start.plus(Duration.ofDays(lifetimeDays)));
  }

  public static RequiredResource requires(AppId api, ResourceAccess... access) {
    return new RequiredResource(api, List.of(access));
  }

  public static ResourceAccess delegated(String id) {
    return new ResourceAccess(id, PermissionType.SCOPE);
  }

  public static ResourceAccess application(String id) {
    return new ResourceAccess(id, PermissionType.ROLE);
  }

  // ------------------------------------------------------------------ manifests

  public static PermissionSpec permission(String api, List<String> delegated, List<String> application) {
    return new PermissionSpec(api, delegated, application, new Where(FILE, 9, 9));
  }

  /** A manifest application, defaulting to the contract's partner-referrals example. */
  public static final class App {
    String key = KEY;
    String displayName = NAME;
    AppId appId;
    List<String> web = List.of("https://localhost");
    List<PermissionSpec> permissions = new ArrayList<>(List.of(
        permission("Microsoft Partner", List.of("user_impersonation"), List.of()),
        permission("Microsoft Graph", List.of(), List.of("AuditLog.Read.All"))));
    boolean adminConsent = true;
    SecretSpec secret = SecretSpec.defaults();
    List<DirectoryRoleSpec> roles = new ArrayList<>();
    List<appreg.provisioning.manifest.OwnerSpec> owners = new ArrayList<>();
    appreg.provisioning.manifest.CertificateSpec certificate;
    List<appreg.provisioning.manifest.FederatedCredentialSpec> federated = new ArrayList<>();
    Where where = new Where(FILE, 2, 5);

    public App key(String k) { key = k; return this; }
    public App displayName(String n) { displayName = n; return this; }
    public App appId(AppId a) { appId = a; return this; }
    public App web(String... uris) { web = List.of(uris); return this; }
    public App permissions(PermissionSpec... p) { permissions = new ArrayList<>(List.of(p)); return this; }
    public App adminConsent(boolean c) { adminConsent = c; return this; }
    public App secret(SecretSpec s) { secret = s; return this; }
    public App role(String role, String assignee) { roles.add(new DirectoryRoleSpec(role, assignee, new Where(FILE, 20, 9))); return this; }
    public App where(Where w) { where = w; return this; }
    public App owner(String owner) { owners.add(new appreg.provisioning.manifest.OwnerSpec(owner, new Where(FILE, 22, 14))); return this; }
    public App certificate(appreg.provisioning.manifest.CertificateSpec c) { certificate = c; return this; }
    public App federated(appreg.provisioning.manifest.FederatedCredentialSpec... f) { federated = new ArrayList<>(List.of(f)); return this; }

    public ApplicationSpec spec() {
      return new ApplicationSpec(key, displayName, null, appId, web, List.of(), List.of(), permissions, adminConsent, secret,
          certificate, federated, roles, owners, null, where);
    }

    public Manifest manifest() {
      return new Manifest(FILE, List.of(spec()));
    }
  }

  public static App app() {
    return new App();
  }

  // ------------------------------------------------------------------ tenants

  /** An observed tenant, built up from records. */
  public static final class Tenant {
    final List<Registration> registrations = new ArrayList<>();
    final List<ServicePrincipal> sps = new ArrayList<>();
    final List<DelegatedGrant> grants = new ArrayList<>();
    final List<AppRoleAssignment> assignments = new ArrayList<>();
    final List<RoleDefinition> roleDefinitions = new ArrayList<>(List.of(
        new RoleDefinition(SECURITY_READER_ID, "Security Reader", SECURITY_READER_ID, true),
        new RoleDefinition("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451", true)));
    final List<RoleAssignment> roleAssignments = new ArrayList<>();
    final List<User> users = new ArrayList<>(List.of(new User(ADMIN, ADMIN_UPN, "Admin")));
    /** Owners read per registration; a registration not in the map has owners that were not read. */
    final Map<ObjectId, List<ObjectId>> owners = new java.util.LinkedHashMap<>();

    public Tenant registration(Registration r) { registrations.add(r); return this; }
    public Tenant sp(ServicePrincipal sp) { sps.add(sp); return this; }
    public Tenant withoutSp(ObjectId id) { sps.removeIf(s -> s.id().equals(id)); return this; }
    public Tenant grant(DelegatedGrant g) { grants.add(g); return this; }
    public Tenant withoutGrants() { grants.clear(); return this; }
    public Tenant assignment(AppRoleAssignment a) { assignments.add(a); return this; }
    public Tenant roleAssignment(RoleAssignment a) { roleAssignments.add(a); return this; }
    public Tenant withoutRoleAssignments() { roleAssignments.clear(); return this; }
    public Tenant owners(ObjectId application, ObjectId... ids) { owners.put(application, List.of(ids)); return this; }
    public Tenant user(User u) { users.add(u); return this; }
    public Tenant replaceRegistration(Registration r) {
      registrations.removeIf(x -> x.id().equals(r.id()));
      registrations.add(r);
      return this;
    }

    public ObservedTenant build() {
      return new ObservedTenant(new Organization("tenant-1", "Contoso",
          List.of(new Organization.Domain("contoso.onmicrosoft.com", true, true))),
          registrations, sps, grants, assignments, roleDefinitions, roleAssignments, users, owners, null);
    }
  }

  /** A tenant with Microsoft Graph's service principal and a user, and nothing of the manifest's yet. */
  public static Tenant fresh() {
    return new Tenant().sp(graphSp());
  }

  /** The keyed registration as {@link App} wants it (and as appreg leaves it: tagged with its key), with one valid managed secret. */
  public static Registration keyedRegistration() {
    return registration(APP_OBJECT, APP_ID, NAME, KEY,
        List.of(requires(WellKnown.MICROSOFT_PARTNER, delegated(USER_IMPERSONATION)),
            requires(WellKnown.MICROSOFT_GRAPH, application(AUDIT_LOG_READ_ALL))),
        List.of(managedSecret(SECRET_KEY_ID, 10, 180)), List.of(Registration.KEY_TAG_PREFIX + KEY));
  }

  public static Registration registration(ObjectId id, AppId appId, String displayName, String uniqueName,
                                          List<RequiredResource> access, List<PasswordCredential> secrets, List<String> tags) {
    return new Registration(id, appId, displayName, uniqueName, "AzureADMyOrg", List.of("https://localhost"), List.of(),
        List.of(), false, false, false, false, access, secrets, List.of(), tags, NOW.minus(Duration.ofDays(30)));
  }

  public static Registration withSecrets(Registration r, PasswordCredential... secrets) {
    return new Registration(r.id(), r.appId(), r.displayName(), r.uniqueName(), r.signInAudience(), r.webRedirectUris(),
        r.spaRedirectUris(), r.publicClientRedirectUris(), false, false, false, false, r.requiredResourceAccess(),
        List.of(secrets), r.keyCredentials(), r.tags(), r.createdDateTime(), r.federatedCredentials());
  }

  public static Registration withKeys(Registration r, List<appreg.provisioning.tenant.KeyCredential> keys) {
    return new Registration(r.id(), r.appId(), r.displayName(), r.uniqueName(), r.signInAudience(), r.webRedirectUris(),
        r.spaRedirectUris(), r.publicClientRedirectUris(), false, false, false, false, r.requiredResourceAccess(),
        r.passwordCredentials(), keys, r.tags(), r.createdDateTime(), r.federatedCredentials());
  }

  public static Registration withFederated(Registration r, List<appreg.provisioning.tenant.FederatedCredential> federated) {
    return new Registration(r.id(), r.appId(), r.displayName(), r.uniqueName(), r.signInAudience(), r.webRedirectUris(),
        r.spaRedirectUris(), r.publicClientRedirectUris(), false, false, false, false, r.requiredResourceAccess(),
        r.passwordCredentials(), r.keyCredentials(), r.tags(), r.createdDateTime(), federated);
  }

  public static Registration withAccess(Registration r, RequiredResource... access) {
    return new Registration(r.id(), r.appId(), r.displayName(), r.uniqueName(), r.signInAudience(), r.webRedirectUris(),
        r.spaRedirectUris(), r.publicClientRedirectUris(), false, false, false, false, List.of(access),
        r.passwordCredentials(), r.keyCredentials(), r.tags(), r.createdDateTime(), r.federatedCredentials());
  }

  public static Registration withTags(Registration r, String... tags) {
    return new Registration(r.id(), r.appId(), r.displayName(), r.uniqueName(), r.signInAudience(), r.webRedirectUris(),
        r.spaRedirectUris(), r.publicClientRedirectUris(), false, false, false, false, r.requiredResourceAccess(),
        r.passwordCredentials(), r.keyCredentials(), List.of(tags), r.createdDateTime(), r.federatedCredentials());
  }

  public static DelegatedGrant partnerGrant(String... scopes) {
    return new DelegatedGrant("grant-partner", APP_SP, PARTNER_SP, DelegatedGrant.ALL_PRINCIPALS, null,
        new LinkedHashSet<>(List.of(scopes)));
  }

  public static AppRoleAssignment graphAssignment(String id, String appRoleId) {
    return new AppRoleAssignment(id, APP_SP, "ServicePrincipal", GRAPH_SP, appRoleId);
  }

  /**
   * The tenant after a complete apply of {@link #app()} with a Security Reader role for the admin: registration,
   * both API service principals, the app's own, consent, secret and role.
   */
  public static Tenant inSync() {
    return fresh().sp(partnerSp()).registration(keyedRegistration()).sp(ownSp())
        .grant(partnerGrant("user_impersonation"))
        .assignment(graphAssignment("assignment-audit", AUDIT_LOG_READ_ALL))
        .roleAssignment(new RoleAssignment("ra-1", SECURITY_READER_ID, ADMIN, "/"));
  }

  /** The plan for a manifest against a tenant, the way {@code Provisioner.plan} makes it. */
  public static Plan plan(appreg.provisioning.manifest.Manifest m, ObservedTenant t, Differ.SecretLedger ledger) {
    return Planner.plan(Resolver.resolve(m, t), t, Resolver.missingApis(m, t), NOW, ledger);
  }

  public static Plan plan(appreg.provisioning.manifest.Manifest m, ObservedTenant t) {
    return plan(m, t, Differ.SecretLedger.NONE);
  }

  /** The plan of a delegated run signed in as {@code user}. */
  public static Plan planSignedIn(appreg.provisioning.manifest.Manifest m, ObservedTenant t, ObjectId user) {
    return Planner.plan(Resolver.resolve(m, t, java.util.Optional.of(user)), t, Resolver.missingApis(m, t), NOW,
        Differ.SecretLedger.NONE);
  }

  public static List<DriftKind> kinds(Plan p) {
    return p.steps().stream().map(s -> s.drift().kind()).toList();
  }

  /** Distinct actions, in plan order: what apply would run. */
  public static List<Action> actions(Plan p) {
    return new ArrayList<>(new LinkedHashSet<>(p.steps().stream().map(Step::action).toList()));
  }

  public static List<String> lines(Plan p) {
    return p.steps().stream().map(s -> s.drift().kind() + " " + s.drift().detail() + " -> " + s.action().describe()).toList();
  }
}
