package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -v ends with one line saying where the run's time went; only on stderr, only numbers. */
class TimingIT {
  static final Pattern SUMMARY = Pattern.compile("appreg: timing: (\\d+\\.\\d\\d) s = start-up (\\d+\\.\\d\\d) s "
      + "\\(to the first Graph request\\) \\+ Graph (\\d+\\.\\d\\d) s \\((\\d+) requests?\\) \\+ waits (\\d+\\.\\d\\d) s "
      + "\\(Retry-After, backoff, replication\\) \\+ local work (\\d+\\.\\d\\d) s");

  @TempDir Path dir;

  @Test
  void verboseRunEndsWithTheTimingOfEveryRequestOnStderrOnly() throws Exception {
    // lag enough that the objects a round creates are not yet visible to the next round's requests
    var tenant = SimulatedTenant.fresh().replicationLag(3);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", Cli.secretDir(dir).toString(),
          "--format", "json", "-v");
      assertEquals(0, run.exitCode(), run::toString);

      List<String> lines = run.stderr().lines().toList();
      Matcher m = SUMMARY.matcher(lines.get(lines.size() - 1));
      assertTrue(m.matches(), run::toString);
      assertEquals(tenant.requestCount(), Integer.parseInt(m.group(4)), "one per request the tenant answered");
      assertFalse(cli.sleeps.isEmpty(), "the replication waits were recorded");
      double parts = Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)) + Double.parseDouble(m.group(5))
          + Double.parseDouble(m.group(6));
      assertEquals(Double.parseDouble(m.group(1)), parts, 0.021, "the four parts add up to the whole");

      new ObjectMapper().readTree(run.stdout());                   // stdout is still exactly the JSON document
      assertFalse(run.stdout().contains("timing"), run::toString);
      assertEquals(1, run.stderr().lines().filter(l -> l.contains("timing")).count(), run::toString);
    }
  }

  @Test
  void withoutVerboseThereIsNoTimingLine() {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      CliRun run = cli.run("plan", "-f", write("appreg.yaml"), "--format", "json");
      assertEquals(2, run.exitCode(), run::toString);
      assertFalse(run.stderr().contains("timing"), run::toString);
    }
  }

  @Test
  void aRunThatNeverReachesGraphSaysSo() {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      assertEquals(0, cli.run("export", "--out", "snapshot.json").exitCode());
      CliRun run = cli.runRaw("audit", "--from", "snapshot.json", "--fail-on", "none", "-v");
      assertEquals(0, run.exitCode(), run::toString);
      List<String> lines = run.stderr().lines().toList();
      assertTrue(lines.get(lines.size() - 1).matches("appreg: timing: \\d+\\.\\d\\d s in all, no Graph request"),
          run::toString);
    }
  }

  private String write(String name) {
    CliRun init = CliRun.run(dir, "init", "--profile", "partner-referrals", "--out", name);
    assertEquals(0, init.exitCode(), init::toString);
    return dir.resolve(name).toString();
  }
}
