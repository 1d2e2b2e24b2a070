package appreg.provisioning.audit;

import appreg.provisioning.audit.rules.Rules;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Organization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) findings.addAll(rule.check(context));
    findings.sort(Finding.ORDER);
    List<String> notes = new ArrayList<>();
    if (tenant.policies().appManagement() == null) {
      notes.add("the default app management policy could not be read (needs Policy.Read.All): tenant-no-app-management-policy was not checked");
    }
    if (tenant.policies().authorization() == null) {
      notes.add("the authorization policy could not be read (needs Policy.Read.All): tenant-users-can-register-apps and tenant-user-consent-allowed were not checked");
    }
    Organization org = tenant.organization();
    var summary = new AuditReport.Tenant(org == null ? "" : org.tenantId(), org == null ? "" : org.displayName(),
        org == null ? "" : org.primaryDomain(), tenant.registrations().size(), tenant.servicePrincipals().size(),
        tenant.grants().size(), tenant.appRoleAssignments().size(), tenant.roleAssignments().size());
    return new AuditReport(now, summary, rules.stream().map(Rule::description).toList(), findings,
        ExpiryCalendar.of(tenant, now, CALENDAR_MONTHS), notes, intent == null ? List.of() : intent.registrations());
  }
}
