package appreg.provisioning.tenant;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What appreg read from a tenant: for {@code plan}/{@code apply} only what a manifest touches, for {@code audit} and
 * {@code export} everything. {@code owners} maps an application's object id to its owners' object ids; an application
 * missing from the map has owners appreg did not read. {@code policies} holds tenant-wide settings as raw JSON-like
 * maps keyed by policy name (absent when they could not be read). {@code unread} lists the parts Graph refused to read
 * (audit and export go on without them); a part not listed was read in full or not asked for.
 */
public record ObservedTenant(
    Organization organization,
    List<Registration> registrations,
    List<ServicePrincipal> servicePrincipals,
    List<DelegatedGrant> grants,
    List<AppRoleAssignment> appRoleAssignments,
    List<RoleDefinition> roleDefinitions,
    List<RoleAssignment> roleAssignments,
    List<User> users,
    Map<ObjectId, List<ObjectId>> owners,
    TenantPolicies policies,
    List<Unread> unread) {

  public ObservedTenant {
    registrations = List.copyOf(registrations);
    servicePrincipals = List.copyOf(servicePrincipals);
    grants = List.copyOf(grants);
    appRoleAssignments = List.copyOf(appRoleAssignments);
    roleDefinitions = List.copyOf(roleDefinitions);
    roleAssignments = List.copyOf(roleAssignments);
    users = List.copyOf(users);
    owners = Map.copyOf(owners);
    policies = policies == null ? TenantPolicies.UNKNOWN : policies;
    unread = unread == null ? List.of() : List.copyOf(unread);
  }

  /** A tenant read in full: nothing refused. */
  public ObservedTenant(Organization organization, List<Registration> registrations, List<ServicePrincipal> servicePrincipals,
      List<DelegatedGrant> grants, List<AppRoleAssignment> appRoleAssignments, List<RoleDefinition> roleDefinitions,
      List<RoleAssignment> roleAssignments, List<User> users, Map<ObjectId, List<ObjectId>> owners, TenantPolicies policies) {
    this(organization, registrations, servicePrincipals, grants, appRoleAssignments, roleDefinitions, roleAssignments, users,
        owners, policies, List.of());
  }

  /** Why {@code part} was not read, when Graph refused it. */
  public Optional<Unread> unread(TenantPart part) {
    return unread.stream().filter(u -> u.part() == part).findFirst();
  }

  public Optional<ServicePrincipal> servicePrincipalFor(AppId appId) {
    return servicePrincipals.stream().filter(sp -> sp.appId().equals(appId)).findFirst();
  }

  public Optional<ServicePrincipal> servicePrincipal(ObjectId id) {
    return servicePrincipals.stream().filter(sp -> sp.id().equals(id)).findFirst();
  }

  public Optional<Registration> registrationByUniqueName(String uniqueName) {
    return registrations.stream().filter(r -> uniqueName.equals(r.uniqueName())).findFirst();
  }

  public Optional<Registration> registrationByAppId(AppId appId) {
    return registrations.stream().filter(r -> r.appId().equals(appId)).findFirst();
  }

  /** Hands every part of this tenant to {@code consumer}, as a bulk read would. */
  public void replay(TenantConsumer consumer) {
    if (organization != null) consumer.organization(organization);
    registrations.forEach(consumer::registration);
    owners.forEach(consumer::owners);
    servicePrincipals.forEach(consumer::servicePrincipal);
    grants.forEach(consumer::grant);
    appRoleAssignments.forEach(consumer::appRoleAssignment);
    roleDefinitions.forEach(consumer::roleDefinition);
    roleAssignments.forEach(consumer::roleAssignment);
    users.forEach(consumer::user);
    consumer.policies(policies);
    unread.forEach(consumer::unread);
  }

  /**
   * Collects what a {@link TenantConsumer} is handed into an {@link ObservedTenant}: owners only for applications that
   * were delivered, and none at all when Graph refused them; the first refusal of a part stands for it.
   */
  public static final class Collector implements TenantConsumer {
    private Organization organization;
    private final java.util.List<Registration> registrations = new java.util.ArrayList<>();
    private final java.util.List<ServicePrincipal> servicePrincipals = new java.util.ArrayList<>();
    private final java.util.List<DelegatedGrant> grants = new java.util.ArrayList<>();
    private final java.util.List<AppRoleAssignment> assignments = new java.util.ArrayList<>();
    private final java.util.List<RoleDefinition> roleDefinitions = new java.util.ArrayList<>();
    private final java.util.List<RoleAssignment> roleAssignments = new java.util.ArrayList<>();
    private final java.util.List<User> users = new java.util.ArrayList<>();
    private final Map<ObjectId, List<ObjectId>> owners = new java.util.HashMap<>();
    private final Map<ObjectId, List<FederatedCredential>> federated = new java.util.HashMap<>();
    private TenantPolicies policies = TenantPolicies.UNKNOWN;
    private final Map<TenantPart, Unread> unread = new java.util.LinkedHashMap<>();

    @Override public void organization(Organization o) { if (organization == null) organization = o; }
    @Override public void registration(Registration r) { registrations.add(r); }
    @Override public void servicePrincipal(ServicePrincipal sp) { servicePrincipals.add(sp); }
    @Override public void grant(DelegatedGrant g) { grants.add(g); }
    @Override public void appRoleAssignment(AppRoleAssignment a) { assignments.add(a); }
    @Override public void roleDefinition(RoleDefinition d) { roleDefinitions.add(d); }
    @Override public void roleAssignment(RoleAssignment a) { roleAssignments.add(a); }
    @Override public void user(User u) { users.add(u); }
    @Override public void owners(ObjectId application, List<ObjectId> list) { owners.put(application, List.copyOf(list)); }
    @Override public void federatedCredentials(ObjectId application, List<FederatedCredential> list) {
      federated.put(application, List.copyOf(list));
    }
    @Override public void policies(TenantPolicies p) { policies = p; }
    @Override public void unread(Unread u) { unread.putIfAbsent(u.part(), u); }

    public ObservedTenant tenant() {
      Map<ObjectId, List<ObjectId>> known = new java.util.LinkedHashMap<>();
      if (!unread.containsKey(TenantPart.OWNERS)) {
        for (Registration r : registrations) {
          List<ObjectId> o = owners.get(r.id());
          if (o != null) known.put(r.id(), o);
        }
      }
      java.util.List<Registration> withCredentials = registrations;
      if (!federated.isEmpty() && !unread.containsKey(TenantPart.FEDERATED_CREDENTIALS)) {
        withCredentials = registrations.stream()
            .map(r -> federated.containsKey(r.id()) ? r.withFederatedCredentials(federated.get(r.id())) : r).toList();
      }
      return new ObservedTenant(organization, withCredentials, servicePrincipals, grants, assignments, roleDefinitions,
          roleAssignments, users, known, policies, List.copyOf(unread.values()));
    }
  }

  /** The same tenant with a registration this run just created (it has no owners yet). */
  public ObservedTenant withRegistration(Registration r) {
    java.util.List<Registration> regs = new java.util.ArrayList<>(registrations);
    regs.removeIf(x -> x.id().equals(r.id()));
    regs.add(r);
    java.util.Map<ObjectId, List<ObjectId>> known = new java.util.HashMap<>(owners);
    known.putIfAbsent(r.id(), List.of());
    return new ObservedTenant(organization, regs, servicePrincipals, grants, appRoleAssignments, roleDefinitions,
        roleAssignments, users, known, policies, unread);
  }

  /** The same tenant with one more service principal (one this run just created). */
  public ObservedTenant withServicePrincipal(ServicePrincipal sp) {
    java.util.List<ServicePrincipal> sps = new java.util.ArrayList<>(servicePrincipals);
    sps.removeIf(x -> x.id().equals(sp.id()));
    sps.add(sp);
    return new ObservedTenant(organization, registrations, sps, grants, appRoleAssignments, roleDefinitions,
        roleAssignments, users, owners, policies, unread);
  }
}
