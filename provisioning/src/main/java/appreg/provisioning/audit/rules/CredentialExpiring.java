package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A credential expires within {@value #DAYS} days. High when no other valid credential outlives the window: the app
 * then stops signing in on that day.
 */
public final class CredentialExpiring implements RegistrationRule {
  static final int DAYS = 30;
  private static final Description D = new Description("credential-expiring", Severity.MEDIUM,
      "Credential expires within " + DAYS + " days",
      "An expiring secret or certificate is an outage that arrives without warning. Severity is high when it is the "
          + "registration's last valid credential beyond the window, medium when another one outlives it.",
      "Issue a new credential, deploy it where the app runs, then remove the old one (appreg apply rotates secrets declared in a manifest).",
      "maester365/maester PR #2214 (default 30 days)");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration r, Consumer<Finding> out) {
    Instant now = r.now();
    Instant horizon = now.plus(Duration.ofDays(DAYS));
    List<Credential> creds = r.credentials();
    boolean outlived = creds.stream().anyMatch(x -> x.validAt(now) && (x.endDateTime() == null || x.endDateTime().isAfter(horizon)));
    for (Credential cred : creds) {
      if (cred.endDateTime() == null || cred.expiredAt(now) || cred.endDateTime().isAfter(horizon)) continue;
      long days = Duration.between(now, cred.endDateTime()).toDays();
      Map<String, String> details = new LinkedHashMap<>(cred.details());
      details.put("daysLeft", Long.toString(days));
      details.put("lastValidCredential", Boolean.toString(!outlived));
      out.accept(finding(outlived ? Severity.MEDIUM : Severity.HIGH, r.subject(),
          cred.describe() + " expires on " + Credential.day(cred.endDateTime()) + " (in " + days + " days)"
              + (outlived ? "" : "; no other valid credential outlives it"), details));
    }
  }
}
