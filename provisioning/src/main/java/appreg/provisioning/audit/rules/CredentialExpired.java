package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Severity;

/** A secret or certificate past its end date is still listed on the registration. */
public final class CredentialExpired implements RegistrationRule {
  private static final Description D = new Description("credential-expired", Severity.MEDIUM,
      "Expired credential still on the registration",
      "Dead credentials are clutter that hides the one an attacker adds, and Entra recommends removing credentials that are no longer used.",
      "Remove the expired credential (Certificates & secrets in the portal, or POST /applications/{id}/removePassword | removeKey).",
      "maester365/maester PR #2214 (MT.1199); https://learn.microsoft.com/entra/identity/monitoring-health/recommendation-remove-unused-credential-from-apps");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration r, Consumer<Finding> out) {
    for (Credential cred : r.credentials()) {
      if (!cred.expiredAt(r.now())) continue;
      out.accept(finding(r.subject(), cred.describe() + " expired on " + Credential.day(cred.endDateTime()), cred.details()));
    }
  }
}
