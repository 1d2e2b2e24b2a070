package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bootstrap, apply and plan against a simulated tenant, asserting what an admin would see in the tenant and output. */
class ReconcileIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PARTNER = "4990cffe-04e8-4e8b-808a-1175604b879f";
  static final String GRAPH = "00000003-0000-0000-c000-000000000000";
  static final String USER_IMPERSONATION = "eabf9ef3-1f9e-f3da-19a1-bcd60d080567";
  static final String AUDIT_LOG_READ_ALL = "b0afded3-3588-46d8-8b3d-9842eff778da";
  static final String DIRECTORY_READ_ALL = "7ab1d382-f21e-4acd-a863-ba3e13f7da61";

  @TempDir Path dir;

  private static ObjectNode only(List<ObjectNode> nodes) {
    assertEquals(1, nodes.size(), () -> "expected exactly one, got " + nodes);
    return nodes.get(0);
  }

  private static Set<String> strings(JsonNode array, String field) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"partner-referrals", "partner-insights", "entra-reporting"})
  void bootstrapBuildsTheWholeRegistrationAndASecondRunChangesNothing(String profile) throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path secrets = Cli.secretDir(dir);
      CliRun first = cli.run("bootstrap", "--profile", profile, "--secret-dir", secrets.toString(), "-v");
      assertEquals(0, first.exitCode(), first::toString);

      ObjectNode app = only(tenant.applicationsWithUniqueName(profile));
      String appId = app.path("appId").asText();
      ObjectNode sp = only(tenant.servicePrincipalsFor(appId));
      JsonNode rra = app.path("requiredResourceAccess");
      assertEquals(1, rra.size(), rra::toString);
      if (profile.startsWith("partner")) {
        assertEquals(PARTNER, rra.get(0).path("resourceAppId").asText());
        assertEquals(Set.of(USER_IMPERSONATION), strings(rra.get(0).path("resourceAccess"), "id"));
        assertEquals("Scope", rra.get(0).path("resourceAccess").get(0).path("type").asText());
        ObjectNode partnerSp = only(tenant.servicePrincipalsFor(PARTNER));
        ObjectNode grant = only(tenant.list("oauth2PermissionGrants").stream()
            .filter(g -> g.path("clientId").asText().equals(sp.path("id").asText())).toList());
        assertEquals("AllPrincipals", grant.path("consentType").asText());
        assertEquals(partnerSp.path("id").asText(), grant.path("resourceId").asText());
        assertEquals("user_impersonation", grant.path("scope").asText().trim());
      } else {
        assertEquals(GRAPH, rra.get(0).path("resourceAppId").asText());
        assertEquals(Set.of(AUDIT_LOG_READ_ALL, DIRECTORY_READ_ALL), strings(rra.get(0).path("resourceAccess"), "id"));
        List<ObjectNode> assignments = tenant.list("appRoleAssignments").stream()
            .filter(a -> a.path("principalId").asText().equals(sp.path("id").asText())).toList();
        assertEquals(Set.of(AUDIT_LOG_READ_ALL, DIRECTORY_READ_ALL),
            new TreeSet<>(assignments.stream().map(a -> a.path("appRoleId").asText()).toList()));
      }
      JsonNode passwords = app.path("passwordCredentials");
      assertEquals(1, passwords.size(), passwords::toString);
      JsonNode pc = passwords.get(0);
      Duration lifetime = Duration.between(Instant.parse(pc.path("startDateTime").asText()), Instant.parse(pc.path("endDateTime").asText()));
      assertEquals(180, Math.round(lifetime.toHours() / 24.0), "lifetime in days");

      Path file = secrets.resolve(profile + ".json");
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)), "created owner-only");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      JsonNode delivered = JSON.readTree(file.toFile());
      String secret = delivered.path("clientSecret").asText();
      assertTrue(secret.length() >= 16, "a real secret was delivered");
      assertEquals(pc.path("hint").asText(), secret.substring(0, 3), "the delivered text is the one Graph issued");
      assertEquals(pc.path("keyId").asText(), delivered.path("keyId").asText());
      assertEquals(appId, delivered.path("clientId").asText());
      assertEquals(tenant.tenantId(), delivered.path("tenantId").asText());
      assertFalse(first.stdout().contains(secret) || first.stderr().contains(secret), "secret text leaked into output");
      assertTrue(first.stdout().contains(appId) && first.stdout().contains(tenant.tenantId()), first::toString);
      assertTrue(first.stdout().contains("Manual steps"), first::toString);

      tenant.resetRequestLog();
      CliRun second = cli.run("bootstrap", "--profile", profile, "--secret-dir", secrets.toString());
      assertEquals(0, second.exitCode(), second::toString);
      assertTrue(second.stdout().contains("No changes"), second::toString);
      assertEquals(List.of(), cli.writes(), "a second run sends no write");
      assertEquals(1, tenant.applicationsWithUniqueName(profile).size());
      assertEquals(1, only(tenant.applicationsWithUniqueName(profile)).path("passwordCredentials").size());
    }
  }

  @Test
  void bootstrapOfPartnerReferralsOnAFreshTenantTakesFourRoundTripsANoOpPlanAndAReRunTwo() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path manifest = dir.resolve("m.yaml");
      assertEquals(0, cli.runRaw("init", "--profile", "partner-referrals", "--out", manifest.toString()).exitCode());
      CliRun boot = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", Cli.secretDir(dir).toString());
      assertEquals(0, boot.exitCode(), boot::toString);
      // observe (a new registration has nothing more to read); Microsoft Partner's service principal and the
      // registration; its permissions, its service principal and addPassword; the grant and clearing the
      // pending-secret tag: each round trip one $batch
      int bootstrapTrips = tenant.requestCount();
      assertEquals(4, bootstrapTrips, () -> "bootstrap round trips: " + tenant.requests());
      assertTrue(tenant.requests().stream().allMatch(r -> r.path().endsWith("$batch")), tenant.requests()::toString);
      String app = "/applications/" + only(tenant.applicationsWithUniqueName("partner-referrals")).path("id").asText();
      List<List<String>> batches = tenant.requests().stream().map(r -> {
        List<String> items = new ArrayList<>();
        try {
          JSON.readTree(r.body()).path("requests").forEach(i -> items.add(i.path("method").asText() + " " + i.path("url").asText()
              .replaceAll("\\?.*", "")));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        java.util.Collections.sort(items);
        return items;
      }).toList();
      assertEquals(List.of(
              List.of("PATCH /applications(uniqueName='partner-referrals')", "POST /servicePrincipals"),
              List.of("PATCH " + app, "POST " + app + "/addPassword", "POST /servicePrincipals"),
              List.of("PATCH " + app, "POST /oauth2PermissionGrants")),
          batches.subList(1, 4), batches::toString);

      tenant.resetRequestLog();
      CliRun plan = cli.run("plan", "-f", manifest.toString(), "--format", "json");
      assertEquals(0, plan.exitCode(), plan::toString);
      assertTrue(JSON.readTree(plan.stdout()).path("inSync").asBoolean());
      // the registrations and APIs; then the registration's service principal with its grants and assignments
      assertEquals(2, tenant.requestCount(), () -> "a no-op plan is two batched reads: " + tenant.requests());
      assertTrue(tenant.requests().stream().allMatch(r -> r.path().endsWith("$batch")), tenant.requests()::toString);

      tenant.resetRequestLog();
      CliRun again = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", Cli.secretDir(dir).toString());
      assertEquals(0, again.exitCode(), again::toString);
      assertTrue(again.stdout().contains("No changes"), again::toString);
      assertEquals(2, tenant.requestCount(), () -> "a re-run with nothing to change reads as plan does: " + tenant.requests());
      assertEquals(List.of(), cli.writes());
    }
  }

  @Test
  void planNeverWritesAndReportsEveryMissingPieceOnAFreshTenant() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path manifest = dir.resolve("m.yaml");
      cli.runRaw("init", "--profile", "partner-referrals", "--out", manifest.toString());
      CliRun plan = cli.run("plan", "-f", manifest.toString(), "--format", "json");
      assertEquals(2, plan.exitCode(), plan::toString);
      JsonNode json = JSON.readTree(plan.stdout());
      assertFalse(json.path("inSync").asBoolean());
      List<String> kinds = new ArrayList<>();
      json.path("drift").forEach(d -> kinds.add(d.path("kind").asText()));
      assertEquals(List.of("APP_MISSING", "RESOURCE_SP_MISSING", "PERMISSION_MISSING", "SP_MISSING", "CONSENT_MISSING",
          "SECRET_MISSING"), kinds);
      json.path("drift").forEach(d -> {
        assertEquals("partner-referrals", d.path("application").asText());
        assertFalse(d.path("action").asText().isBlank());
      });
      assertEquals(List.of(), cli.writes());

      CliRun text = cli.run("plan", "-f", manifest.toString());
      assertEquals(2, text.exitCode());
      assertTrue(text.stdout().contains("+ APP_MISSING"), text::toString);
      assertTrue(text.stdout().contains("Plan: "), text::toString);
    }
  }

  @Test
  void outOfBandChangesShowAsDriftAndApplyRepairsThem() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path manifest = dir.resolve("m.yaml");
      Files.writeString(manifest, """
          applications:
            - key: reports
              displayName: Contoso Reports
              web:
                redirectUris: [https://localhost]
              permissions:
                - api: Microsoft Graph
                  delegated: [User.Read, AuditLog.Read.All]
                  application: [AuditLog.Read.All]
              secret:
                lifetimeDays: 90
                rotateWithinDays: 10
          """);
      String s = Cli.secretDir(dir).toString();
      assertEquals(0, cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", s).exitCode());
      assertEquals(0, cli.run("plan", "-f", manifest.toString()).exitCode());
      ObjectNode app = only(tenant.applicationsWithUniqueName("reports"));
      String spId = only(tenant.servicePrincipalsFor(app.path("appId").asText())).path("id").asText();
      ObjectNode grant = only(tenant.list("oauth2PermissionGrants").stream().filter(g -> g.path("clientId").asText().equals(spId)).toList());

      // a permission removed from the registration
      tenant.update("applications", app.path("id").asText(), (ObjectNode) JSON.readTree("{\"requiredResourceAccess\": []}"));
      expectDriftThenRepair(cli, manifest, s, "PERMISSION_MISSING");

      // the grant trimmed, then an extra scope granted, then the grant deleted
      tenant.update("oauth2PermissionGrants", grant.path("id").asText(), (ObjectNode) JSON.readTree("{\"scope\": \"User.Read\"}"));
      expectDriftThenRepair(cli, manifest, s, "CONSENT_MISSING");
      tenant.update("oauth2PermissionGrants", grant.path("id").asText(),
          (ObjectNode) JSON.readTree("{\"scope\": \"User.Read AuditLog.Read.All Mail.Read\"}"));
      expectDriftThenRepair(cli, manifest, s, "CONSENT_EXTRA");
      tenant.delete("oauth2PermissionGrants", grant.path("id").asText());
      expectDriftThenRepair(cli, manifest, s, "CONSENT_MISSING");

      // the secret expired
      ObjectNode expired = (ObjectNode) JSON.readTree("{\"passwordCredentials\": []}");
      ObjectNode pc = ((com.fasterxml.jackson.databind.node.ArrayNode) expired.withArray("passwordCredentials")).addObject();
      JsonNode old = only(tenant.applicationsWithUniqueName("reports")).path("passwordCredentials").get(0);
      pc.setAll((ObjectNode) old.deepCopy());
      pc.put("endDateTime", "2020-01-01T00:00:00Z");
      tenant.update("applications", app.path("id").asText(), expired);
      expectDriftThenRepair(cli, manifest, s, "SECRET_EXPIRED");
      JsonNode now = only(tenant.applicationsWithUniqueName("reports")).path("passwordCredentials");
      assertEquals(1, now.size(), "the expired secret is removed once the new one is delivered: " + now);
      assertTrue(Instant.parse(now.get(0).path("endDateTime").asText()).isAfter(Instant.now()));

      // a second registration with the same display name, made by hand
      ObjectNode twin = tenant.create("applications", (ObjectNode) JSON.readTree("{\"displayName\": \"Contoso Reports\"}"));
      String twinBefore = tenant.get("applications", twin.path("id").asText()).orElseThrow().toString();
      CliRun plan = cli.run("plan", "-f", manifest.toString(), "--format", "json");
      assertEquals(2, plan.exitCode(), plan::toString);
      assertTrue(plan.stdout().contains("APP_DUPLICATE"), plan::toString);
      CliRun apply = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", s);
      assertEquals(0, apply.exitCode(), apply::toString);
      assertTrue(apply.stdout().contains("Manual steps"), apply::toString);
      assertEquals(twinBefore, tenant.get("applications", twin.path("id").asText()).orElseThrow().toString(),
          "a registration without the key is never modified");
      CliRun after = cli.run("plan", "-f", manifest.toString());
      assertEquals(0, after.exitCode(), () -> apply + "\n" + after);
      assertEquals(1, tenant.applicationsWithUniqueName("reports").size());
    }
  }

  private static void expectDriftThenRepair(Cli cli, Path manifest, String secrets, String kind) throws Exception {
    CliRun plan = cli.run("plan", "-f", manifest.toString(), "--format", "json");
    assertEquals(2, plan.exitCode(), plan::toString);
    List<String> kinds = StreamSupport.stream(JSON.readTree(plan.stdout()).path("drift").spliterator(), false)
        .map(d -> d.path("kind").asText()).toList();
    assertTrue(kinds.contains(kind), "expected " + kind + " in " + kinds);
    CliRun apply = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", secrets);
    assertEquals(0, apply.exitCode(), apply::toString);
    CliRun again = cli.run("plan", "-f", manifest.toString());
    assertEquals(0, again.exitCode(), again::toString);
  }

  @Test
  void replicationDelaysAndThrottlingAreWaitedOutWithoutDuplicates() throws Exception {
    var tenant = SimulatedTenant.fresh().replicationLag(3);
    tenant.faults().on("POST", "/servicePrincipals").throttle("2.128");
    tenant.faults().on("POST", "/oauth2PermissionGrants").throttle("3");
    tenant.faults().on("POST", "/\\$batch").times(2).throttle("1");
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", Cli.secretDir(dir).toString(), "-v");
      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(1, tenant.applicationsWithUniqueName("partner-referrals").size());
      String appId = only(tenant.applicationsWithUniqueName("partner-referrals")).path("appId").asText();
      assertEquals(1, tenant.servicePrincipalsFor(appId).size());
      assertEquals(1, tenant.servicePrincipalsFor(PARTNER).size());
      assertEquals(1, tenant.list("oauth2PermissionGrants").stream().filter(g -> g.path("consentType").asText().equals("AllPrincipals")
          && g.path("resourceId").asText().equals(only(tenant.servicePrincipalsFor(PARTNER)).path("id").asText())).count());
      assertTrue(cli.sleeps.contains(Duration.ofMillis(2128)), "waited Retry-After 2.128 s: " + cli.sleeps);
      assertTrue(cli.sleeps.contains(Duration.ofSeconds(3)), "waited Retry-After 3 s: " + cli.sleeps);
      assertTrue(run.stderr().contains("replicate"), "replication waits are visible under -v");
    }
  }

  @Test
  void aPermanentFailureOnTheSecretReportsDoneAndNotDoneAndTheNextRunConverges() throws Exception {
    var tenant = SimulatedTenant.fresh();
    var fault = tenant.faults().on("POST", "/applications/[^/]+/addPassword").always().respond(503);
    try (Cli cli = Cli.against(tenant, dir)) {
      Path s = Cli.secretDir(dir);
      CliRun failed = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s.toString());
      assertEquals(1, failed.exitCode(), failed::toString);
      assertTrue(failed.stdout().contains("done") && failed.stdout().contains("FAILED"), failed::toString);
      assertTrue(failed.stderr().contains("503"), failed::toString);
      assertEquals(1, fault.fired(), "addPassword is never re-sent blindly");

      tenant.faults().clear();
      CliRun again = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s.toString());
      assertEquals(0, again.exitCode(), again::toString);
      ObjectNode app = only(tenant.applicationsWithUniqueName("partner-referrals"));
      assertEquals(1, app.path("passwordCredentials").size());
      assertEquals(app.path("passwordCredentials").get(0).path("keyId").asText(),
          JSON.readTree(s.resolve("partner-referrals.json").toFile()).path("keyId").asText());
    }
  }

  @Test
  void aSecretIssuedButNeverDeliveredIsRevokedByTheNextRun() throws Exception {
    var tenant = SimulatedTenant.fresh();
    // the answer to addPassword is lost after Graph issued the secret: what a crash in between looks like
    tenant.faults().on("POST", "/applications/[^/]+/addPassword").afterCommit().dropConnection();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path s = Cli.secretDir(dir);
      CliRun failed = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s.toString());
      assertEquals(1, failed.exitCode(), failed::toString);
      ObjectNode app = only(tenant.applicationsWithUniqueName("partner-referrals"));
      assertEquals(1, app.path("passwordCredentials").size(), "Graph did issue one");
      String orphan = app.path("passwordCredentials").get(0).path("keyId").asText();

      CliRun again = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s.toString());
      assertEquals(0, again.exitCode(), again::toString);
      JsonNode now = only(tenant.applicationsWithUniqueName("partner-referrals")).path("passwordCredentials");
      assertEquals(1, now.size(), now::toString);
      assertFalse(now.get(0).path("keyId").asText().equals(orphan), "the undelivered secret was revoked");
      assertEquals(now.get(0).path("keyId").asText(), JSON.readTree(s.resolve("partner-referrals.json").toFile()).path("keyId").asText());
    }
  }

  @Test
  void anUndeliveredSecretIsFoundFromTheTenantAloneWhenTheNextRunDeliversElsewhere() throws Exception {
    var tenant = SimulatedTenant.fresh();
    tenant.faults().on("POST", "/applications/[^/]+/addPassword").afterCommit().dropConnection();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path first = Cli.secretDir(dir);
      assertEquals(1, cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", first.toString()).exitCode());
      String orphan = only(tenant.applicationsWithUniqueName("partner-referrals")).path("passwordCredentials").get(0).path("keyId").asText();
      assertTrue(only(tenant.applicationsWithUniqueName("partner-referrals")).path("tags").toString().contains("appreg:pending-secret="));

      Path elsewhere = dir.resolve("other-machine");
      CliRun again = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", elsewhere.toString());
      assertEquals(0, again.exitCode(), again::toString);
      ObjectNode app = only(tenant.applicationsWithUniqueName("partner-referrals"));
      assertEquals(1, app.path("passwordCredentials").size());
      assertFalse(app.path("passwordCredentials").get(0).path("keyId").asText().equals(orphan));
      assertFalse(app.path("tags").toString().contains("appreg:pending-secret="), "the mark is cleared after delivery");
    }
  }

  @Test
  void twoConcurrentAppliesEndWithOneRegistrationAndOneSecret() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path s = Cli.secretDir(dir);
      List<CliRun> runs = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread a = new Thread(() -> runs.add(cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s.toString())));
      Thread b = new Thread(() -> runs.add(cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s.toString())));
      a.start();
      b.start();
      a.join();
      b.join();
      for (CliRun r : runs) assertEquals(0, r.exitCode(), r::toString);
      ObjectNode app = only(tenant.applicationsWithUniqueName("partner-referrals"));
      assertEquals(1, tenant.servicePrincipalsFor(app.path("appId").asText()).size());
      assertEquals(1, app.path("passwordCredentials").size());
    }
  }

  @Test
  void aTokenWithoutGrantPermissionExits77BeforeAnyWrite() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir).withToken(SandboxTokens.withRoles(
        "Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Directory.Read.All"))) {
      CliRun run = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", Cli.secretDir(dir).toString());
      assertEquals(77, run.exitCode(), run::toString);
      assertTrue(run.stderr().contains("DelegatedPermissionGrant.ReadWrite.All"), run::toString);
      assertEquals(List.of(), cli.writes());
    }
  }

  @Test
  void aSecretWithNowhereToGoStopsBeforeAnyWrite() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("bootstrap", "--profile", "partner-referrals");
      assertEquals(64, run.exitCode(), run::toString);
      assertTrue(run.stderr().contains("--secret-dir"), run::toString);
      assertEquals(List.of(), cli.writes());
      assertTrue(tenant.applicationsWithUniqueName("partner-referrals").isEmpty());
    }
  }

  @Test
  void anUnknownPermissionNameListsWhatTheApiOffersAndWritesNothing() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path manifest = dir.resolve("m.yaml");
      Files.writeString(manifest, """
          applications:
            - key: typo
              displayName: Typo
              permissions:
                - api: Microsoft Graph
                  application: [User.Reed.All]
          """);
      CliRun run = cli.run("apply", "-f", manifest.toString(), "--yes");
      assertEquals(65, run.exitCode(), run::toString);
      assertTrue(run.stderr().contains("m.yaml:"), run::toString);
      assertTrue(run.stderr().contains("nearest first: User.Read.All"), run::toString);
      assertEquals(List.of(), cli.writes());
    }
  }

  @Test
  void aPlainHttpGraphUrlIsRefusedBeforeAnyRequest() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path manifest = dir.resolve("m.yaml");
      cli.runRaw("init", "--profile", "partner-referrals", "--out", manifest.toString());
      CliRun run = cli.runRaw("plan", "-f", manifest.toString(), "--graph-url", "http://graph.example");
      assertEquals(64, run.exitCode(), run::toString);
      CliRun cloud = cli.runRaw("plan", "-f", manifest.toString(), "--cloud", "china", "--graph-url", "https://graph.microsoft.com");
      assertEquals(64, cloud.exitCode(), cloud::toString);
      assertEquals(0, tenant.requestCount());
    }
  }

  @Test
  void applyWithoutYesRefusesWhenNobodyCanBeAsked() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path manifest = dir.resolve("m.yaml");
      cli.runRaw("init", "--profile", "partner-referrals", "--out", manifest.toString());
      CliRun run = cli.run("apply", "-f", manifest.toString(), "--secret-dir", Cli.secretDir(dir).toString());
      assertEquals(64, run.exitCode(), run::toString);
      assertEquals(0, tenant.requestCount());
    }
  }

  /** The README's first command, on a fresh checkout: .appreg/ is where apply keeps its lock, so secrets/ can go in it. */
  @Test
  void theReadmeBootstrapWorksInAFreshDirectory() throws Exception {
    CliRun run = CliRun.run(dir, "bootstrap", "--profile", "partner-referrals", "--sandbox", "--secret-dir", ".appreg/secrets");
    assertEquals(0, run.exitCode(), run::toString);
    Path secrets = dir.resolve(".appreg/secrets");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
    try (var files = Files.list(secrets)) {
      assertEquals(List.of("partner-referrals.json"), files.map(p -> p.getFileName().toString()).toList());
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        secrets.resolve("partner-referrals.json"))));
  }
}
