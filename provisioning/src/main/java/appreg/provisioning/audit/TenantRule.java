package appreg.provisioning.audit;

import java.util.function.Consumer;

/**
 * A rule that relates parts of the tenant (a registration and its service principal, grants and assignments, owners,
 * directory roles, policies, the manifest): judged once everything is read, on the compact records
 * {@link AuditContext} keeps.
 */
public non-sealed interface TenantRule extends Rule {
  void check(AuditContext context, Consumer<Finding> findings);
}
