package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** appreg audit and export, run as a user would, against the simulated tenant seeded with the issue's known cases. */
class AuditIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Set<String> findings(CliRun run) throws Exception {
    JsonNode doc = JSON.readTree(run.stdout());
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode f : doc.get("findings")) {
      out.add(f.get("severity").asText() + " " + f.get("rule").asText() + " " + f.get("registration").get("displayName").asText());
    }
    return out;
  }

  @Test
  void knownCasesYieldExactlyTheExpectedFindingsLiveAndFromASnapshot(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    KnownCases cases = KnownCases.plant(tenant);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun live = cli.run("audit", "--format", "json", "--fail-on", "none");
      assertEquals(0, live.exitCode(), live::toString);
      assertEquals(cases.expected, findings(live));
      CliRun keys = cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none");
      assertEquals(0, keys.exitCode(), keys::toString);
      assertEquals(cases.expectedWithCertificates, findings(keys));

      CliRun export = cli.run("export", "--out", "snap.json");
      assertEquals(0, export.exitCode(), export::toString);
      assertTrue(export.stderr().startsWith("wrote snap.json (snapshot of "), export::toString);
      assertEquals("", export.stdout(), "the snapshot is the result; stdout has nothing more");
      tenant.resetRequestLog();
      CliRun offline = cli.runRaw("audit", "--from", "snap.json", "--format", "json", "--fail-on", "none");
      assertEquals(0, offline.exitCode(), offline::toString);
      assertEquals(cases.expected, findings(offline));
      assertEquals(0, tenant.requestCount(), "an audit of a snapshot sends nothing to Graph");
    }
  }

  /**
   * The audit a user runs on a tenant of 10,000 registrations: every collection and policy it reads, paged at 999 and
   * carried in $batch, in 14 round trips.
   */
  @Test
  void anAuditOfTenThousandRegistrationsTakesFourteenRoundTrips(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(10_000, 42);
    try (Cli cli = Cli.against(tenant, dir)) {
      tenant.resetRequestLog();
      CliRun audit = cli.run("audit", "--format", "json", "--out", "audit.json", "--fail-on", "none");
      assertEquals(0, audit.exitCode(), audit::toString);
      assertEquals(14, tenant.requestCount(), () -> "audit round trips: " + tenant.requests().stream()
          .map(r -> r.method() + " " + r.path()).toList());
      assertTrue(audit.stderr().contains("(json report, "), audit::toString);
    }
  }

  @Test
  void countsAreWrittenForPeople(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.create("applications", JSON.createObjectNode().put("displayName", "Lonely"));
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun text = cli.run("audit", "--fail-on", "none");
      assertTrue(text.stdout().lines().findFirst().orElse("").matches(
          "Audit of Contoso \\(contoso.onmicrosoft.com\\): 1 registration, \\d+ service principals \\(.*"), text::toString);
      CliRun html = cli.run("audit", "--fail-on", "none", "--format", "html", "--out", "a.html");
      assertTrue(Files.readString(dir.resolve("a.html")).contains(" &middot; 1 registration, "), html::toString);
      assertTrue(html.stderr().matches("(?s).*wrote a.html \\(html report, \\d+ findings?\\).*"), html::toString);
    }
  }

  @Test
  void failOnSetsTheExitCodeAndTextGroupsBySeverity(@TempDir Path dir) {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    KnownCases.plant(tenant);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun text = cli.run("audit");
      assertEquals(2, text.exitCode(), text::toString);
      String out = text.stdout();
      assertTrue(out.startsWith("Audit of Contoso (contoso.onmicrosoft.com): "), out);
      assertTrue(out.contains("Findings: 4 high, "), out);
      assertTrue(out.contains("(at or above --fail-on high: exit 2)"), out);
      int high = out.indexOf("\nHIGH (4)\n");
      int medium = out.indexOf("\nMEDIUM (");
      assertTrue(high > 0 && medium > high, out);
      assertTrue(out.contains("  Role Manager App ("), out);
      assertTrue(out.contains("    high-privilege-app-permission-direct   holds application permission Microsoft Graph RoleManagement.ReadWrite.Directory"), out);
      assertTrue(text.stderr().isEmpty() || !text.stderr().contains("reading tenant"), "no progress when not a terminal");

      CliRun none = cli.run("audit", "--format", "json", "--fail-on", "none");
      assertEquals(0, none.exitCode());
      CliRun info = cli.run("audit", "--format", "csv", "--fail-on", "info");
      assertEquals(2, info.exitCode());
    }
  }

  @Test
  void noHighFindingsExitsZero(@TempDir Path dir) {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      CliRun run = cli.run("audit", "--format", "json");
      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(run.stdout().contains("\"failOn\" : \"high\""), run.stdout());
    }
  }

  @Test
  void badFailOnOrFormatIsAUsageError(@TempDir Path dir) {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      CliRun run = cli.run("audit", "--fail-on", "critical");
      assertEquals(64, run.exitCode(), run::toString);
      assertTrue(run.stderr().contains("--fail-on critical: use high, medium, low, info or none"), run.stderr());
      CliRun fmt = cli.run("audit", "--format", "xml");
      assertEquals(64, fmt.exitCode(), fmt::toString);
      CliRun both = cli.runRaw("audit", "--from", "x.json", "--sandbox");
      assertEquals(64, both.exitCode(), both::toString);
    }
  }

  @Test
  void aMalformedSnapshotExits65WithItsLocation(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\n  \"schemaVersion\": 7,\n  \"applications\": []\n}\n");
    CliRun run = CliRun.run(dir, "audit", "--from", "bad.json");
    assertEquals(65, run.exitCode(), run::toString);
    assertTrue(run.stderr().contains("bad.json:2:20: unknown snapshot schemaVersion 7"), run.stderr());
    Files.writeString(dir.resolve("broken.json"), "{\"schemaVersion\": 1, \"applications\": [ {\"id\": ");
    CliRun broken = CliRun.run(dir, "audit", "--from", "broken.json");
    assertEquals(65, broken.exitCode(), broken::toString);
    assertTrue(broken.stderr().contains("broken.json:1:"), broken.stderr());
  }

  @Test
  void aManifestTurnsDeclaredRegistrationsIntoDriftChecks(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Files.writeString(dir.resolve("appreg.yaml"), String.join("\n",
          "applications:",
          "  - key: reporting",
          "    displayName: Reporting",
          "    permissions:",
          "      - api: Microsoft Graph",
          "        application: [AuditLog.Read.All]",
          ""));
      CliRun run = cli.run("audit", "-f", "appreg.yaml", "--format", "json", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(findings(run).contains("medium manifest-drift Reporting"), run.stdout());
      JsonNode doc = JSON.readTree(run.stdout());
      assertEquals("appreg.yaml", doc.get("source").get("manifest").asText());
    }
  }

  @Test
  void helpShowsExamplesAndExitCodes(@TempDir Path dir) {
    CliRun audit = CliRun.run(dir, "audit", "--help");
    assertEquals(0, audit.exitCode());
    for (String s : Map.of("a", "--fail-on", "b", "--from", "c", "sarif", "d", "Examples:", "e", "Exit codes:").values()) {
      assertTrue(audit.stdout().contains(s), s + "\n" + audit.stdout());
    }
    CliRun export = CliRun.run(dir, "export", "--help");
    assertTrue(export.stdout().contains("never") && export.stdout().contains("--out"), export.stdout());
    assertFalse(export.stdout().isBlank());
  }
}
