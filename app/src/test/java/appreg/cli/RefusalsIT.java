package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that must stop, and what the tenant looks like afterwards. */
class RefusalsIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void twoRegistrationsClaimingTheKeyBlockApplyUntilResolved() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      String s = Cli.secretDir(dir).toString();
      assertEquals(0, cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s).exitCode());
      ObjectNode copy = tenant.create("applications", (ObjectNode) JSON.readTree(
          "{\"displayName\": \"Copy of referrals\", \"tags\": [\"appreg:key=partner-referrals\"]}"));
      Path manifest = dir.resolve("m.yaml");
      cli.runRaw("init", "--profile", "partner-referrals", "--out", manifest.toString());

      CliRun plan = cli.run("plan", "-f", manifest.toString(), "--format", "json");
      assertEquals(2, plan.exitCode(), plan::toString);
      assertTrue(plan.stdout().contains("APP_DUPLICATE"), plan::toString);

      tenant.resetRequestLog();
      CliRun apply = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", s);
      assertEquals(1, apply.exitCode(), apply::toString);
      assertTrue(apply.stderr().contains("two registrations claim the key"), apply::toString);
      assertEquals(List.of(), cli.writes());

      tenant.delete("applications", copy.path("id").asText());
      assertEquals(0, cli.run("plan", "-f", manifest.toString()).exitCode());
    }
  }

  @Test
  void aLifetimePolicyIsPredictedByPlanAndStopsApplyBeforeAnyWrite() throws Exception {
    var tenant = SimulatedTenant.fresh();
    tenant.restrictPasswordLifetime("P180D");   // secrets must live less than 180 days: the profile's 180 is refused
    try (Cli cli = Cli.against(tenant, dir)) {
      Path manifest = dir.resolve("m.yaml");
      cli.runRaw("init", "--profile", "partner-referrals", "--out", manifest.toString());
      CliRun plan = cli.run("plan", "-f", manifest.toString());
      assertEquals(2, plan.exitCode(), plan::toString);
      assertTrue(plan.stdout().contains("apply will stop"), plan::toString);

      CliRun apply = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", Cli.secretDir(dir).toString());
      assertEquals(1, apply.exitCode(), apply::toString);
      assertTrue(apply.stderr().contains("P180D") && apply.stderr().contains("lifetimeDays to 179"), apply::toString);
      assertEquals(List.of(), cli.writes());

      Files.writeString(manifest, Files.readString(manifest).replace("lifetimeDays: 180", "lifetimeDays: 179"));
      CliRun shorter = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", Cli.secretDir(dir).toString());
      assertEquals(0, shorter.exitCode(), shorter::toString);
    }
  }

  @Test
  void aMissingGrantPermissionDuringApplyExits77AndAReRunFinishesWithoutDuplicates() throws Exception {
    var tenant = SimulatedTenant.fresh();
    tenant.faults().on("POST", "/oauth2PermissionGrants").respond(403, java.util.Map.of(), """
        {"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.",
        "innerError":{"date":"2025-02-13T10:17:06","request-id":"93b6f17e-c05d-4f45-ad2a-6665c708d8a0"}}}""");
    try (Cli cli = Cli.against(tenant, dir)) {
      String s = Cli.secretDir(dir).toString();
      CliRun run = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s);
      assertEquals(77, run.exitCode(), run::toString);
      assertTrue(run.stderr().contains("DelegatedPermissionGrant.ReadWrite.All"), run::toString);
      assertTrue(run.stdout().contains("done        create registration"), "each step as it finished\n" + run);
      // the secret does not depend on consent: it went out in the same round trip as the grant, and was delivered
      assertTrue(run.stdout().contains("done        issue a client secret"), run::toString);
      assertTrue(run.stderr().contains("Not done: 1:\n  FAILED      grant admin consent"), "what was not done\n" + run);

      CliRun again = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", s);
      assertEquals(0, again.exitCode(), again::toString);
      ObjectNode app = tenant.applicationsWithUniqueName("partner-referrals").get(0);
      assertEquals(1, tenant.applicationsWithUniqueName("partner-referrals").size());
      assertEquals(1, tenant.servicePrincipalsFor(app.path("appId").asText()).size());
      assertEquals(1, app.path("passwordCredentials").size());
    }
  }

  @Test
  void aSecretEchoedInAnErrorBodyIsNeverPrinted() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path s = Cli.secretDir(dir);
      Path manifest = dir.resolve("m.yaml");
      Files.writeString(manifest, """
          applications:
            - key: echo
              displayName: Echo
              permissions:
                - api: Microsoft Graph
                  delegated: [User.Read]
              secret: {}
              directoryRoles:
                - role: Security Reader
          """);
      // the secret is issued and delivered; then the next write fails with an answer that quotes... the secret
      tenant.faults().on("POST", "/roleManagement/directory/roleAssignments").respond(400, java.util.Map.of(),
          "{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"PLACEHOLDER\"}}");
      // the fault body must carry the real secret text: issue first, then read it from the delivered file
      CliRun first = cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", s.toString());
      assertEquals(1, first.exitCode(), first::toString);
      String secret = JSON.readTree(s.resolve("echo.json").toFile()).path("clientSecret").asText();
      tenant.faults().clear();
      tenant.faults().on("POST", "/roleManagement/directory/roleAssignments").respond(400, java.util.Map.of(),
          "{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"cannot assign to " + secret + "\"}}");
      ByteArrayHolder.assertNoLeak(secret, cli.run("apply", "-f", manifest.toString(), "--yes", "--secret-dir", s.toString(), "-v"));
    }
  }

  @Test
  void theCallersTokenEchoedInAnErrorBodyIsNeverPrinted() throws Exception {
    var tenant = SimulatedTenant.fresh();
    String token = appreg.provisioning.sandbox.SandboxTokens.allPermissions();
    tenant.faults().on("PATCH", "/applications.*").respond(400, java.util.Map.of(),
        "{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"cannot assign to " + token + "\"}}");
    try (Cli cli = Cli.against(tenant, dir).withToken(token)) {
      ByteArrayHolder.assertNoLeak(token, cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir",
          Cli.secretDir(dir).toString(), "-v"));
    }
  }

  /** The secret appears in neither stream, while the failure itself is reported. */
  static final class ByteArrayHolder {
    static void assertNoLeak(String secret, CliRun run) {
      assertEquals(1, run.exitCode(), run::toString);
      assertTrue(run.stderr().contains("cannot assign to"), run::toString);
      assertFalse(run.stdout().contains(secret) || run.stderr().contains(secret), "secret text printed:\n" + run);
    }
  }

  /** Each destination that cannot hold the file stops the run before the first tenant write, with exit 1. */
  @Test
  void aSecretDirectoryThatCannotHoldTheFileStopsBeforeAnyWrite() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path exposed = Files.createDirectory(dir.resolve("exposed"));
    Files.setPosixFilePermissions(Files.writeString(exposed.resolve("partner-referrals.json"), "{}"),
        PosixFilePermissions.fromString("rw-r--r--"));
    var cases = new java.util.LinkedHashMap<Path, String>();
    cases.put(dir.resolve("missing/secrets"), "error: --secret-dir " + dir.resolve("missing/secrets") + " cannot be created: "
        + "its parent " + dir.resolve("missing") + " does not exist (appreg creates only the last directory); create the "
        + "parent or name another directory");
    cases.put(file.resolve("secrets"), "error: --secret-dir " + file.resolve("secrets") + " cannot be created: " + file
        + " is not a directory");
    cases.put(file, "error: --secret-dir " + file + " is not a directory");
    if (Files.isDirectory(Path.of("/proc/self"))) {
      cases.put(Path.of("/proc"), "error: --secret-dir /proc cannot hold a file: creating one there failed: no such file "
          + "or directory");
    }
    cases.put(exposed, "error: " + exposed.resolve("partner-referrals.json") + " has mode rw-r--r--, wider than rw------- "
        + "(0600); treat the secret in it as exposed, remove the file (or chmod 600 it) and run again");
    for (var c : cases.entrySet()) {
      var tenant = SimulatedTenant.fresh();
      try (Cli cli = Cli.against(tenant, dir)) {
        CliRun run = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", c.getKey().toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(c.getValue(), run.stderr().lines().findFirst().orElse(""), run::toString);
        assertEquals(List.of(), cli.writes(), "no tenant write for " + c.getKey());
      }
    }
    assertFalse(Files.exists(dir.resolve("missing")), "a missing parent is not created");
  }
}
