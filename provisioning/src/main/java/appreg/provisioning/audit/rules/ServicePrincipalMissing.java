package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;

/** A registration with no service principal in its home tenant. */
public final class ServicePrincipalMissing implements TenantRule {
  private static final Description D = new Description("service-principal-missing", Severity.LOW,
      "No service principal in this tenant",
      "Without its service principal the app cannot sign in here or be consented to: usually a half-finished "
          + "provisioning run or a registration nobody uses.",
      "Create it (POST /servicePrincipals {\"appId\": …}, or appreg apply) or delete the unused registration.",
      "appreg contract; pnp/cli-microsoft365#6112");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (CompactRegistration r : c.registrations()) {
      if (c.servicePrincipal(r.appId()).isPresent()) continue;
      out.accept(finding(r.subject(), "no service principal with appId " + r.appId(), Rule.details("appId", r.appId().value())));
    }
  }
}
