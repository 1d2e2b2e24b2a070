package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.PrivilegedAccess;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.TenantPart;
import java.util.Set;

/** A consented Microsoft Graph application permission one step away from Global Administrator. */
public final class HighPrivilegeAppPermissionIndirect implements TenantRule {
  private static final Description D = new Description("high-privilege-app-permission-indirect", Severity.HIGH,
      "Application permission one step from Global Administrator",
      "These permissions let the app obtain a direct path: AppRoleAssignment.ReadWrite.All can grant it "
          + "RoleManagement.ReadWrite.Directory without consent; Application.ReadWrite.All can add a credential to a "
          + "more privileged app.",
      "Replace with a narrower permission (for example Application.ReadWrite.OwnedBy is still listed; prefer "
          + "per-object access), or remove it; treat the app's credentials as tier 0.",
      "maester365/maester MT.1051; https://github.com/Azure/azure-cli/issues/12137");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.APP_ROLE_ASSIGNMENTS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    HighPrivilegeAppPermission.check(this, c, PermissionType.ROLE, PrivilegedAccess.INDIRECT, false, "holds application permission", out);
  }
}
