package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each output format must guarantee: valid SARIF, spreadsheet-safe CSV, escaped self-contained HTML, no secrets. */
class AuditFormatsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String HOSTILE = "=HYPERLINK(\"http://evil.example\")<script>alert(1)</script>";

  static SimulatedTenant tenantWithHostileName() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    KnownCases.plant(tenant);
    tenant.create("applications", JSON.createObjectNode().put("displayName", HOSTILE).put("signInAudience", "AzureADMultipleOrgs"));
    return tenant;
  }

  @Test
  void sarifValidatesAgainstTheSarif210SchemaAndCarriesWhatCodeScanningNeeds(@TempDir Path dir) throws Exception {
    try (Cli cli = Cli.against(tenantWithHostileName(), dir)) {
      CliRun run = cli.run("audit", "--format", "sarif", "--out", "audit.sarif");
      assertEquals(2, run.exitCode(), run::toString);
      JsonNode sarif = JSON.readTree(Files.readString(dir.resolve("audit.sarif")));
      try (InputStream schema = getClass().getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
        var errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema).validate(sarif);
        assertEquals(Set.of(), errors);
      }
      assertEquals("2.1.0", sarif.get("version").asText());
      JsonNode runNode = sarif.get("runs").get(0);
      Set<String> ruleIds = new HashSet<>();
      for (JsonNode r : runNode.get("tool").get("driver").get("rules")) ruleIds.add(r.get("id").asText());
      assertTrue(ruleIds.contains("credential-expired") && ruleIds.size() == 29, ruleIds.toString());
      JsonNode results = runNode.get("results");
      assertTrue(results.size() > 10);
      for (JsonNode r : results) {
        assertTrue(ruleIds.contains(r.get("ruleId").asText()));
        assertTrue(List.of("error", "warning", "note").contains(r.get("level").asText()));
        assertFalse(r.get("message").get("text").asText().isBlank());
        String uri = r.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText();
        assertTrue(uri.startsWith("entra-id/"), uri);
        assertFalse(r.get("partialFingerprints").get("appregFinding/v1").asText().isBlank());
      }
    }
  }

  @Test
  void sarifPointsDeclaredRegistrationsAtTheirManifestLine(@TempDir Path dir) throws Exception {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      Files.writeString(dir.resolve("appreg.yaml"), "applications:\n  - key: reporting\n    displayName: Reporting\n"
          + "    permissions:\n      - api: Microsoft Graph\n        application: [AuditLog.Read.All]\n");
      CliRun run = cli.run("audit", "-f", "appreg.yaml", "--format", "sarif", "--fail-on", "none");
      JsonNode results = JSON.readTree(run.stdout()).get("runs").get(0).get("results");
      JsonNode drift = null;
      for (JsonNode r : results) if (r.get("ruleId").asText().equals("manifest-drift")) drift = r;
      JsonNode physical = drift.get("locations").get(0).get("physicalLocation");
      assertEquals("appreg.yaml", physical.get("artifactLocation").get("uri").asText());
      assertEquals(2, physical.get("region").get("startLine").asInt());
    }
  }

  @Test
  void csvQuotesEverythingAndDefusesFormulas(@TempDir Path dir) {
    try (Cli cli = Cli.against(tenantWithHostileName(), dir)) {
      CliRun run = cli.run("audit", "--format", "csv", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      String[] lines = run.stdout().split("\r\n");
      assertEquals("\"severity\",\"rule\",\"title\",\"displayName\",\"appId\",\"objectId\",\"kind\",\"key\",\"evidence\",\"details\"", lines[0]);
      String hostile = Stream.of(lines).filter(l -> l.contains("HYPERLINK")).findFirst().orElseThrow();
      assertTrue(hostile.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")<script>alert(1)</script>\","), hostile);
      for (String line : lines) assertTrue(line.startsWith("\"") && line.endsWith("\""), line);
    }
  }

  @Test
  void htmlIsSelfContainedAndEscapesTenantText(@TempDir Path dir) throws Exception {
    try (Cli cli = Cli.against(tenantWithHostileName(), dir)) {
      CliRun run = cli.run("audit", "--format", "html", "--out", "audit.html", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      String html = Files.readString(dir.resolve("audit.html"), StandardCharsets.UTF_8);
      assertFalse(html.contains("<script>alert(1)"), "tenant text must be escaped");
      assertTrue(html.contains("=HYPERLINK(&quot;http://evil.example&quot;)&lt;script&gt;alert(1)&lt;/script&gt;"));
      assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external assets");
      assertTrue(html.contains("Content-Security-Policy"));
      assertTrue(html.contains("<svg id=\"expiry-chart\""));
      assertTrue(html.contains("<table id=\"findings\">"));
      assertTrue(run.stderr().contains("wrote audit.html (html report"), run.stderr());
    }
  }

  @Test
  void noSecretTextReachesAnyExportReportOrTrace(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    KnownCases.plant(tenant);
    String planted = "Qx7~PLANTED.secret-" + "8dL2vN0pR4tY6";
    String app = "{\"value\":[{\"id\":\"1b7e5c0a-9f51-4a0e-8a36-2b3f4c5d6e7f\",\"appId\":\"2c8f6d1b-0a62-4b1f-9b47-3c4d5e6f7a80\","
        + "\"displayName\":\"Leaky\",\"passwordCredentials\":[{\"keyId\":\"6c4f4b2e-1d1e-4d4a-9a57-1f6b5d3c2a10\",\"hint\":\"Qx7\","
        + "\"secretText\":\"" + planted + "\",\"startDateTime\":\"2024-01-01T00:00:00Z\",\"endDateTime\":\"2028-01-01T00:00:00Z\"}]}]}";
    String error = "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"denied " + planted + "\"}}";
    try (Cli cli = Cli.against(tenant, dir)) {
      StringBuilder all = new StringBuilder();
      for (String format : List.of("text", "json", "csv", "sarif", "html")) {
        tenant.faults().clear();
        tenant.faults().on("GET", "/applications").respond(200, Map.of("Content-Type", "application/json"), app);
        tenant.faults().on("GET", "/policies/authorizationPolicy").respond(403, Map.of("Content-Type", "application/json"), error);
        CliRun run = cli.run("audit", "-v", "--format", format, "--fail-on", "none");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("Leaky"), format);
        all.append(run.stdout()).append(run.stderr());
      }
      tenant.faults().clear();
      tenant.faults().on("GET", "/applications").respond(200, Map.of("Content-Type", "application/json"), app);
      CliRun export = cli.run("export", "-v", "--out", "snap.json");
      assertEquals(0, export.exitCode(), export::toString);
      all.append(export.stdout()).append(export.stderr()).append(Files.readString(dir.resolve("snap.json")));
      assertTrue(all.toString().contains("Qx7"), "the hint is metadata and may appear");
      assertFalse(all.toString().contains(planted), "secret text leaked");
    }
  }
}
