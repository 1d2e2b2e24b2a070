package appreg.provisioning.audit;

import static appreg.provisioning.audit.TenantFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.TenantPolicies;
import appreg.provisioning.tenant.Unread;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditorTest {
  @Test
  void findingsComeMostSevereFirstThenByRegistrationName() {
    var t = withApis();
    t.app("zeta", audience("AzureADMultipleOrgs", false));
    t.ownerless(t.app("Alpha"));
    t.app("beta", secret("two-years", days(-10), days(720)));
    AuditReport report = Auditor.standard().audit(t.tenant(), Intent.NONE, NOW);
    List<String> order = report.findings().stream().map(f -> f.severity() + " " + f.subject().displayName() + " " + f.rule()).toList();
    assertEquals(List.of(
        "high zeta multi-tenant-no-instance-lock",
        "medium Alpha no-owners",
        "medium beta secret-lifetime-too-long",
        "medium zeta multi-tenant-audience",
        "low beta uses-client-secret"), order);
  }

  @Test
  void failOnComparesAtOrAbove() {
    var t = withApis();
    t.app("beta", secret("s", days(-10), days(100)));
    AuditReport report = Auditor.standard().audit(t.tenant(), Intent.NONE, NOW);
    assertTrue(report.anyAtOrAbove(Severity.LOW));
    assertFalse(report.anyAtOrAbove(Severity.MEDIUM));
    assertEquals(1, report.counts().get(Severity.LOW));
    assertEquals(0, report.counts().get(Severity.HIGH));
  }

  @Test
  void policiesMissingFromTheSourceLeaveTheirRulesNotEvaluated() {
    AuditReport report = Auditor.standard().audit(withApis().tenant(), Intent.NONE, NOW);
    assertEquals(List.of(), report.findings());
    assertEquals(List.of("tenant-no-app-management-policy", "tenant-users-can-register-apps", "tenant-user-consent-allowed"),
        report.notEvaluated().stream().map(NotEvaluated::rule).toList());
    assertEquals("not evaluated: the authorization policy could not be read (not in the source that was read)",
        report.notEvaluated().get(1).reason());
    assertEquals(List.of(
        "the default app management policy could not be read (not in the source that was read): "
            + "tenant-no-app-management-policy not evaluated",
        "the authorization policy could not be read (not in the source that was read): tenant-users-can-register-apps, "
            + "tenant-user-consent-allowed not evaluated"), report.notes());
  }

  /** The B2C case: owners unread. no-owners is not run (its silence would read as "every registration has an owner"). */
  @Test
  void aRuleWhosePartWasRefusedIsNotEvaluatedAndTheOthersRun() {
    var t = withApis();
    t.policies = new TenantPolicies(java.util.Map.of("isEnabled", true), java.util.Map.of());
    t.ownerless(t.app("Alpha"));
    t.app("zeta", audience("AzureADMultipleOrgs", false));
    Unread owners = new Unread(TenantPart.OWNERS, 400, "Request_BadRequest", "$count is not currently supported.", "rid-1", List.of());
    t.unread.add(owners);
    AuditReport report = Auditor.standard().audit(t.tenant(), Intent.NONE, NOW);
    assertEquals(List.of("multi-tenant-no-instance-lock", "multi-tenant-audience", "tenant-no-app-management-policy"),
        report.findings().stream().map(Finding::rule).toList(), "no no-owners finding, the rest as usual");
    assertEquals(List.of(new NotEvaluated("no-owners", "Registration has no owners", List.of(owners))), report.notEvaluated());
    assertEquals("not evaluated: the owners of registrations could not be read (Graph 400 Request_BadRequest \"$count is not "
        + "currently supported.\" (request-id rid-1))", report.notEvaluated().get(0).reason());
    assertEquals(List.of(owners), report.unread());
  }

  @Test
  void aRuleNeedingTwoRefusedPartsNamesBoth() {
    var t = withApis();
    t.policies = new TenantPolicies(java.util.Map.of(), java.util.Map.of());
    Unread grants = new Unread(TenantPart.DELEGATED_GRANTS, 403, "Authorization_RequestDenied", "", "", List.of("Directory.Read.All"));
    Unread assignments = new Unread(TenantPart.APP_ROLE_ASSIGNMENTS, 400, "Request_BadRequest", "Invalid request.", "", List.of());
    t.unread.add(assignments);
    t.unread.add(grants);
    AuditReport report = Auditor.standard().audit(t.tenant(), Intent.NONE, NOW);
    assertEquals(List.of("high-privilege-app-permission-direct", "high-privilege-app-permission-indirect",
            "high-privilege-delegated-all-users", "permission-not-consented", "consent-beyond-requested", "partner-api-access"),
        report.notEvaluated().stream().map(NotEvaluated::rule).toList());
    NotEvaluated consent = report.notEvaluated().stream().filter(n -> n.rule().equals("permission-not-consented")).findFirst().orElseThrow();
    assertEquals(List.of(grants, assignments), consent.because(), "in the order of the parts, whatever order they were refused in");
    assertEquals("not evaluated: the delegated permission grants could not be read (Graph 403 Authorization_RequestDenied; "
        + "needs Directory.Read.All); the app role assignments could not be read (Graph 400 Request_BadRequest \"Invalid "
        + "request.\")", consent.reason());
  }

  @Test
  void everyRuleThatReadsAnOptionalPartSaysSo() {
    var t = withApis();
    for (TenantPart p : TenantPart.values()) t.unread.add(new Unread(p, 400, "Request_BadRequest", "x", "", List.of()));
    AuditReport report = Auditor.standard().audit(t.tenant(), Intent.NONE, NOW);
    assertEquals(List.of("certificate-weak-key", "no-owners", "high-privilege-app-permission-direct", "high-privilege-app-permission-indirect",
            "high-privilege-delegated-all-users", "privileged-directory-role", "permission-not-consented",
            "consent-beyond-requested", "partner-api-access", "federated-credential-broad-subject",
            "federated-credential-insecure-issuer", "federated-credential-shared-subject", "tenant-no-app-management-policy",
            "tenant-users-can-register-apps", "tenant-user-consent-allowed"),
        report.notEvaluated().stream().map(NotEvaluated::rule).toList());
    assertTrue(report.notes().contains("the organization could not be read (Graph 400 Request_BadRequest \"x\"): no rule needs it"),
        report.notes()::toString);
  }

  @Test
  void calendarCountsCredentialsByMonthOfExpiry() {
    var t = withApis();
    t.app("a", secret("s1", days(-10), days(10)), secret("s2", days(-10), days(-1)), certificate("c", days(-10), days(40)),
        secret("s3", days(-1), days(500)), secret("s4", days(-1), null));
    ExpiryCalendar cal = Auditor.standard().audit(t.tenant(), Intent.NONE, NOW).expiries();
    assertEquals(1, cal.expired());
    assertEquals(12, cal.months().size());
    assertEquals(new ExpiryCalendar.Month(YearMonth.of(2026, 3), 1, 0), cal.months().get(0));
    assertEquals(new ExpiryCalendar.Month(YearMonth.of(2026, 4), 0, 1), cal.months().get(1));
    assertEquals(1, cal.later());
    assertEquals(1, cal.never());
  }

  @Test
  void severityParsesTheContractSpelling() {
    assertEquals(Severity.HIGH, Severity.parse("HIGH"));
    assertEquals("medium", Severity.MEDIUM.id());
    assertTrue(Severity.HIGH.atLeast(Severity.MEDIUM));
  }
}
