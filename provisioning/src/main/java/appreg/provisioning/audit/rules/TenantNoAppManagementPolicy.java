package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.TenantPart;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's default app management policy does not restrict client secrets (disabled, or no passwordLifetime or
 * passwordAddition restriction in force). Silent when the policy could not be read (it needs Policy.Read.All).
 */
public final class TenantNoAppManagementPolicy implements TenantRule {
  private static final Description D = new Description("tenant-no-app-management-policy", Severity.INFO,
      "No tenant policy limits client secrets",
      "Without a default app management policy anyone who can edit a registration can add a secret of any lifetime. "
          + "Note that policies bind only registrations created after restrictForAppsCreatedAfterDateTime: older ones stay grandfathered.",
      "Enable the default app management policy (PATCH /policies/defaultAppManagementPolicy) with a passwordLifetime "
          + "restriction (181 days for a 180-day cap) or block passwordAddition where certificates are used.",
      "maester365/maester Test-MtAppManagementPolicyEnabled.md (MT.1002); maester PR #2130; "
          + "https://learn.microsoft.com/graph/api/resources/tenantappmanagementpolicy");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.APP_MANAGEMENT_POLICY); }

  @Override
  public void check(AuditContext c, Consumer<Finding> findings) {
    Map<String, Object> policy = c.policies().appManagement();
    if (policy == null) return;
    boolean enabled = PolicyValues.isTrue(policy.get("isEnabled"));
    boolean restricts = false;
    for (Object o : PolicyValues.list(PolicyValues.at(policy, "applicationRestrictions", "passwordCredentials"))) {
      if (!(o instanceof Map<?, ?> m)) continue;
      String type = String.valueOf(m.get("restrictionType"));
      String state = String.valueOf(m.get("state"));
      if ((type.equals("passwordLifetime") || type.equals("passwordAddition")) && !state.equalsIgnoreCase("disabled")) restricts = true;
    }
    if (enabled && restricts) return;
    String why = !enabled ? "the default app management policy is not enabled" : "the default app management policy has no passwordLifetime or passwordAddition restriction";
    findings.accept(finding(c.tenantSubject(), why,
        Rule.details("isEnabled", Boolean.toString(enabled), "restrictsPasswords", Boolean.toString(restricts))));
  }
}
