package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.tenant.Registration;
import java.util.ArrayList;
import java.util.List;

/** A secret or certificate past its end date is still listed on the registration. */
public final class CredentialExpired implements Rule {
  private static final Description D = new Description("credential-expired", Severity.MEDIUM,
      "Expired credential still on the registration",
      "Dead credentials are clutter that hides the one an attacker adds, and Entra recommends removing credentials that are no longer used.",
      "Remove the expired credential (Certificates & secrets in the portal, or POST /applications/{id}/removePassword | removeKey).",
      "maester365/maester PR #2214 (MT.1199); https://learn.microsoft.com/entra/identity/monitoring-health/recommendation-remove-unused-credential-from-apps");

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (Registration r : c.tenant().registrations()) {
      for (Credential cred : Credential.of(r)) {
        if (!cred.expiredAt(c.now())) continue;
        out.add(finding(c.subject(r), cred.describe() + " expired on " + Credential.day(cred.endDateTime()), cred.details()));
      }
    }
    return out;
  }
}
