package appreg.provisioning.audit;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.PermissionScope;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ResourceAccess;
import appreg.provisioning.tenant.ServicePrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant as the rules read it: indexed once (a tenant of 10,000 registrations must not be scanned once per
 * registration), with permission ids resolved to the names people know, the manifest's intent, and the audit's
 * {@code now}. Pure: built from records, no I/O.
 */
public final class AuditContext {
  private final ObservedTenant tenant;
  private final Intent intent;
  private final Instant now;
  private final Map<AppId, ServicePrincipal> spByAppId = new HashMap<>();
  private final Map<ObjectId, ServicePrincipal> spById = new HashMap<>();
  private final Map<AppId, Registration> registrationByAppId = new HashMap<>();
  private final Map<ObjectId, List<DelegatedGrant>> grantsByClient = new HashMap<>();
  private final Map<ObjectId, List<AppRoleAssignment>> assignmentsByPrincipal = new HashMap<>();

  public AuditContext(ObservedTenant tenant, Intent intent, Instant now) {
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.intent = intent == null ? Intent.NONE : intent;
    this.now = Objects.requireNonNull(now, "now");
    for (ServicePrincipal sp : tenant.servicePrincipals()) {
      spByAppId.putIfAbsent(sp.appId(), sp);
      spById.put(sp.id(), sp);
    }
    for (Registration r : tenant.registrations()) registrationByAppId.putIfAbsent(r.appId(), r);
    for (DelegatedGrant g : tenant.grants()) grantsByClient.computeIfAbsent(g.clientId(), k -> new ArrayList<>()).add(g);
    for (AppRoleAssignment a : tenant.appRoleAssignments()) {
      assignmentsByPrincipal.computeIfAbsent(a.principalId(), k -> new ArrayList<>()).add(a);
    }
  }

  public ObservedTenant tenant() { return tenant; }
  public Intent intent() { return intent; }
  public Instant now() { return now; }

  public Optional<ServicePrincipal> servicePrincipal(AppId appId) {
    return Optional.ofNullable(spByAppId.get(appId));
  }

  public Optional<ServicePrincipal> servicePrincipal(ObjectId id) {
    return Optional.ofNullable(spById.get(id));
  }

  public Optional<Registration> registration(AppId appId) {
    return Optional.ofNullable(registrationByAppId.get(appId));
  }

  public Optional<IntendedRegistration> intended(Registration r) {
    return intent.forRegistration(r);
  }

  /** The owners read for a registration: empty list when it has none; absent when appreg only knows it has some. */
  public Optional<List<ObjectId>> owners(Registration r) {
    return Optional.ofNullable(tenant.owners().get(r.id()));
  }

  public Subject subject(Registration r) {
    String key = r.uniqueName() != null ? r.uniqueName() : intended(r).map(IntendedRegistration::key).orElse("");
    return new Subject(Subject.Kind.APPLICATION, r.displayName(), r.appId(), r.id(), key);
  }

  /** A service principal is reported as its registration when the registration lives in this tenant. */
  public Subject subject(ServicePrincipal sp) {
    return registration(sp.appId()).map(this::subject)
        .orElseGet(() -> new Subject(Subject.Kind.SERVICE_PRINCIPAL, sp.displayName(), sp.appId(), sp.id(), ""));
  }

  public Subject tenantSubject() {
    var org = tenant.organization();
    if (org == null) return new Subject(Subject.Kind.TENANT, "tenant", null, null, ""); // the organization was not read
    String name = org.displayName() == null || org.displayName().isBlank() ? org.tenantId() : org.displayName();
    return new Subject(Subject.Kind.TENANT, "tenant " + name, null, null, "");
  }

  /** How the API is named in evidence: its service principal's display name, else its appId. */
  public String apiName(AppId resourceAppId) {
    return servicePrincipal(resourceAppId).map(ServicePrincipal::displayName).filter(n -> !n.isBlank())
        .orElse(resourceAppId.value());
  }

  /** A permission a registration asks for in {@code requiredResourceAccess}, with its name when the API's service principal offers it. */
  public record Requested(AppId resourceAppId, PermissionType type, String id, String value) {}

  public List<Requested> requested(Registration r) {
    List<Requested> out = new ArrayList<>();
    for (RequiredResource rr : r.requiredResourceAccess()) {
      Optional<ServicePrincipal> api = servicePrincipal(rr.resourceAppId());
      for (ResourceAccess ra : rr.access()) {
        String value = api.flatMap(sp -> name(sp, ra.type(), ra.id())).orElse(ra.id());
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
  public record Consented(ServicePrincipal resource, PermissionType type, String value, String id, boolean allPrincipals) {
    public AppId resourceAppId() {
      return resource.appId();
    }
  }

  public List<Consented> consented(ServicePrincipal client) {
    List<Consented> out = new ArrayList<>();
    for (DelegatedGrant g : grantsByClient.getOrDefault(client.id(), List.of())) {
      ServicePrincipal resource = spById.get(g.resourceId());
      if (resource == null) continue;
      for (String scope : g.scopes()) {
        String id = resource.oauth2PermissionScopes().stream().filter(s -> s.value().equals(scope))
            .map(PermissionScope::id).findFirst().orElse("");
        out.add(new Consented(resource, PermissionType.SCOPE, scope, id, g.forAllPrincipals()));
      }
    }
    for (AppRoleAssignment a : assignmentsByPrincipal.getOrDefault(client.id(), List.of())) {
      ServicePrincipal resource = spById.get(a.resourceId());
      if (resource == null) continue;
      String value = name(resource, PermissionType.ROLE, a.appRoleId()).orElse(a.appRoleId());
      out.add(new Consented(resource, PermissionType.ROLE, value, a.appRoleId(), true));
    }
    return out;
  }

  /** The claim name of a scope or role id on an API, when its service principal offers it. */
  public static Optional<String> name(ServicePrincipal api, PermissionType type, String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    if (type == PermissionType.SCOPE) {
      return api.oauth2PermissionScopes().stream().filter(s -> s.id().equals(wanted)).map(PermissionScope::value).findFirst();
    }
    return api.appRoles().stream().filter(r -> r.id().equals(wanted)).map(AppRole::value).findFirst();
  }

  /** An API named in a manifest: by appId first, then by display name (several first-party APIs share names). */
  public Optional<ServicePrincipal> api(String nameOrAppId) {
    try {
      Optional<ServicePrincipal> byId = servicePrincipal(new AppId(nameOrAppId));
      if (byId.isPresent()) return byId;
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return tenant.servicePrincipals().stream().filter(sp -> sp.displayName().equalsIgnoreCase(nameOrAppId.trim())).findFirst();
  }

  /** True when the service principal's app is registered in this tenant (its home), not a multi-tenant app from elsewhere. */
  public boolean homedHere(ServicePrincipal sp) {
    return registrationByAppId.containsKey(sp.appId());
  }
}
