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

  /** The same tenant with one more service principal (one this run just created). */
  public ObservedTenant withServicePrincipal(ServicePrincipal sp) {
    java.util.List<ServicePrincipal> sps = new java.util.ArrayList<>(servicePrincipals);
    sps.removeIf(x -> x.id().equals(sp.id()));
    sps.add(sp);
    return new ObservedTenant(organization, registrations, sps, grants, appRoleAssignments, roleDefinitions,
        roleAssignments, users, owners, policies, unread);
  }
}
