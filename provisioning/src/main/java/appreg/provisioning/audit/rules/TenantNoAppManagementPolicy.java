package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.TenantPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's default app management policy does not restrict client secrets (disabled, or no passwordLifetime or
 * passwordAddition restriction in force). Silent when the policy could not be read (it needs Policy.Read.All).
 */
public final class TenantNoAppManagementPolicy implements Rule {
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
  public List<Finding> check(AuditContext c) {
    Map<String, Object> policy = c.tenant().policies().appManagement();
    List<Finding> out = new ArrayList<>();
    if (policy == null) return out;
    boolean enabled = PolicyValues.isTrue(policy.get("isEnabled"));
    boolean restricts = false;
    for (Object o : PolicyValues.list(PolicyValues.at(policy, "applicationRestrictions", "passwordCredentials"))) {
      if (!(o instanceof Map<?, ?> m)) continue;
      String type = String.valueOf(m.get("restrictionType"));
      String state = String.valueOf(m.get("state"));
      if ((type.equals("passwordLifetime") || type.equals("passwordAddition")) && !state.equalsIgnoreCase("disabled")) restricts = true;
    }
    if (enabled && restricts) return out;
    String why = !enabled ? "the default app management policy is not enabled" : "the default app management policy has no passwordLifetime or passwordAddition restriction";
    out.add(finding(c.tenantSubject(), why,
        Rule.details("isEnabled", Boolean.toString(enabled), "restrictsPasswords", Boolean.toString(restricts))));
    return out;
  }
}
