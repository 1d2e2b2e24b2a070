package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.TenantPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users may consent to apps themselves (a ManagePermissionGrantsForSelf.* policy is assigned to the default user role). */
public final class TenantUserConsentAllowed implements TenantRule {
  private static final Description D = new Description("tenant-user-consent-allowed", Severity.INFO,
      "Users can consent to applications",
      "User consent is the door consent phishing walks through: a user grants a malicious app access to their data.",
      "Turn off user consent (Enterprise applications > Consent and permissions) and enable the admin consent workflow.",
      "cisagov/ScubaGear MS.AAD.5.2v1, MS.AAD.5.3v1; CIS Microsoft 365 Foundations 5.1.5.2, 5.1.5.3");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.AUTHORIZATION_POLICY); }

  @Override
  public void check(AuditContext c, Consumer<Finding> findings) {
    Map<String, Object> policy = c.policies().authorization();
    if (policy == null) return;
    List<String> self = new ArrayList<>();
    for (Object o : PolicyValues.list(PolicyValues.at(policy, "defaultUserRolePermissions", "permissionGrantPoliciesAssigned"))) {
      String s = String.valueOf(o);
      if (s.startsWith("ManagePermissionGrantsForSelf.")) self.add(s);
    }
    if (!self.isEmpty()) {
      findings.accept(finding(c.tenantSubject(), "users may consent under " + String.join(", ", self),
          Rule.details("permissionGrantPoliciesAssigned", String.join(" ", self))));
    }
  }
}
