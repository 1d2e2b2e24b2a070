package appreg.provisioning.audit;

import appreg.provisioning.audit.rules.Rules;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Organization;
import java.time.Instant;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.Unread;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs every rule over a tenant (read live or from a snapshot) and, when a manifest is given, what it intends.
 * Pure: the same tenant, intent and {@code now} give the same report, which is what makes {@code audit --from} and
 * golden-file tests possible.
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

  public AuditReport audit(ObservedTenant tenant, Intent intent, Instant now) {
    AuditContext context = new AuditContext(tenant, intent, now);
    Map<TenantPart, Unread> unread = unread(tenant);
    List<Finding> findings = new ArrayList<>();
    List<NotEvaluated> notEvaluated = new ArrayList<>();
    for (Rule rule : rules) {
      List<Unread> missing = rule.needs().stream().sorted().map(unread::get).filter(Objects::nonNull).toList();
      if (missing.isEmpty()) {
        findings.addAll(rule.check(context));
      } else {
        notEvaluated.add(new NotEvaluated(rule.id(), rule.description().title(), missing));
      }
    }
    findings.sort(Finding.ORDER);
    List<String> notes = new ArrayList<>();
    for (Unread u : unread.values()) {
      List<String> stopped = notEvaluated.stream().filter(n -> n.because().contains(u)).map(NotEvaluated::rule).toList();
      notes.add(u.part().description() + " could not be read (" + u.reason() + "): "
          + (stopped.isEmpty() ? "no rule needs it" : String.join(", ", stopped) + " not evaluated"));
    }
    Organization org = tenant.organization();
    var summary = new AuditReport.Tenant(org == null ? "" : org.tenantId(), org == null ? "" : org.displayName(),
        org == null ? "" : org.primaryDomain(), tenant.registrations().size(), tenant.servicePrincipals().size(),
        tenant.grants().size(), tenant.appRoleAssignments().size(), tenant.roleAssignments().size());
    return new AuditReport(now, summary, rules.stream().map(Rule::description).toList(), findings,
        ExpiryCalendar.of(tenant, now, CALENDAR_MONTHS), notes, intent == null ? List.of() : intent.registrations(),
        List.copyOf(unread.values()), notEvaluated);
  }

  /**
   * What could not be read, by part: what the tenant records, plus a policy that is simply missing (a snapshot written
   * before refusals were recorded held a policy it could not read as no policy at all).
   */
  private static Map<TenantPart, Unread> unread(ObservedTenant tenant) {
    Map<TenantPart, Unread> out = new EnumMap<>(TenantPart.class);
    for (Unread u : tenant.unread()) out.putIfAbsent(u.part(), u);
    if (tenant.policies().appManagement() == null) out.putIfAbsent(TenantPart.APP_MANAGEMENT_POLICY, Unread.absent(TenantPart.APP_MANAGEMENT_POLICY));
    if (tenant.policies().authorization() == null) out.putIfAbsent(TenantPart.AUTHORIZATION_POLICY, Unread.absent(TenantPart.AUTHORIZATION_POLICY));
    return out;
  }
}
