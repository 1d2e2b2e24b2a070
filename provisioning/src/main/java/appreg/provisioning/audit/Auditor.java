package appreg.provisioning.audit;

import appreg.provisioning.audit.rules.Rules;
import appreg.provisioning.tenant.ObservedTenant;
import java.time.Instant;
import java.util.List;

/**
 * Runs every rule over a tenant (read live or from a snapshot) and, when a manifest is given, what it intends.
 * Pure: the same tenant, intent and {@code now} give the same report, which is what makes {@code audit --from} and
 * golden-file tests possible. {@link #start} audits a tenant while it is read, never holding it whole; {@link #audit}
 * audits one already in memory.
 */
public final class Auditor {
  /** How far ahead the credential calendar looks. */
  public static final int CALENDAR_MONTHS = 12;

  private final List<Rule> rules;

  public Auditor(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static Auditor standard() {
    return new Auditor(Rules.all());
  }

  public List<Rule> rules() {
    return rules;
  }

  /** An audit to feed the tenant to, part by part as it is read, and then to {@link Audit#finish}. */
  public Audit start(Intent intent, Instant now) {
    return new Audit(rules, intent, now);
  }

  public AuditReport audit(ObservedTenant tenant, Intent intent, Instant now) {
    Audit audit = start(intent, now);
    tenant.replay(audit);
    return audit.finish();
  }
}
