package appreg.provisioning.reconcile;

import appreg.provisioning.GraphCallException;
import appreg.provisioning.graph.GraphGateway;
import appreg.provisioning.secret.IssuedSecret;
import appreg.provisioning.secret.Sensitive;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RegistrationPatch;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantQuery;
import appreg.provisioning.tenant.WellKnown;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A tenant in maps behind the {@link GraphGateway} interface: no HTTP, no SDK. Records every call in {@link #log}
 * (shared with {@link RecordingSecrets}, so tests can assert the order of tenant writes and deliveries) and fails the
 * calls named in {@link #failing}.
 */
final class RecordingGateway implements GraphGateway {
  static final String SECRET_TEXT = "Zq8~s3cr3t-T3xt-that-must-never-leak";

  final List<String> log;
  final Set<String> failing = new HashSet<>();
  final Map<ObjectId, Registration> registrations = new LinkedHashMap<>();
  final Map<ObjectId, ServicePrincipal> sps = new LinkedHashMap<>();
  final Map<String, DelegatedGrant> grants = new LinkedHashMap<>();
  final Map<String, AppRoleAssignment> assignments = new LinkedHashMap<>();
  final List<RoleAssignment> roleAssignments = new ArrayList<>();
  final Map<ObjectId, List<ObjectId>> owners = new LinkedHashMap<>();
  private final Fixtures.Tenant seed;
  private final Supplier<Instant> clock;
  private int next = 1;

  RecordingGateway(Fixtures.Tenant seed, List<String> log, Supplier<Instant> clock) {
    this.seed = seed;
    this.log = log;
    this.clock = clock;
    ObservedTenant t = seed.build();
    t.registrations().forEach(r -> registrations.put(r.id(), r));
    t.servicePrincipals().forEach(sp -> sps.put(sp.id(), sp));
    t.grants().forEach(g -> grants.put(g.id(), g));
    t.appRoleAssignments().forEach(a -> assignments.put(a.id(), a));
    roleAssignments.addAll(t.roleAssignments());
    t.owners().forEach((app, list) -> owners.put(app, new ArrayList<>(list)));
  }

  private void call(String what) {
    log.add(what);
    String method = what.split(" ")[0];
    if (failing.contains(method)) {
      throw new GraphCallException(method, 503, "serviceUnavailable", "injected by the test", "req-1", null);
    }
  }

  private String id(String prefix) {
    return prefix + "-" + next++;
  }

  int writes() {
    return (int) log.stream().filter(l -> !l.startsWith("observe") && !l.startsWith("read ") && !l.startsWith("deliver")
        && !l.contains("Pending")).count();
  }

  @Override
  public ObservedTenant observe(TenantQuery query) {
    log.add("observe");
    ObservedTenant t = seed.build();
    return new ObservedTenant(t.organization(), List.copyOf(registrations.values()), List.copyOf(sps.values()),
        List.copyOf(grants.values()), List.copyOf(assignments.values()), t.roleDefinitions(), roleAssignments, t.users(),
        ownersRead(), null);
  }

  /** Like Graph's observe: the owners of every registration it returns, empty lists included. */
  private Map<ObjectId, List<ObjectId>> ownersRead() {
    Map<ObjectId, List<ObjectId>> out = new LinkedHashMap<>();
    registrations.keySet().forEach(id -> out.put(id, List.copyOf(owners.getOrDefault(id, List.of()))));
    return out;
  }

  @Override
  public Registration upsertRegistration(String key, RegistrationPatch p) {
    call("upsertRegistration " + key);
    Registration existing = registrations.values().stream().filter(r -> key.equals(r.uniqueName())).findFirst().orElse(null);
    if (existing != null) {
      Registration r = patched(existing, null, p);
      registrations.put(r.id(), r);
      return r;
    }
    int n = next++;
    Registration r = new Registration(new ObjectId("obj-" + n), new AppId(String.format("aaaaaaaa-0000-0000-0000-%012d", n)),
        p.displayName(), key, p.signInAudience(), orEmpty(p.webRedirectUris()), orEmpty(p.spaRedirectUris()),
        orEmpty(p.publicClientRedirectUris()), false, false, false, false, orEmpty(p.requiredResourceAccess()), List.of(),
        List.of(), orEmpty(p.tags()), clock.get());
    registrations.put(r.id(), r);
    return r;
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static <T> T or(T a, T b) {
    return a != null ? a : b;
  }

  private static Registration patched(Registration r, String uniqueName, RegistrationPatch p) {
    return new Registration(r.id(), r.appId(), or(p.displayName(), r.displayName()), or(uniqueName, r.uniqueName()),
        or(p.signInAudience(), r.signInAudience()), or(p.webRedirectUris(), r.webRedirectUris()),
        or(p.spaRedirectUris(), r.spaRedirectUris()), or(p.publicClientRedirectUris(), r.publicClientRedirectUris()),
        false, false, false, false, or(p.requiredResourceAccess(), r.requiredResourceAccess()), r.passwordCredentials(),
        r.keyCredentials(), or(p.tags(), r.tags()), r.createdDateTime(), r.federatedCredentials());
  }

  @Override
  public void updateRegistration(ObjectId id, String uniqueName, RegistrationPatch patch) {
    call("updateRegistration " + id + (uniqueName == null ? "" : " uniqueName=" + uniqueName));
    Registration r = registrations.get(id);
    if (r == null) throw new GraphCallException("updateRegistration", 404, "Request_ResourceNotFound", "no " + id, "", null);
    registrations.put(id, patched(r, uniqueName, patch));
  }

  @Override
  public ServicePrincipal createServicePrincipal(AppId appId) {
    call("createServicePrincipal " + appId);
    var existing = sps.values().stream().filter(sp -> sp.appId().equals(appId)).findFirst();
    if (existing.isPresent()) return existing.get();
    ServicePrincipal sp;
    if (appId.equals(WellKnown.MICROSOFT_PARTNER)) {
      sp = Fixtures.partnerSp();
    } else {
      Registration r = registrations.values().stream().filter(x -> x.appId().equals(appId)).findFirst()
          .orElseThrow(() -> new GraphCallException("createServicePrincipal", 400, "Request_BadRequest",
              "The appId '" + appId + "' of the service principal does not reference a valid application object.", "", null));
      sp = new ServicePrincipal(new ObjectId(id("sp")), appId, r.displayName(), "tenant-1", "Application", true, List.of(),
          List.of(), List.of(), List.of(), List.of());
    }
    sps.put(sp.id(), sp);
    return sp;
  }

  @Override
  public DelegatedGrant grantAllPrincipals(ObjectId clientSp, ObjectId resourceSp, Set<String> scopes) {
    call("grantAllPrincipals " + clientSp + " " + resourceSp + " " + new java.util.TreeSet<>(scopes));
    DelegatedGrant g = new DelegatedGrant(id("grant"), clientSp, resourceSp, DelegatedGrant.ALL_PRINCIPALS, null, scopes);
    grants.put(g.id(), g);
    return g;
  }

  @Override
  public void updateGrant(String grantId, Set<String> scopes) {
    call("updateGrant " + grantId + " " + new java.util.TreeSet<>(scopes));
    DelegatedGrant g = grants.get(grantId);
    grants.put(grantId, new DelegatedGrant(g.id(), g.clientId(), g.resourceId(), g.consentType(), g.principalId(), scopes));
  }

  @Override
  public void deleteGrant(String grantId) {
    call("deleteGrant " + grantId);
    grants.remove(grantId);
  }

  @Override
  public AppRoleAssignment assignAppRole(ObjectId clientSp, ObjectId resourceSp, String appRoleId) {
    call("assignAppRole " + clientSp + " " + resourceSp + " " + appRoleId);
    AppRoleAssignment a = new AppRoleAssignment(id("assignment"), clientSp, "ServicePrincipal", resourceSp, appRoleId);
    assignments.put(a.id(), a);
    return a;
  }

  @Override
  public void removeAppRoleAssignment(ObjectId clientSp, String assignmentId) {
    call("removeAppRoleAssignment " + clientSp + " " + assignmentId);
    assignments.remove(assignmentId);
  }

  @Override
  public IssuedSecret addPassword(ObjectId application, String displayName, Instant endsOn) {
    call("addPassword " + application + " " + displayName + " " + endsOn);
    Registration r = registrations.get(application);
    String keyId = String.format("bbbbbbbb-0000-0000-0000-%012d", next++);
    Instant now = clock.get();
    List<PasswordCredential> secrets = new ArrayList<>(r.passwordCredentials());
    secrets.add(new PasswordCredential(keyId, displayName, SECRET_TEXT.substring(0, 3), now, endsOn));
    registrations.put(application, Fixtures.withSecrets(r, secrets.toArray(PasswordCredential[]::new)));
    return new IssuedSecret(keyId, displayName, SECRET_TEXT.substring(0, 3), now, endsOn, new Sensitive(SECRET_TEXT));
  }

  @Override
  public void removePassword(ObjectId application, String keyId) {
    call("removePassword " + application + " " + keyId);
    Registration r = registrations.get(application);
    registrations.put(application, Fixtures.withSecrets(r, r.passwordCredentials().stream()
        .filter(p -> !p.keyId().equals(keyId)).toArray(PasswordCredential[]::new)));
  }

  @Override
  public List<PasswordCredential> passwordCredentials(ObjectId application) {
    call("passwordCredentials " + application);
    return registrations.get(application).passwordCredentials();
  }

  /** Key ids refused by addKey, as Graph does when the proof of possession does not verify. */
  final Set<String> refuseAddKey = new HashSet<>();

  @Override
  public List<KeyCredential> keyCredentials(ObjectId application) {
    call("read keyCredentials " + application);
    return registrations.get(application).keyCredentials();
  }

  @Override
  public void updateKeyCredentials(ObjectId application, List<KeyCredential> credentials) {
    call("updateKeyCredentials " + application + " " + credentials.stream().map(KeyCredential::keyId).toList());
    for (KeyCredential k : credentials) {
      if (k.key() == null) throw new GraphCallException("updateKeyCredentials", 400, "Request_BadRequest", "no key for " + k.keyId(), "", null);
    }
    Registration r = registrations.get(application);
    registrations.put(application, Fixtures.withKeys(r, credentials));
  }

  @Override
  public KeyCredential addKey(ObjectId application, KeyCredential credential, Sensitive proof) {
    call("addKey " + application + " " + credential.keyId());
    if (!refuseAddKey.isEmpty()) {
      throw new GraphCallException("addKey", 401, "Authentication_MissingOrMalformed", "Access Token missing or malformed.", "", null);
    }
    Registration r = registrations.get(application);
    List<KeyCredential> all = new ArrayList<>(r.keyCredentials());
    all.add(credential);
    registrations.put(application, Fixtures.withKeys(r, all));
    return credential.withoutKey();
  }

  @Override
  public void addFederatedCredential(ObjectId application, FederatedCredential credential) {
    call("addFederatedCredential " + application + " " + credential.name());
    Registration r = registrations.get(application);
    List<FederatedCredential> all = new ArrayList<>(r.federatedCredentials());
    all.add(new FederatedCredential(id("fic"), credential.name(), credential.issuer(), credential.subject(),
        credential.audiences(), credential.description()));
    registrations.put(application, Fixtures.withFederated(r, all));
  }

  @Override
  public void updateFederatedCredential(ObjectId application, String name, FederatedCredential credential) {
    call("updateFederatedCredential " + application + " " + name);
    Registration r = registrations.get(application);
    List<FederatedCredential> all = new ArrayList<>();
    for (FederatedCredential f : r.federatedCredentials()) {
      all.add(f.name().equalsIgnoreCase(name) ? new FederatedCredential(f.id(), f.name(), credential.issuer(),
          credential.subject(), credential.audiences(), credential.description()) : f);
    }
    registrations.put(application, Fixtures.withFederated(r, all));
  }

  @Override
  public void assignDirectoryRole(String roleDefinitionId, ObjectId principal) {
    call("assignDirectoryRole " + roleDefinitionId + " " + principal);
    roleAssignments.add(new RoleAssignment(id("ra"), roleDefinitionId, principal, "/"));
  }

  @Override
  public void addOwner(ObjectId application, ObjectId owner) {
    call("addOwner " + application + " " + owner);
    List<ObjectId> list = owners.computeIfAbsent(application, k -> new ArrayList<>());
    if (!list.contains(owner)) list.add(owner);
  }

  /** Soft-deleted objects, as deleted items: ids of applications and service principals. */
  final Map<ObjectId, Registration> deletedApps = new LinkedHashMap<>();
  final Map<ObjectId, ServicePrincipal> deletedSps = new LinkedHashMap<>();

  @Override
  public appreg.provisioning.tenant.DeletedItems deletedItems(List<String> keys) {
    log.add("deletedItems");
    List<Registration> apps = deletedApps.values().stream().filter(r -> keys.contains(r.uniqueName())).toList();
    List<ServicePrincipal> spsOf = deletedSps.values().stream()
        .filter(sp -> apps.stream().anyMatch(a -> a.appId().equals(sp.appId()))).toList();
    return new appreg.provisioning.tenant.DeletedItems(apps, spsOf);
  }

  @Override
  public void deleteApplication(ObjectId application) {
    call("deleteApplication " + application);
    Registration r = registrations.remove(application);
    if (r == null) return;
    deletedApps.put(application, r);
    // Entra takes the application's service principal along (not a call of its own)
    for (ServicePrincipal sp : List.copyOf(sps.values())) {
      if (sp.appId().equals(r.appId())) deletedSps.put(sp.id(), sps.remove(sp.id()));
    }
  }

  @Override
  public void deleteServicePrincipal(ObjectId servicePrincipal) {
    call("deleteServicePrincipal " + servicePrincipal);
    ServicePrincipal sp = sps.remove(servicePrincipal);
    if (sp != null) deletedSps.put(servicePrincipal, sp);
  }

  @Override
  public void removeDirectoryRoleAssignment(String assignmentId) {
    call("removeDirectoryRoleAssignment " + assignmentId);
    roleAssignments.removeIf(a -> a.id().equals(assignmentId));
  }

  @Override
  public void purgeDeleted(ObjectId id) {
    call("purgeDeleted " + id);
    deletedApps.remove(id);
    deletedSps.remove(id);
  }
}
