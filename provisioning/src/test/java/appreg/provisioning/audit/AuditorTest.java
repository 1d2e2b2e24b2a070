package appreg.provisioning.audit;

import static appreg.provisioning.audit.TenantFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void unreadablePoliciesAreNotedNotGuessed() {
    AuditReport report = Auditor.standard().audit(withApis().tenant(), Intent.NONE, NOW);
    assertEquals(List.of(), report.findings());
    assertEquals(2, report.notes().size());
    assertTrue(report.notes().get(0).contains("Policy.Read.All"));
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
