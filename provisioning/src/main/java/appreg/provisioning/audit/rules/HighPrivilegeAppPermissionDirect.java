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

/** A consented Microsoft Graph application permission that reaches Global Administrator (or locks the tenant) in one step. */
public final class HighPrivilegeAppPermissionDirect implements TenantRule {
  private static final Description D = new Description("high-privilege-app-permission-direct", Severity.HIGH,
      "Application permission with a direct path to Global Administrator",
      "Whoever holds this app's credential can make any principal Global Administrator, or lock every user out, "
          + "without anyone signing in: for example RoleManagement.ReadWrite.Directory assigns directory roles.",
      "Remove the app role assignment unless the app truly needs it; if it does, protect it like a Global Administrator "
          + "(certificate only, owners who are admins, Conditional Access for workload identities).",
      "maester365/maester Test-MtHighRiskAppPermissions.md (MT.1050, tiers from emiliensocchi/azure-tiering)");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.APP_ROLE_ASSIGNMENTS); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    HighPrivilegeAppPermission.check(this, c, PermissionType.ROLE, PrivilegedAccess.DIRECT, false, "holds application permission", out);
  }
}
