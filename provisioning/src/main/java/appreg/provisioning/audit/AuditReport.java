package appreg.provisioning.audit;

import appreg.provisioning.tenant.Unread;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of an audit, everything a renderer needs and nothing it must compute: the rules that ran, the findings
 * (sorted: most severe first, then by registration), counts, the credential calendar, what could not be read
 * ({@code unread}, with Graph's answer), the rules that therefore did not run ({@code notEvaluated}), and the same as
 * sentences ({@code notes}). {@code findings} is a {@link Findings}: encoded, each rebuilt when read, so a renderer
 * that walks it holds one finding at a time.
 */
public record AuditReport(
    Instant generatedAt,
    Tenant tenant,
    List<Rule.Description> rules,
    Findings findings,
    ExpiryCalendar expiries,
    List<String> notes,
    List<IntendedRegistration> declared,
    List<Unread> unread,
    List<NotEvaluated> notEvaluated) {

  public AuditReport {
    rules = List.copyOf(rules);
    findings = findings == null ? Findings.of(List.of()) : findings;
    notes = List.copyOf(notes);
    declared = List.copyOf(declared);
    unread = unread == null ? List.of() : List.copyOf(unread);
    notEvaluated = notEvaluated == null ? List.of() : List.copyOf(notEvaluated);
  }

  /** What was audited. */
  public record Tenant(String tenantId, String displayName, String primaryDomain, int registrations, int servicePrincipals,
                       int grants, int appRoleAssignments, int roleAssignments) {}

  /** Findings per severity, every severity present (zero when none). */
  public Map<Severity, Integer> counts() {
    return findings.counts();
  }

  /** The parts that could not be read although no rule needed them (the organization): worth a note, nothing more. */
  public List<Unread> unreadWithoutEffect() {
    return unread.stream().filter(u -> notEvaluated.stream().noneMatch(n -> n.because().contains(u))).toList();
  }

  public boolean anyAtOrAbove(Severity threshold) {
    return findings.anyAtOrAbove(threshold);
  }

  public Rule.Description rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rule " + id));
  }
}
