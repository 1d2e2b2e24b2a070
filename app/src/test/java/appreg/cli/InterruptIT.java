package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C and kill: the apply finishes the step in flight, says what was done and what was not, exits 130, and a
 * re-run converges with no duplicate and no orphan secret; no pending-secret mark outlives a converged run. The signal
 * tests send a real SIGINT or SIGTERM to appreg running as its own process, while the sandbox holds a request.
 */
class InterruptIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PROFILE = "partner-referrals";

  @TempDir Path dir;

  /** The tenant holds exactly what one finished bootstrap makes, the secret was delivered, and nothing is pending. */
  static void assertConverged(SimulatedTenant tenant, Cli cli, Path secrets) throws IOException {
    List<ObjectNode> apps = tenant.applicationsWithUniqueName(PROFILE);
    assertEquals(1, apps.size(), "one registration");
    ObjectNode app = apps.get(0);
    String appId = app.path("appId").asText();
    assertEquals(1, tenant.servicePrincipalsFor(appId).size(), "one service principal");
    String sp = tenant.servicePrincipalsFor(appId).get(0).path("id").asText();
    assertEquals(1, tenant.list("oauth2PermissionGrants").stream().filter(g -> g.path("clientId").asText().equals(sp)).count(),
        "one grant");
    JsonNode passwords = app.path("passwordCredentials");
    assertEquals(1, passwords.size(), () -> "one secret, no orphan: " + passwords);
    JsonNode delivered = JSON.readTree(secrets.resolve(PROFILE + ".json").toFile());
    assertEquals(passwords.get(0).path("keyId").asText(), delivered.path("keyId").asText(), "the one secret is the delivered one");
    List<String> pending = new ArrayList<>();
    app.path("tags").forEach(t -> {
      if (t.asText().startsWith("appreg:pending-secret=")) pending.add(t.asText());
    });
    assertEquals(List.of(), pending, "no pending-secret mark left behind");
    CliRun plan = cli.run("plan", "-f", "m.yaml", "--secret-dir", secrets.toString());
    assertEquals(0, plan.exitCode(), plan::toString);
  }

  /**
   * Independent steps go out together, a round trip at a time (docs/reconcile.md), so a stop lands between rounds:
   * what went out in the round the stop came in finishes, nothing later starts. The stop is asked for when a
   * request's answer is traced under -v, before any step of that round resumes. After the round that creates the
   * registration, the secret is not started; after the one that issues it (with the app's service principal), consent,
   * the next round, is not started.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "in the batch: PATCH /applications(uniqueName=|create registration|issue a client secret 'appreg' valid 180 days|0",
      "/addPassword -> 200|issue a client secret|grant admin consent for Microsoft Partner: user_impersonation|1"})
  void anApplyStoppedBetweenRoundTripsSaysWhatItDidAndAReRunConverges(String marker, String done, String notDone,
      int secrets) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path secretDir = Cli.secretDir(dir);
      assertEquals(0, cli.runRaw("init", "--profile", PROFILE, "--out", "m.yaml").exitCode());
      CliRun stopped = cli.runInterruptedAt(marker, "apply", "-f", "m.yaml", "--yes", "--secret-dir", secretDir.toString(),
          "-v");
      assertEquals(130, stopped.exitCode(), stopped::toString);
      assertTrue(stopped.stdout().contains("done        " + done), stopped::toString);
      assertTrue(stopped.stderr().contains("error: interrupted by SIGINT; stopped on request before: "), stopped::toString);
      assertTrue(stopped.stderr().contains("not done    " + notDone), stopped::toString);
      assertTrue(stopped.stderr().contains("Run apply again to finish: it continues from what is in the tenant"), stopped::toString);
      assertEquals(secrets, tenant.applicationsWithUniqueName(PROFILE).get(0).path("passwordCredentials").size(),
          stopped::toString);

      CliRun again = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secretDir.toString());
      assertEquals(0, again.exitCode(), again::toString);
      assertConverged(tenant, cli, secretDir);
    }
  }

  @Test
  void aPendingMarkLeftByARunThatStoppedAfterDeliveringIsClearedByTheNext() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path secrets = Cli.secretDir(dir);
      assertEquals(0, cli.runRaw("init", "--profile", PROFILE, "--out", "m.yaml").exitCode());
      // the secret is issued and delivered; then clearing the mark fails (as if the process died right there)
      tenant.faults().on("PATCH", "/applications/[^(].*").always()
          .respond(503, Map.of("Content-Type", "application/json"), "{\"error\":{\"code\":\"serviceUnavailable\",\"message\":\"down\"}}");
      CliRun first = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets.toString());
      assertEquals(1, first.exitCode(), first::toString);
      ObjectNode app = tenant.applicationsWithUniqueName(PROFILE).get(0);
      assertEquals(1, app.path("passwordCredentials").size(), first::toString);
      assertTrue(app.path("tags").toString().contains("appreg:pending-secret="), "the mark stayed: " + app.path("tags"));
      tenant.faults().clear();

      CliRun plan = cli.run("plan", "-f", "m.yaml", "--secret-dir", secrets.toString());
      assertEquals(2, plan.exitCode(), plan::toString);
      assertTrue(plan.stdout().contains("pending-secret"), plan::toString);
      CliRun again = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets.toString());
      assertEquals(0, again.exitCode(), again::toString);
      assertConverged(tenant, cli, secrets);
    }
  }

  // ---- a real process and a real signal

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  void aSignalMidApplyFinishesTheRequestInFlightPrintsTheSummaryAndExits130(String signal) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Path secrets = Cli.secretDir(dir);
      assertEquals(0, cli.runRaw("init", "--profile", PROFILE, "--out", "m.yaml").exitCode());
      // the secret is held for a while: the signal arrives while its round (the app's service principal, its
      // permissions and addPassword, sent together) is in flight; consent, the round after, is not started
      tenant.faults().on("POST", "/applications/[^/]+/addPassword").delay(Duration.ofSeconds(4));
      Child child = Child.start(dir, "apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets.toString(),
          "--graph-url", cli.graphUrl());
      child.awaitOrFail(() -> cli.writes().stream().anyMatch(r -> r.method().equals("POST")
          && r.path().endsWith("/addPassword")), "the secret's request to reach the tenant");
      child.signal(signal);
      int code = child.waitFor();

      assertEquals(130, code, child::toString);
      String out = child.stdout();
      String err = child.stderr();
      assertTrue(out.contains("done        create registration"), child::toString);
      assertTrue(out.contains("done        issue a client secret 'appreg' valid 180 days"),
          "the request in flight was finished, not abandoned\n" + child);
      assertTrue(err.contains("appreg: SIG" + signal + ": finishing the step in flight, then stopping"), child::toString);
      assertTrue(err.contains("""
          error: interrupted by SIG%s; stopped on request before: grant admin consent for Microsoft Partner: user_impersonation
          Done: 5 steps. Not done: 1:
            not done    grant admin consent for Microsoft Partner: user_impersonation
          Run apply again to finish: it continues from what is in the tenant, without duplicates.
          """.formatted(signal)), "the summary, word for word\n" + child);
      ObjectNode app = tenant.applicationsWithUniqueName(PROFILE).get(0);
      assertEquals(1, app.path("passwordCredentials").size(), "the secret in flight was issued");
      assertEquals(0, tenant.list("oauth2PermissionGrants").size(), "no consent yet");

      tenant.faults().clear();
      CliRun again = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets.toString());
      assertEquals(0, again.exitCode(), again::toString);
      assertConverged(tenant, cli, secrets);
    }
  }

  @Test
  void aSignalDuringAReadStopsItWithOneJsonDocument() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      tenant.faults().on("POST", "/\\$batch").delay(Duration.ofSeconds(3));
      Child child = Child.start(dir, "audit", "--format", "json", "--graph-url", cli.graphUrl());
      child.awaitOrFail(() -> !tenant.requests().isEmpty(), "the first read to reach the tenant");
      child.signal("INT");
      int code = child.waitFor();
      assertEquals(130, code, child::toString);
      JsonNode doc = JSON.readTree(child.stdout());
      assertEquals(130, doc.path("error").path("exitCode").asInt(), child::toString);
      assertEquals("interrupted", doc.path("error").path("kind").asText(), child::toString);
      assertTrue(child.stderr().contains("error: interrupted by SIGINT"), child::toString);
    }
  }

  /** appreg.cli.Main in its own JVM, with the test classpath, its streams collected as they come. */
  static final class Child {
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread[] pumps;

    private Child(Process process) {
      this.process = process;
      this.pumps = new Thread[] {pump(process.getInputStream(), out), pump(process.getErrorStream(), err)};
    }

    static Child start(Path dir, String... args) throws IOException {
      List<String> command = new ArrayList<>();
      // a background job of a non-interactive shell starts with SIGINT ignored, and the JVM then leaves it ignored;
      // a terminal's Ctrl-C never is: start appreg with the default disposition, as a shell in a terminal would
      if (defaultSignalSupported()) command.add("env");
      if (defaultSignalSupported()) command.add("--default-signal=INT");
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "appreg.cli.Main"));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().keySet().removeIf(k -> k.startsWith("APPREG_") || k.equals("NO_COLOR"));
      pb.environment().put("APPREG_ACCESS_TOKEN", SandboxTokens.allPermissions());
      return new Child(pb.start());
    }

    private static Boolean defaultSignal;

    static synchronized boolean defaultSignalSupported() {
      if (defaultSignal == null) {
        try {
          Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
          p.getInputStream().readAllBytes();
          defaultSignal = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
          defaultSignal = false;
        }
      }
      return defaultSignal;
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[8192];
        try {
          for (int n; (n = in.read(buf)) >= 0; ) {
            synchronized (to) {
              to.write(buf, 0, n);
            }
          }
        } catch (IOException ignored) {
          // the process ended
        }
      });
      t.setDaemon(true);
      t.start();
      return t;
    }

    /** Waits (up to two minutes: the machine may be busy) for {@code condition}; fails if the process ends first. */
    void awaitOrFail(BooleanSupplier condition, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!condition.getAsBoolean()) {
        if (!process.isAlive()) throw new AssertionError("appreg ended before " + what + "\n" + this);
        if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what + "\n" + this);
        Thread.sleep(20);
      }
    }

    void signal(String name) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    int waitFor() throws InterruptedException {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("appreg did not stop\n" + this);
      }
      for (Thread t : pumps) t.join(10_000);
      return process.exitValue();
    }

    String stdout() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }

    String stderr() {
      synchronized (err) {
        return err.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public String toString() {
      return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }
  }
}
