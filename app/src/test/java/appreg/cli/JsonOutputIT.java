package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With --format json, stdout holds exactly one JSON value for every command and every outcome, and that value is
 * what docs/schemas/ says: the command's schema for exit 0 and 2, error.schema.json for any other exit.
 */
class JsonOutputIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
  static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b
      .schemaMappers(m -> m
          .mapPrefix("https://appreg.dev/schemas/snapshot-v1.schema.json", DOCS.resolve("snapshot.schema.json").toUri().toString())
          .mapPrefix("https://appreg.dev/docs/", DOCS.toUri().toString())));
  static final String ERROR_403 = """
      {"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}""";
  static final String ERROR_400 = """
      {"error":{"code":"Request_BadRequest","message":"The request is not valid."}}""";

  @TempDir Path dir;

  /** One command line against a tenant prepared for it, and the exit code it must end with. */
  record Case(String schema, int exit, Setup setup, String... args) {}

  @FunctionalInterface
  interface Setup {
    void prepare(SimulatedTenant tenant, Cli cli, Path dir) throws Exception;
  }

  static final Setup NOTHING = (t, c, d) -> {};
  static final Setup MANIFEST = (t, c, d) -> c.runRaw("init", "--profile", "partner-referrals", "--out", "m.yaml");
  static final Setup BOOTSTRAPPED = (t, c, d) -> {
    MANIFEST.prepare(t, c, d);
    assertEquals(0, c.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", Cli.secretDir(d).toString()).exitCode());
  };

  static Stream<Arguments> outcomes() {
    List<Arguments> all = new ArrayList<>();
    add(all, "profiles", new Case("profiles", 0, NOTHING, "profiles", "--format", "json"));
    add(all, "init, to stdout", new Case("init", 0, NOTHING, "init", "--profile", "entra-reporting", "--format", "json"));
    add(all, "init --out", new Case("init", 0, NOTHING, "init", "--profile", "entra-reporting", "--format", "json", "--out", "m.json"));
    add(all, "init, unknown profile", new Case("error", 64, NOTHING, "init", "--profile", "nope", "--format", "json"));
    add(all, "plan, drift", new Case("plan", 2, MANIFEST, "plan", "-f", "m.yaml", "--format", "json"));
    add(all, "plan, in sync", new Case("plan", 0, BOOTSTRAPPED, "plan", "-f", "m.yaml", "--format", "json"));
    add(all, "plan, invalid manifest", new Case("error", 65, (t, c, d) -> Files.writeString(d.resolve("m.yaml"), "applications: [\n"),
        "plan", "-f", "m.yaml", "--format", "json"));
    add(all, "plan, unknown option", new Case("error", 64, NOTHING, "plan", "-f", "m.yaml", "--format", "json", "--no-such-flag"));
    add(all, "plan, missing -f", new Case("error", 64, NOTHING, "plan", "--format=json"));
    add(all, "-o json before the command, unknown option", new Case("error", 64, NOTHING, "-o", "json", "plan", "-f", "m.yaml",
        "--no-such-flag"));
    add(all, "unknown command", new Case("error", 64, NOTHING, "-o", "json", "deploy"));
    add(all, "plan, no such manifest", new Case("error", 64, NOTHING, "plan", "-f", "none.yaml", "--format", "json"));
    add(all, "plan, Graph fails", new Case("error", 1, (t, c, d) -> {
      MANIFEST.prepare(t, c, d);
      t.faults().on("POST", "/\\$batch").always().respond(400, Map.of("Content-Type", "application/json"), ERROR_400);
    }, "plan", "-f", "m.yaml", "--format", "json"));
    add(all, "apply", new Case("apply", 0, MANIFEST, "apply", "-f", "m.yaml", "--yes", "--secret-dir", "secrets", "--format", "json"));
    add(all, "apply, no changes", new Case("apply", 0, BOOTSTRAPPED, "apply", "-f", "m.yaml", "--yes", "--secret-dir", "secrets",
        "--format", "json"));
    add(all, "apply, nowhere for the secret", new Case("error", 64, MANIFEST, "apply", "-f", "m.yaml", "--yes", "--format", "json"));
    add(all, "apply, refused to consent", new Case("error", 77, (t, c, d) -> {
      MANIFEST.prepare(t, c, d);
      t.faults().on("POST", "/oauth2PermissionGrants").respond(403, Map.of("Content-Type", "application/json"), ERROR_403);
    }, "apply", "-f", "m.yaml", "--yes", "--secret-dir", "secrets", "--format", "json"));
    add(all, "apply, Graph fails mid-run", new Case("error", 1, (t, c, d) -> {
      MANIFEST.prepare(t, c, d);
      t.faults().on("POST", "/oauth2PermissionGrants").respond(400, Map.of("Content-Type", "application/json"), ERROR_400);
    }, "apply", "-f", "m.yaml", "--yes", "--secret-dir", "secrets", "--format", "json"));
    add(all, "bootstrap", new Case("bootstrap", 0, NOTHING, "bootstrap", "--profile", "entra-reporting", "--secret-dir", "secrets",
        "--format", "json"));
    add(all, "bootstrap --show-secret", new Case("bootstrap", 0, NOTHING, "bootstrap", "--profile", "partner-insights",
        "--show-secret", "--format", "json"));
    add(all, "bootstrap, unknown profile", new Case("error", 64, NOTHING, "bootstrap", "--profile", "nope", "--format", "json"));
    add(all, "delete", new Case("delete", 0, BOOTSTRAPPED, "delete", "-f", "m.yaml", "--yes", "--purge", "--secret-dir", "secrets",
        "--format", "json"));
    add(all, "delete, nothing to delete", new Case("delete", 0, MANIFEST, "delete", "-f", "m.yaml", "--yes", "--format", "json"));
    add(all, "delete without --yes", new Case("error", 64, BOOTSTRAPPED, "delete", "-f", "m.yaml", "--format", "json"));
    add(all, "delete, Graph fails mid-run", new Case("error", 1, (t, c, d) -> {
      BOOTSTRAPPED.prepare(t, c, d);
      t.faults().on("DELETE", "/applications/.*").respond(400, Map.of("Content-Type", "application/json"), ERROR_400);
    }, "delete", "-f", "m.yaml", "--yes", "--format", "json"));
    add(all, "audit", new Case("audit", 0, NOTHING, "audit", "--format", "json", "--fail-on", "none"));
    add(all, "audit, findings at --fail-on", new Case("audit", 2, (t, c, d) -> KnownCases.plant(t), "audit", "--format", "json"));
    add(all, "audit --out", new Case("audit", 0, NOTHING, "audit", "--format", "json", "--fail-on", "none", "--out", "a.json"));
    add(all, "audit, corrupt snapshot", new Case("error", 65, (t, c, d) -> Files.writeString(d.resolve("s.json"), "{\"schemaVersion\": 1,"),
        "audit", "--from", "s.json", "--format", "json"));
    add(all, "audit, bad --fail-on", new Case("error", 64, NOTHING, "audit", "--format", "json", "--fail-on", "severe"));
    add(all, "export to stdout", new Case("export", 0, NOTHING, "export", "--out", "-", "--format", "json"));
    add(all, "export --out", new Case("export", 0, NOTHING, "export", "--out", "snap.json", "--format", "json"));
    Setup refusing = (t, c, d) -> {
      t.b2c();
      t.faults().on("GET", "/policies/authorizationPolicy").always().respond(403, java.util.Map.of("Content-Type", "application/json"), ERROR_403);
    };
    add(all, "audit, reads refused", new Case("audit", 0, refusing, "audit", "--format", "json", "--fail-on", "none"));
    add(all, "audit --out, reads refused", new Case("audit", 0, refusing, "audit", "--format", "json", "--fail-on", "none", "--out", "a.json"));
    add(all, "export to stdout, reads refused", new Case("export", 0, refusing, "export", "--out", "-", "--format", "json"));
    add(all, "export --out, reads refused", new Case("export", 0, refusing, "export", "--out", "snap.json", "--format", "json"));
    add(all, "export, Graph fails", new Case("error", 1,
        (t, c, d) -> t.faults().on("POST", "/\\$batch").always().respond(400, Map.of("Content-Type", "application/json"), ERROR_400),
        "export", "--out", "snap.json", "--format", "json"));
    return all.stream();
  }

  private static void add(List<Arguments> all, String name, Case c) {
    all.add(Arguments.of(Named.of(name, c)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void stdoutIsOneDocumentThatMatchesItsSchema(Case c) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Files.createDirectories(dir.resolve("secrets"));
      Files.setPosixFilePermissions(dir.resolve("secrets"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      c.setup().prepare(tenant, cli, dir);
      boolean talksToTenant = !Set.of("profiles", "init", "-o").contains(c.args()[0]) && !List.of(c.args()).contains("--from");
      CliRun run = talksToTenant ? cli.run(c.args()) : cli.runRaw(c.args());
      assertEquals(c.exit(), run.exitCode(), run::toString);
      JsonNode doc = onlyValue(run);
      String schema = c.exit() == 0 || c.exit() == 2 ? c.schema() : "error";
      assertEquals(Set.of(), validate(schema, doc), () -> schema + ".schema.json\n" + run);
      if (schema.equals("error")) {
        assertEquals(c.exit(), doc.path("error").path("exitCode").asInt());
        assertTrue(run.stderr().contains(doc.path("error").path("message").asText().lines().findFirst().orElseThrow()),
            "the same message on stderr\n" + run);
      }
    }
  }

  @Test
  void aFailedApplyReportsWhatWasDoneAndWhatWasNotInsideTheErrorDocument() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    // a token appreg cannot read (not a JWT): Graph's 403 is the only judge, so the error names the step's permissions
    try (Cli cli = Cli.against(tenant, dir).withToken("opaque-token")) {
      MANIFEST.prepare(tenant, cli, dir);
      tenant.faults().on("POST", "/oauth2PermissionGrants").respond(403, Map.of("Content-Type", "application/json"), ERROR_403);
      CliRun run = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", Cli.secretDir(dir).toString(), "--format", "json");
      assertEquals(77, run.exitCode(), run::toString);
      JsonNode doc = onlyValue(run);
      assertEquals("permission", doc.path("error").path("kind").asText());
      assertTrue(doc.path("error").path("needed").toString().contains("DelegatedPermissionGrant.ReadWrite.All"), doc::toString);
      JsonNode report = doc.path("report");
      assertTrue(report.path("failed").asBoolean() && report.path("changed").asBoolean(), report::toString);
      List<String> statuses = new ArrayList<>();
      report.path("steps").forEach(s -> statuses.add(s.path("kind").asText() + " " + s.path("status").asText()));
      // the secret went out in the round before consent (it does not need consent), so it is done
      assertTrue(statuses.contains("APP_MISSING done") && statuses.contains("CONSENT_MISSING failed")
          && statuses.contains("SECRET_MISSING done"), statuses::toString);
      assertEquals(tenant.applicationsWithUniqueName("partner-referrals").get(0).path("appId").asText(),
          report.path("settings").get(0).path("clientId").asText());
      assertTrue(run.stderr().contains("done        create registration"), "each step as it finished, on stderr\n" + run);
      assertTrue(run.stderr().contains("Not done: 1:"), run::toString);
    }
  }

  @Test
  void showSecretPutsTheSecretInTheOneDocumentAndNowhereElse() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("bootstrap", "--profile", "partner-referrals", "--show-secret", "--format", "json", "-v");
      assertEquals(0, run.exitCode(), run::toString);
      JsonNode doc = onlyValue(run);
      String secret = doc.path("settings").get(0).path("clientSecret").asText();
      JsonNode issued = tenant.applicationsWithUniqueName("partner-referrals").get(0).path("passwordCredentials").get(0);
      assertTrue(secret.length() >= 16 && secret.startsWith(issued.path("hint").asText()), doc::toString);
      assertEquals(issued.path("keyId").asText(), doc.path("settings").get(0).path("secretKeyId").asText());
      assertEquals("stdout", doc.path("settings").get(0).path("secretDeliveredTo").asText());
      assertEquals(1, run.stdout().split(java.util.regex.Pattern.quote(secret), -1).length - 1, "once on stdout");
      assertFalse(run.stderr().contains(secret), "never on stderr");
    }
  }

  @Test
  void withoutJsonTheSecretIsPrintedAsItIsIssued() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("bootstrap", "--profile", "partner-referrals", "--show-secret");
      assertEquals(0, run.exitCode(), run::toString);
      JsonNode issued = tenant.applicationsWithUniqueName("partner-referrals").get(0).path("passwordCredentials").get(0);
      assertTrue(run.stdout().contains("\"keyId\" : \"" + issued.path("keyId").asText() + "\""), run::toString);
      assertTrue(run.stdout().contains("Client secret delivered to  stdout"), run::toString);
    }
  }

  @Test
  void anInterruptedApplyIsAnErrorDocumentWithItsReport() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      MANIFEST.prepare(tenant, cli, dir);
      CliRun run = cli.runInterruptedAt("create registration", "apply", "-f", "m.yaml", "--yes", "--secret-dir",
          Cli.secretDir(dir).toString(), "--format", "json");
      assertEquals(130, run.exitCode(), run::toString);
      JsonNode doc = onlyValue(run);
      assertEquals(Set.of(), validate("error", doc), doc::toString);
      assertEquals("interrupted", doc.path("error").path("kind").asText());
      assertTrue(doc.path("error").path("message").asText().startsWith("interrupted by SIGINT; stopped on request before: "), doc::toString);
      assertTrue(doc.path("report").path("changed").asBoolean(), doc::toString);
      assertTrue(run.stderr().contains("Run apply again to finish"), run::toString);
    }
  }

  @Test
  void theSchemasRejectWhatTheyDoNotDescribe() throws Exception {
    assertFalse(validate("plan", JSON.readTree("{\"inSync\": \"yes\", \"drift\": []}")).isEmpty());
    assertFalse(validate("plan", JSON.readTree("{\"inSync\": false, \"drift\": [{\"application\": \"a\", \"kind\": \"APP_GONE\","
        + " \"detail\": \"\", \"action\": \"\"}]}")).isEmpty(), "an unknown drift kind");
    String error = "{\"error\": {\"exitCode\": 1, \"kind\": \"graph\", \"message\": \"m\"}";
    assertEquals(Set.of(), validate("error", JSON.readTree(error + "}")));
    assertFalse(validate("error", JSON.readTree(error + ", \"report\": {\"changed\": 1}}")).isEmpty(), "the report is an apply document");
    assertFalse(validate("bootstrap", JSON.readTree("{\"changed\": true}")).isEmpty());
    assertFalse(validate("export", JSON.readTree("{\"schemaVersion\": 1}")).isEmpty(), "neither a snapshot nor a summary");
    assertFalse(validate("init", JSON.readTree("{\"applications\": [{\"displayName\": 5}]}")).isEmpty(), "not a manifest");
  }

  /** Exactly one JSON value and nothing after it but whitespace. */
  static JsonNode onlyValue(CliRun run) throws Exception {
    try (JsonParser p = JSON.getFactory().createParser(run.stdout())) {
      JsonNode doc = JSON.readTree(p);
      assertTrue(doc != null && !doc.isMissingNode(), () -> "no JSON on stdout\n" + run);
      assertNull(p.nextToken(), () -> "more than one JSON value on stdout\n" + run);
      return doc;
    }
  }

  static Set<String> validate(String schema, JsonNode doc) throws Exception {
    JsonSchema s = SCHEMAS.getSchema(DOCS.resolve("schemas").resolve(schema + ".schema.json").toUri());
    Set<String> errors = new java.util.TreeSet<>();
    s.validate(doc).forEach(m -> errors.add(m.getMessage()));
    return errors;
  }
}
