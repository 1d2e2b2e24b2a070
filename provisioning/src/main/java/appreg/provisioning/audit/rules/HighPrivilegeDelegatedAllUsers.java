package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.PrivilegedAccess;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.TenantPart;
import java.util.HashSet;
import java.util.Set;

/** Admin consent for all users to a delegated Microsoft Graph permission of the privileged tiers. */
public final class HighPrivilegeDelegatedAllUsers implements TenantRule {
  private static final Description D = new Description("high-privilege-delegated-all-users", Severity.HIGH,
      "Privileged delegated permission consented for all users",
      "An AllPrincipals grant puts the permission into every signed-in user's token for this app; when an administrator "
          + "uses it (or is phished into it), the app can act with their full rights.",
      "Reduce the grant's scope (PATCH /oauth2PermissionGrants/{id}) to what the app needs, or consent per user.",
      "maester MT.1050/MT.1051 (tiers, applied here to delegated grants); https://learn.microsoft.com/graph/permissions-grant-via-msgraph");

  private static final Set<String> NAMES = names();

  private static Set<String> names() {
    Set<String> s = new HashSet<>(PrivilegedAccess.DIRECT);
    s.addAll(PrivilegedAccess.INDIRECT);
    s.add(PrivilegedAccess.DIRECTORY_AS_USER);
    return Set.copyOf(s);
  }

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.DELEGATED_GRANTS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    HighPrivilegeAppPermission.check(this, c, PermissionType.SCOPE, NAMES, true, "has admin consent for all users to", out);
  }
}
