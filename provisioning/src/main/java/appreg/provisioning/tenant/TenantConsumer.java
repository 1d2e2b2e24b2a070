package appreg.provisioning.tenant;

import java.util.List;

/**
 * Receives a tenant part by part, as a bulk read or a snapshot delivers it, so that nothing has to hold the whole
 * tenant on the way: each item once, in no fixed order between kinds (a page of service principals may arrive
 * before the last page of applications, the owners of an application before the application). {@code audit} judges
 * what it can as items arrive and keeps compact records of the rest; {@code export} collects an {@link ObservedTenant}
 * ({@link ObservedTenant.Collector}).
 */
public interface TenantConsumer {
  void registration(Registration registration);

  void servicePrincipal(ServicePrincipal servicePrincipal);

  default void organization(Organization organization) {}

  default void grant(DelegatedGrant grant) {}

  default void appRoleAssignment(AppRoleAssignment assignment) {}

  default void roleDefinition(RoleDefinition definition) {}

  default void roleAssignment(RoleAssignment assignment) {}

  default void user(User user) {}

  /**
   * What appreg knows of an application's owners: an empty list when it has none. An application never named here
   * has owners appreg did not read. Meaningless once {@link TenantPart#OWNERS} is reported {@link #unread}.
   */
  default void owners(ObjectId application, List<ObjectId> owners) {}

  /**
   * The federated identity credentials of an application that has any. An application never named here has none,
   * unless {@link TenantPart#FEDERATED_CREDENTIALS} is reported {@link #unread}. A source may instead deliver them
   * inside the {@link Registration} (a snapshot does); a consumer takes both.
   */
  default void federatedCredentials(ObjectId application, List<FederatedCredential> credentials) {}

  /**
   * The certificate credentials of one application read on its own, with the certificates ({@code key}) that a listing
   * never carries. Only for the applications appreg chose to read so (see {@link TenantPart#CERTIFICATES}).
   */
  default void certificates(ObjectId application, List<KeyCredential> credentials) {}

  /** The tenant's policies, once; a policy not read is null in it. */
  default void policies(TenantPolicies policies) {}

  /** A part Graph refused (or the source lacks); what was delivered of it before is to be ignored. */
  default void unread(Unread unread) {}
}
