package appreg.provisioning.audit;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.Organization;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ResourceAccess;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.TenantPolicies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant as the {@link TenantRule}s read it, once everything is read: compact records of registrations and
 * service principals ({@link CompactRegistration}, {@link CompactServicePrincipal}), delegated grants and app role
 * assignments by the service principal that holds them, the ownerless registrations, directory roles, policies, the
 * registrations a manifest declares (in full: there are few), the manifest's intent and the audit's {@code now}.
 * Indexed once, so no rule scans the tenant once per registration. Pure: built from records, no I/O.
 *
 * <p>Memory grows with the tenant by what the cross-references need and no more: per registration its subject,
 * requested permissions and one flag; per service principal its ids and name (and an API's permission tables); per
 * grant its two ends, consent type and scopes (scope lists shared); per assignment its two ends and role id. Ids are
 * shared between the records that name the same object.
 */
public final class AuditContext {
  private final Intent intent;
  private final Instant now;
  private Organization organization;
  private TenantPolicies policies = TenantPolicies.UNKNOWN;
  private final List<CompactRegistration> registrations = new ArrayList<>();
  private final List<CompactServicePrincipal> servicePrincipals = new ArrayList<>();
  private final CompactMap<AppId, CompactRegistration> registrationByAppId = new CompactMap<>();
  private final CompactMap<AppId, CompactServicePrincipal> spByAppId = new CompactMap<>();
  private final CompactMap<ObjectId, CompactServicePrincipal> spById = new CompactMap<>();
  private final Map<ObjectId, List<Grant>> grantsByClient = new HashMap<>();
  private final Map<ObjectId, List<Assignment>> assignmentsByPrincipal = new HashMap<>();
  private final Set<ObjectId> ownerless = new HashSet<>();
  /** Only registrations that have any (at most 20 each); most registrations have none and cost nothing here. */
  private final Map<ObjectId, List<FederatedCredential>> federated = new HashMap<>();
  /** Only registrations whose certificates were read one by one: few, unless the caller asked for all. */
  private final Map<ObjectId, List<Certificate>> certificates = new HashMap<>();
  private final List<RoleDefinition> roleDefinitions = new ArrayList<>();
  private final List<RoleAssignment> roleAssignments = new ArrayList<>();
  private final Map<String, Registration> declared = new LinkedHashMap<>();
  /** One instance per id, appId, scope list and requested-permission list, shared by every record naming it. */
  private final CompactMap<Object, Object> shared = new CompactMap<>();

  AuditContext(Intent intent, Instant now) {
    this.intent = intent == null ? Intent.NONE : intent;
    this.now = Objects.requireNonNull(now, "now");
  }

  // ---- filled while the tenant is read (Audit)

  void organization(Organization o) {
    if (organization == null) organization = o;
  }

  void policies(TenantPolicies p) {
    policies = p == null ? TenantPolicies.UNKNOWN : p;
  }

  void registration(CompactRegistration r, Registration full) {
    registrations.add(r);
    registrationByAppId.putIfAbsent(r.appId(), r);
    for (IntendedRegistration i : intent.registrations()) {
      if (declared.containsKey(i.key())) continue;
      if (i.key().equals(full.uniqueName()) || (i.appId() != null && i.appId().equals(full.appId()))) declared.put(i.key(), full);
    }
  }

  void servicePrincipal(CompactServicePrincipal sp) {
    servicePrincipals.add(sp);
    spByAppId.putIfAbsent(sp.appId(), sp);
    spById.put(sp.id(), sp);
  }

  void grant(DelegatedGrant g) {
    ObjectId client = share(g.clientId());
    grantsByClient.computeIfAbsent(client, k -> new ArrayList<>(1))
        .add(new Grant(share(g.resourceId()), g.forAllPrincipals(), share(List.copyOf(g.scopes()))));
  }

  void assignment(ObjectId principal, ObjectId resource, String appRoleId) {
    assignmentsByPrincipal.computeIfAbsent(share(principal), k -> new ArrayList<>(1))
        .add(new Assignment(share(resource), share(appRoleId)));
  }

  void federatedCredentials(ObjectId application, List<FederatedCredential> credentials) {
    federated.put(share(application), List.copyOf(credentials));
  }

  void certificates(ObjectId application, List<Certificate> read) {
    certificates.put(share(application), List.copyOf(read));
  }

  void ownerless(ObjectId application) {
    ownerless.add(share(application));
  }

  void roleDefinition(RoleDefinition d) {
    roleDefinitions.add(d);
  }

  void roleAssignment(RoleAssignment a) {
    roleAssignments.add(a);
  }

  /** The one instance of a value equal to {@code value} that the records share. */
  @SuppressWarnings("unchecked")
  <T> T share(T value) {
    if (value == null) return null;
    Object known = shared.putIfAbsent(value, value);
    return known == null ? value : (T) known;
  }

  /** The requested permissions, with equal API ids and equal lists shared between registrations. */
  List<RequiredResource> shareRequested(List<RequiredResource> requested) {
    if (requested.isEmpty()) return List.of();
    List<RequiredResource> out = new ArrayList<>(requested.size());
    for (RequiredResource rr : requested) {
      List<ResourceAccess> access = new ArrayList<>(rr.access().size());
      for (ResourceAccess a : rr.access()) access.add(share(a));
      out.add(share(new RequiredResource(share(rr.resourceAppId()), access)));
    }
    return share(List.copyOf(out));
  }

  // ---- what the rules read

  public Intent intent() { return intent; }
  public Instant now() { return now; }
  public Organization organization() { return organization; }
  public TenantPolicies policies() { return policies; }
  public List<CompactRegistration> registrations() { return Collections.unmodifiableList(registrations); }
  public List<CompactServicePrincipal> servicePrincipals() { return Collections.unmodifiableList(servicePrincipals); }
  public List<RoleDefinition> roleDefinitions() { return Collections.unmodifiableList(roleDefinitions); }
  public List<RoleAssignment> roleAssignments() { return Collections.unmodifiableList(roleAssignments); }

  public Optional<CompactServicePrincipal> servicePrincipal(AppId appId) {
    return Optional.ofNullable(spByAppId.get(appId));
  }

  public Optional<CompactServicePrincipal> servicePrincipal(ObjectId id) {
    return Optional.ofNullable(spById.get(id));
  }

  public Optional<CompactRegistration> registration(AppId appId) {
    return Optional.ofNullable(registrationByAppId.get(appId));
  }

  /** The first registration read whose uniqueName is the manifest entry's key or whose appId it names, in full. */
  public Optional<Registration> declared(IntendedRegistration i) {
    return Optional.ofNullable(declared.get(i.key()));
  }

  /** The registration's federated identity credentials; empty when it has none (or they were not read: see needs()). */
  public List<FederatedCredential> federatedCredentials(CompactRegistration r) {
    return federated.getOrDefault(r.id(), List.of());
  }

  /**
   * The registration's unexpired certificates with what their certificates hold; empty when it has none, or when they
   * were not read (Graph returns a certificate only to a read of one registration: see {@code TenantPart.CERTIFICATES}).
   */
  public List<Certificate> certificates(CompactRegistration r) {
    return certificates.getOrDefault(r.id(), List.of());
  }

  /** True when appreg knows the registration has no owners (never when owners were simply not read). */
  public boolean withoutOwners(CompactRegistration r) {
    return ownerless.contains(r.id());
  }

  /** A service principal is reported as its registration when the registration lives in this tenant. */
  public Subject subject(CompactServicePrincipal sp) {
    CompactRegistration r = registrationByAppId.get(sp.appId());
    return r != null ? r.subject() : new Subject(Subject.Kind.SERVICE_PRINCIPAL, sp.displayName(), sp.appId(), sp.id(), "");
  }

  public Subject tenantSubject() {
    if (organization == null) return new Subject(Subject.Kind.TENANT, "tenant", null, null, ""); // the organization was not read
    String name = organization.displayName() == null || organization.displayName().isBlank()
        ? organization.tenantId() : organization.displayName();
    return new Subject(Subject.Kind.TENANT, "tenant " + name, null, null, "");
  }

  /** How the API is named in evidence: its service principal's display name, else its appId. */
  public String apiName(AppId resourceAppId) {
    return servicePrincipal(resourceAppId).map(CompactServicePrincipal::displayName).filter(n -> !n.isBlank())
        .orElse(resourceAppId.value());
  }

  /** A permission a registration asks for in {@code requiredResourceAccess}, with its name when the API's service principal offers it. */
  public record Requested(AppId resourceAppId, PermissionType type, String id, String value) {}

  public List<Requested> requested(CompactRegistration r) {
    return requested(r.requested());
  }

  public List<Requested> requested(Registration r) {
    return requested(r.requiredResourceAccess());
  }

  /** As {@link #requested(CompactRegistration)}, only the permissions of the APIs in {@code apis}. */
  public List<Requested> requested(CompactRegistration r, Set<AppId> apis) {
    return requested(r.requested(), apis);
  }

  private List<Requested> requested(List<RequiredResource> requested) {
    return requested(requested, null);
  }

  private List<Requested> requested(List<RequiredResource> requested, Set<AppId> apis) {
    if (requested.isEmpty()) return List.of();
    List<Requested> out = new ArrayList<>();
    for (RequiredResource rr : requested) {
      if (apis != null && !apis.contains(rr.resourceAppId())) continue;
      CompactServicePrincipal api = spByAppId.get(rr.resourceAppId());
      for (ResourceAccess ra : rr.access()) {
        String value = api == null ? ra.id() : api.name(ra.type(), ra.id()).orElse(ra.id());
        out.add(new Requested(rr.resourceAppId(), ra.type(), ra.id(), value));
      }
    }
    return out;
  }

  /**
   * A permission a service principal holds: a delegated scope from an {@code oauth2PermissionGrant} (for all users, or
   * for one user) or an application role from an app role assignment. {@code value} is the claim name; for a role
   * the resource does not (or no longer) offer, its id.
   */
  public record Consented(CompactServicePrincipal resource, PermissionType type, String value, String id, boolean allPrincipals) {
    public AppId resourceAppId() {
      return resource.appId();
    }
  }

  public List<Consented> consented(CompactServicePrincipal client) {
    return consented(client, null);
  }

  /** As {@link #consented(CompactServicePrincipal)}, only the permissions on the APIs in {@code apis}. */
  public List<Consented> consented(CompactServicePrincipal client, Set<AppId> apis) {
    List<Grant> grants = grantsByClient.getOrDefault(client.id(), List.of());
    List<Assignment> assignments = assignmentsByPrincipal.getOrDefault(client.id(), List.of());
    if (grants.isEmpty() && assignments.isEmpty()) return List.of();
    List<Consented> out = new ArrayList<>();
    for (Grant g : grants) {
      CompactServicePrincipal resource = spById.get(g.resource());
      if (resource == null || (apis != null && !apis.contains(resource.appId()))) continue;
      for (String scope : g.scopes()) out.add(new Consented(resource, PermissionType.SCOPE, scope, resource.scopeId(scope), g.allPrincipals()));
    }
    for (Assignment a : assignments) {
      CompactServicePrincipal resource = spById.get(a.resource());
      if (resource == null || (apis != null && !apis.contains(resource.appId()))) continue;
      String value = resource.name(PermissionType.ROLE, a.appRoleId()).orElse(a.appRoleId());
      out.add(new Consented(resource, PermissionType.ROLE, value, a.appRoleId(), true));
    }
    return out;
  }

  /** An API named in a manifest: by appId first, then by display name (several first-party APIs share names). */
  public Optional<CompactServicePrincipal> api(String nameOrAppId) {
    try {
      Optional<CompactServicePrincipal> byId = servicePrincipal(new AppId(nameOrAppId));
      if (byId.isPresent()) return byId;
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String name = nameOrAppId.trim();
    for (CompactServicePrincipal sp : servicePrincipals) if (sp.displayName().equalsIgnoreCase(name)) return Optional.of(sp);
    return Optional.empty();
  }

  /** True when the service principal's app is registered in this tenant (its home), not a multi-tenant app from elsewhere. */
  public boolean homedHere(CompactServicePrincipal sp) {
    return registrationByAppId.containsKey(sp.appId());
  }

  /** A delegated grant held by a service principal: to which API, for all users or one, which scopes. */
  private record Grant(ObjectId resource, boolean allPrincipals, List<String> scopes) {}

  /** An app role held by a service principal. */
  private record Assignment(ObjectId resource, String appRoleId) {}
}
