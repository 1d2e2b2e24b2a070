package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.RecordedRequest;
import appreg.provisioning.sandbox.SampleCertificates;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * certificate-weak-key through the CLI: which certificates the audit reads (one registration at a time, twenty to a
 * $batch: those the manifest declares, or all with --certificate-keys, none otherwise), what that costs in round trips,
 * and how the registrations not read are reported, in every format.
 */
class AuditCertificatesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEY_READ = Pattern.compile("/applications/([0-9a-f-]{36})\\?\\$select=id,keyCredentials");

  private final Instant now = Instant.now();

  /** Three registrations with certificates: an RSA 1024 key (declared by the manifest), a SHA-1 signature, a good one. */
  private SimulatedTenant tenant() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    certified(tenant, "Weak Key App", SampleCertificates.RSA_1024, "weak-key-app");
    certified(tenant, "Sha1 Signed App", SampleCertificates.SHA1_SIGNED, null);
    certified(tenant, "Good Certificate App", SampleCertificates.RSA_2048, null);
    return tenant;
  }

  private ObjectNode certified(SimulatedTenant tenant, String name, String certificate, String uniqueName) {
    ObjectNode app = JSON.createObjectNode().put("displayName", name).put("signInAudience", "AzureADMyOrg");
    if (uniqueName != null) app.put("uniqueName", uniqueName);
    ObjectNode created = tenant.create("applications", app);
    tenant.create("servicePrincipals", JSON.createObjectNode().put("appId", created.get("appId").asText()).put("displayName", name));
    tenant.addOwner(created.get("id").asText(), tenant.list("users").get(0).get("id").asText());
    tenant.addCertificate(created.get("id").asText(), certificate, "CN=" + name, now.minus(Duration.ofDays(10)),
        now.plus(Duration.ofDays(170)));
    return created;
  }

  private static void manifest(Path dir) throws Exception {
    Files.writeString(dir.resolve("appreg.yaml"), "applications:\n  - key: weak-key-app\n    displayName: Weak Key App\n");
  }

  /** The applications whose certificates were read, by object id, from the $batch bodies and plain GETs on the wire. */
  private static List<String> keyReads(SimulatedTenant tenant) {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : tenant.requests()) {
      Matcher m = KEY_READ.matcher(wire(r));
      while (m.find()) out.add(m.group(1));
    }
    return out;
  }

  /** A request as it went out: path, query and body, where a $batch carries its items' URLs. */
  private static String wire(RecordedRequest r) {
    return r.path() + "?" + r.query() + " " + r.body().replace("%24", "$");
  }

  /** How often {@code what} occurs in each request that has it, in the order sent. */
  private static List<Integer> perRequest(SimulatedTenant tenant, Pattern what) {
    List<Integer> out = new ArrayList<>();
    for (RecordedRequest r : tenant.requests()) {
      int n = (int) what.matcher(wire(r)).results().count();
      if (n > 0) out.add(n);
    }
    return out;
  }

  private static List<String> weakKeyFindings(JsonNode report) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : report.get("findings")) {
      if (f.get("rule").asText().equals("certificate-weak-key")) {
        out.add(f.get("severity").asText() + " " + f.get("registration").get("displayName").asText());
      }
    }
    return out;
  }

  private static JsonNode notEvaluated(JsonNode report) {
    for (JsonNode n : report.get("notEvaluated")) if (n.get("rule").asText().equals("certificate-weak-key")) return n;
    return null;
  }

  @Test
  void withoutAManifestOrTheOptionNoCertificateIsReadAndTheRuleSaysSoOnce(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    try (Cli cli = Cli.against(tenant, dir)) {
      tenant.resetRequestLog();
      CliRun run = cli.run("audit", "--format", "json", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      int withCertificates = tenant.requestCount();
      assertEquals(List.of(), keyReads(tenant));
      JsonNode report = JSON.readTree(run.stdout());
      assertEquals(List.of(), weakKeyFindings(report));
      JsonNode n = notEvaluated(report);
      assertTrue(n.get("reason").asText().startsWith("not evaluated for some registrations: the certificates of "
          + "registrations could not be read (Graph returns a certificate only to a read of one registration, and 3 of 3 "
          + "registrations holding one were not read so (live, "), n.toString());
      assertEquals("keyCredentials.key", n.get("because").get(0).get("part").asText());
      assertFalse(n.get("because").get(0).has("status"), "nothing was refused");
      assertTrue(run.stderr().contains("appreg: 1 rules not evaluated, because a part of the tenant could not be read: "
          + "certificate-weak-key"), run.stderr());

      // the same tenant without certificates: the audit costs exactly as many round trips
      for (JsonNode app : tenant.list("applications")) {
        ObjectNode none = JSON.createObjectNode();
        none.putArray("keyCredentials");
        tenant.update("applications", app.get("id").asText(), none);
      }
      tenant.resetRequestLog();
      CliRun without = cli.run("audit", "--format", "json", "--fail-on", "none");
      assertEquals(0, without.exitCode(), without::toString);
      assertEquals(tenant.requestCount(), withCertificates, "certificates add no request unless asked for");
      assertEquals(null, notEvaluated(JSON.readTree(without.stdout())));
    }
  }

  @Test
  void theManifestsRegistrationsAreReadInOneBatchAndJudged(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    try (Cli cli = Cli.against(tenant, dir)) {
      manifest(dir);
      tenant.resetRequestLog();
      CliRun plain = cli.run("audit", "--format", "json", "--fail-on", "none");
      int baseline = tenant.requestCount();
      tenant.resetRequestLog();
      CliRun run = cli.run("audit", "-f", "appreg.yaml", "--format", "json", "--fail-on", "none");
      assertEquals(0, plain.exitCode(), plain::toString);
      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(baseline + 1, tenant.requestCount(), "one $batch more");
      String weak = tenant.application("weak-key-app").get("id").asText();
      assertEquals(List.of(weak), keyReads(tenant));
      RecordedRequest batch = tenant.requests().stream().filter(r -> r.body().contains("?$select=id,keyCredentials")
          && r.path().equals("/$batch")).findFirst().orElseThrow();
      JsonNode requests = JSON.readTree(batch.body()).get("requests");
      assertEquals(1, requests.size(), batch.body());
      assertEquals("GET", requests.get(0).get("method").asText());
      assertEquals("/applications/" + weak + "?$select=id,keyCredentials", requests.get(0).get("url").asText());

      JsonNode report = JSON.readTree(run.stdout());
      assertEquals(List.of("high Weak Key App"), weakKeyFindings(report));
      JsonNode finding = null;
      for (JsonNode f : report.get("findings")) if (f.get("rule").asText().equals("certificate-weak-key")) finding = f;
      assertEquals("1024", finding.get("details").get("keySize").asText());
      assertTrue(finding.get("evidence").asText().endsWith("): RSA 1024-bit key, below 2048"), finding.toString());
      assertTrue(notEvaluated(report).get("reason").asText().contains("2 of 3 registrations holding one were not read"),
          notEvaluated(report).toString());
    }
  }

  @Test
  void theOptionReadsEveryCertificateTwentyToABatch(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    for (int i = 1; i <= 42; i++) certified(tenant, "Fleet App " + i, SampleCertificates.EC_P256, null);
    try (Cli cli = Cli.against(tenant, dir)) {
      tenant.resetRequestLog();
      cli.run("audit", "--format", "json", "--fail-on", "none");
      int baseline = tenant.requestCount();
      tenant.resetRequestLog();
      CliRun run = cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(baseline + 3, tenant.requestCount(), "45 registrations: batches of 20, 20 and 5");
      assertEquals(45, keyReads(tenant).size());
      assertEquals(45, keyReads(tenant).stream().distinct().count());
      JsonNode report = JSON.readTree(run.stdout());
      assertEquals(List.of("high Weak Key App", "medium Sha1 Signed App"), weakKeyFindings(report));
      assertEquals(null, notEvaluated(report), "every certificate was read");
      assertEquals(List.of(), cli.sleeps, "45 reads are within Graph's 150 a minute: no pause");
    }
  }

  @Test
  void atMost140ReadsOfKeyCredentialsInAnyMinuteCountingTheListing(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    for (int i = 1; i <= 160; i++) certified(tenant, "Fleet App " + i, SampleCertificates.RSA_2048, null);
    try (Cli cli = Cli.against(tenant, dir)) {
      tenant.resetRequestLog();
      CliRun run = cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none", "-v");
      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(163, keyReads(tenant).size());
      assertEquals(163, keyReads(tenant).stream().distinct().count());
      // Graph allows 150 requests a minute that select keyCredentials on applications, the listing's pages included
      // (application-list.md): one listing page and 139 reads, a minute's rest, then the other 24
      assertEquals(1, listingPagesSelectingKeys(tenant));
      assertEquals(List.of(20, 20, 20, 20, 20, 20, 19, 20, 4), perRequest(tenant, KEY_READ));
      assertEquals(List.of(Duration.ofSeconds(61)), cli.sleeps);
      assertEquals(0, tenant.keyCredentialReadsRefused(), "the sandbox counts a sliding minute and refused none");
      assertTrue(run.stderr().contains("reading the certificates of 163 registrations: Graph allows 150 such reads a "
          + "minute per tenant, so this takes about 1 min more"), run.stderr());
      assertEquals(null, notEvaluated(JSON.readTree(run.stdout())));
    }
  }

  @Test
  void aSecondAuditWithinTheMinuteMeetsGraphsLimitWaitsAsToldAndReadsEveryCertificate(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    for (int i = 1; i <= 160; i++) certified(tenant, "Fleet App " + i, SampleCertificates.RSA_2048, null);
    try (Cli cli = Cli.against(tenant, dir)) {
      assertEquals(0, cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none").exitCode());
      assertEquals(0, tenant.keyCredentialReadsRefused());
      cli.sleeps.clear();
      tenant.resetRequestLog();
      // the first run's last 24 reads are still within the minute: 1 + 139 more would be 164 of Graph's 150
      CliRun run = cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(tenant.keyCredentialReadsRefused() > 0, "the sandbox refused the reads over its 150");
      assertTrue(cli.sleeps.stream().anyMatch(d -> d.compareTo(Duration.ofSeconds(1)) >= 0
          && d.compareTo(Duration.ofSeconds(60)) <= 0 && !d.equals(Duration.ofSeconds(61))), "waited as Retry-After said: " + cli.sleeps);
      assertEquals(163, keyReads(tenant).stream().distinct().count());
      assertEquals(null, notEvaluated(JSON.readTree(run.stdout())), "every certificate was read in the end");
      assertEquals(List.of("high Weak Key App", "medium Sha1 Signed App"), weakKeyFindings(JSON.readTree(run.stdout())));
    }
  }

  /** Listing pages of applications that select keyCredentials, each $batch item counted on its own. */
  private static int listingPagesSelectingKeys(SimulatedTenant tenant) {
    Pattern listing = Pattern.compile("/applications\\?\\$top=\\d+&\\$select=[^\" ]*keyCredentials");
    return perRequest(tenant, listing).stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  void aThrottledReadIsRetriedAfterRetryAfter(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    try (Cli cli = Cli.against(tenant, dir)) {
      String weak = tenant.application("weak-key-app").get("id").asText();
      tenant.faults().on("GET", "/applications/" + weak).whoseQueryContains("keyCredentials").times(1).throttle("3");
      CliRun run = cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(cli.sleeps.contains(Duration.ofSeconds(3)), cli.sleeps::toString);
      assertEquals(List.of("high Weak Key App", "medium Sha1 Signed App"), weakKeyFindings(JSON.readTree(run.stdout())));
    }
  }

  @Test
  void aRefusedReadEndsTheReadingNotTheAudit(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    try (Cli cli = Cli.against(tenant, dir)) {
      tenant.faults().on("GET", "/applications/[0-9a-f-]+").whoseQueryContains("keyCredentials").always()
          .respond(403, Map.of("Content-Type", "application/json"),
              "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges to complete the operation.\"}}");
      CliRun run = cli.run("audit", "--certificate-keys", "--format", "json", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      JsonNode n = notEvaluated(JSON.readTree(run.stdout()));
      assertEquals(403, n.get("because").get(0).get("status").asInt(), n.toString());
      assertTrue(n.get("reason").asText().contains("needs Application.Read.All or Directory.Read.All"), n.toString());
      assertEquals(3, keyReads(tenant).size(), "one batch, then no more");
    }
  }

  @Test
  void everyFormatReportsTheWeakCertificateAndNotTheGoodOne(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    try (Cli cli = Cli.against(tenant, dir)) {
      for (String format : List.of("text", "json", "csv", "sarif", "html")) {
        CliRun run = cli.run("audit", "--certificate-keys", "--format", format, "--out", "audit." + format);
        assertEquals(2, run.exitCode(), format + ": " + run);
        String report = Files.readString(dir.resolve("audit." + format));
        assertTrue(report.contains("certificate-weak-key"), format);
        assertTrue(report.contains("RSA 1024-bit key, below 2048"), format);
        assertTrue(report.contains("signed with SHA1withRSA (SHA-1)"), format);
        assertFalse(report.contains("CN=Good Certificate App"), format + " names the good certificate");
        assertFalse(report.contains("not evaluated for some registrations"), format);
      }
      CliRun text = cli.run("audit", "--format", "text", "--fail-on", "none");
      assertTrue(text.stdout().contains("Not evaluated: 1 of 29 rules (certificate-weak-key), see the end"), text.stdout());
      assertTrue(text.stdout().contains("    certificate-weak-key                   the certificates of registrations could "
          + "not be read: Graph returns a certificate only to a read of one registration, and 3 of 3"), text.stdout());
    }
  }

  @Test
  void aSnapshotHoldsNoCertificates(@TempDir Path dir) throws Exception {
    SimulatedTenant tenant = tenant();
    try (Cli cli = Cli.against(tenant, dir)) {
      assertEquals(0, cli.run("export", "--out", "snap.json").exitCode());
      CliRun both = cli.runRaw("audit", "--from", "snap.json", "--certificate-keys");
      assertEquals(64, both.exitCode(), both::toString);
      assertTrue(both.stderr().contains("error: --certificate-keys reads certificates from the tenant; a snapshot holds "
          + "none, so it cannot be combined with --from"), both.stderr());
      CliRun offline = cli.runRaw("audit", "--from", "snap.json", "--format", "json", "--fail-on", "none");
      assertEquals(0, offline.exitCode(), offline::toString);
      assertTrue(notEvaluated(JSON.readTree(offline.stdout())).get("reason").asText().contains("3 of 3"));
    }
  }
}
