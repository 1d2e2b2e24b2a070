package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;

/** A registration that other tenants instantiate has no app instance property lock. */
public final class MultiTenantNoInstanceLock implements RegistrationRule {
  private static final Description D = new Description("multi-tenant-no-instance-lock", Severity.HIGH,
      "Multi-tenant app without app instance property lock",
      "Without the lock, an administrator (or attacker) in a customer tenant can add credentials to that tenant's "
          + "service principal copy of the app and sign in as it there.",
      "Enable servicePrincipalLockConfiguration (isEnabled and allProperties true) on the registration "
          + "(portal: Authentication > App instance property lock).",
      "Zero Trust Assessment test 21777 (risk high); https://learn.microsoft.com/graph/api/resources/serviceprincipallockconfiguration");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration audited, Consumer<Finding> out) {
    Registration r = audited.registration();
    if (r.signInAudience() == null || !Audiences.OTHER_ORGANIZATIONS.contains(r.signInAudience()) || r.instanceLockEnabled()) return;
    out.accept(finding(audited.subject(), "signInAudience " + r.signInAudience() + " and servicePrincipalLockConfiguration is not enabled",
        Rule.details("signInAudience", r.signInAudience(), "instanceLockEnabled", "false")));
  }
}
