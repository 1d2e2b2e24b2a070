package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;
import java.util.ArrayList;
import java.util.List;

/** A registration that other tenants instantiate has no app instance property lock. */
public final class MultiTenantNoInstanceLock implements Rule {
  private static final Description D = new Description("multi-tenant-no-instance-lock", Severity.HIGH,
      "Multi-tenant app without app instance property lock",
      "Without the lock, an administrator (or attacker) in a customer tenant can add credentials to that tenant's "
          + "service principal copy of the app and sign in as it there.",
      "Enable servicePrincipalLockConfiguration (isEnabled and allProperties true) on the registration "
          + "(portal: Authentication > App instance property lock).",
      "Zero Trust Assessment test 21777 (risk high); https://learn.microsoft.com/graph/api/resources/serviceprincipallockconfiguration");

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (Registration r : c.tenant().registrations()) {
      if (r.signInAudience() == null || !Audiences.OTHER_ORGANIZATIONS.contains(r.signInAudience()) || r.instanceLockEnabled()) continue;
      out.add(finding(c.subject(r), "signInAudience " + r.signInAudience() + " and servicePrincipalLockConfiguration is not enabled",
          Rule.details("signInAudience", r.signInAudience(), "instanceLockEnabled", "false")));
    }
    return out;
  }
}
