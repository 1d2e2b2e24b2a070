package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;
import java.util.ArrayList;
import java.util.List;

/** A registration with no service principal in its home tenant. */
public final class ServicePrincipalMissing implements Rule {
  private static final Description D = new Description("service-principal-missing", Severity.LOW,
      "No service principal in this tenant",
      "Without its service principal the app cannot sign in here or be consented to: usually a half-finished "
          + "provisioning run or a registration nobody uses.",
      "Create it (POST /servicePrincipals {\"appId\": …}, or appreg apply) or delete the unused registration.",
      "appreg contract; pnp/cli-microsoft365#6112");

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (Registration r : c.tenant().registrations()) {
      if (c.servicePrincipal(r.appId()).isPresent()) continue;
      out.add(finding(c.subject(r), "no service principal with appId " + r.appId(), Rule.details("appId", r.appId().value())));
    }
    return out;
  }
}
