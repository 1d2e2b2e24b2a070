package appreg.provisioning.audit;

import appreg.provisioning.tenant.TenantPart;
import java.util.Map;
import java.util.Set;

/**
 * One audit check: a pure function from the tenant (and, when a manifest is given, what it intends) to findings.
 * Its {@link Description} is public API: the id is the JSON {@code rule} and never changes once released; the texts
 * feed {@code --help}, SARIF rule metadata and docs/audit.md.
 *
 * <p>Two kinds, so that an audit never holds the whole tenant: a {@link RegistrationRule} judges one registration
 * with all its fields as it is read, and sees nothing else; a {@link TenantRule} relates parts of the tenant
 * (registrations, service principals, grants, assignments, owners, roles, policies) once everything is read, through
 * the compact records of {@link AuditContext}.
 */
public sealed interface Rule permits RegistrationRule, TenantRule {
  Description description();

  /**
   * The parts of the tenant beyond applications and service principals that this rule reads. When Graph refused one
   * of them the rule is not run and is reported as not evaluated, because its silence would read as "no problem".
   */
  default Set<TenantPart> needs() {
    return Set.of();
  }

  default String id() {
    return description().id();
  }

  /**
   * @param severity the usual severity; a rule may raise or lower it for one finding and says when in its rationale
   * @param source where the practice comes from (a baseline, a Microsoft page), so a reader can weigh it
   */
  record Description(String id, Severity severity, String title, String rationale, String fix, String source) {}

  /** A finding of this rule at its usual severity. */
  default Finding finding(Subject subject, String evidence, Map<String, String> details) {
    return finding(description().severity(), subject, evidence, details);
  }

  default Finding finding(Severity severity, Subject subject, String evidence, Map<String, String> details) {
    return new Finding(id(), severity, description().title(), subject, evidence, details);
  }

  /** Structured evidence in the order given: {@code details("permission", "X", "keyId", "Y")}; null values are left out. */
  static Map<String, String> details(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must pair up");
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) out.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }
}
