package appreg.provisioning.audit;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of an audit, everything a renderer needs and nothing it must compute: the rules that ran, the findings
 * (sorted: most severe first, then by registration), counts, the credential calendar, and notes on what could not be
 * read (for example tenant policies without Policy.Read.All).
 */
public record AuditReport(
    Instant generatedAt,
    Tenant tenant,
    List<Rule.Description> rules,
    List<Finding> findings,
    ExpiryCalendar expiries,
    List<String> notes,
    List<IntendedRegistration> declared) {

  public AuditReport {
    rules = List.copyOf(rules);
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
    declared = List.copyOf(declared);
  }

  /** What was audited. */
  public record Tenant(String tenantId, String displayName, String primaryDomain, int registrations, int servicePrincipals,
                       int grants, int appRoleAssignments, int roleAssignments) {}

  /** Findings per severity, every severity present (zero when none), most severe first. */
  public Map<Severity, Integer> counts() {
    Map<Severity, Integer> out = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) out.put(s, 0);
    for (Finding f : findings) out.merge(f.severity(), 1, Integer::sum);
    return out;
  }

  public boolean anyAtOrAbove(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
  }

  public Rule.Description rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rule " + id));
  }
}
