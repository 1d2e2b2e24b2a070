package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.AuditedRegistration;
import appreg.provisioning.audit.RegistrationRule;
import appreg.provisioning.audit.Credential;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** An unexpired client secret lives longer than {@value #MAX_DAYS} days from start to end (or never expires). */
public final class SecretLifetimeTooLong implements RegistrationRule {
  static final int MAX_DAYS = 180;
  private static final Description D = new Description("secret-lifetime-too-long", Severity.MEDIUM,
      "Client secret valid for more than " + MAX_DAYS + " days",
      "A stolen secret works until it expires; short lifetimes bound the damage and force rotation to be routine.",
      "Issue a secret of at most " + MAX_DAYS + " days (manifest secret.lifetimeDays), deploy it, remove the long one; "
          + "enforce it with a tenant app management policy (passwordLifetime, configured as 181 days: Entra compares with 'less than').",
      "cisagov/ScubaGear baselines/aad.md MS.AAD.5.6v1");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditedRegistration r, Consumer<Finding> out) {
    LongLived.check(this, r, Credential.Kind.SECRET, MAX_DAYS, out);
  }

  /** Shared by the secret and certificate lifetime rules. */
  static final class LongLived {
    private LongLived() {}

    static void check(Rule rule, AuditedRegistration r, Credential.Kind kind, int maxDays, Consumer<Finding> out) {
      for (Credential cred : r.credentials()) {
        if (cred.kind() != kind || cred.expiredAt(r.now())) continue;
        Duration life = cred.lifetime();
        boolean endless = cred.endDateTime() == null;
        // whole days: a secret issued for exactly maxDays ends a few seconds past it when the issuing machine's
        // clock runs ahead of Entra's (Graph sets startDateTime, the client sets endDateTime)
        if (!endless && (life == null || life.toDays() <= maxDays)) continue;
        Map<String, String> details = new LinkedHashMap<>(cred.details());
        details.put("lifetimeDays", endless ? "unbounded" : Long.toString(life.toDays()));
        details.put("maxDays", Integer.toString(maxDays));
        String what = endless ? "never expires" : "is valid for " + life.toDays() + " days ("
            + Credential.day(cred.startDateTime()) + " to " + Credential.day(cred.endDateTime()) + ")";
        out.accept(rule.finding(r.subject(), cred.describe() + " " + what + "; the limit is " + maxDays + " days", details));
      }
    }
  }
}
