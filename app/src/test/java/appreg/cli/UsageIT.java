package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: every contract command exists, explains itself, and answers bad input with 64. */
class UsageIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"profiles", "init", "plan", "apply", "bootstrap", "audit", "export"})
  void everyCommandHasHelpWithExamplesAndExitCodes(String command) {
    CliRun help = CliRun.run(dir, command, "--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.stdout().contains("Usage: appreg " + command), help::toString);
    assertTrue(help.stdout().contains("Examples:"), help::toString);
    assertTrue(help.stdout().contains("Exit codes:") && help.stdout().contains("77"), help::toString);
    assertTrue(help.stdout().contains("appreg " + command), "examples use the command itself");
  }

  @ParameterizedTest
  @ValueSource(strings = {"profiles", "init", "plan", "apply", "bootstrap", "audit", "export"})
  void anUnknownFlagExits64(String command) {
    CliRun run = CliRun.run(dir, command, "--no-such-flag");
    assertEquals(64, run.exitCode(), run::toString);
    assertTrue(run.stderr().contains("--no-such-flag") || run.stderr().contains("Missing required option"), run::toString);
    assertTrue(run.stderr().contains("Usage: appreg " + command), "the usage follows the error");
  }

  @Test
  void noCommandOrAnUnknownOneExits64() {
    assertEquals(64, CliRun.run(dir).exitCode());
    CliRun unknown = CliRun.run(dir, "deploy");
    assertEquals(64, unknown.exitCode(), unknown::toString);
  }

  @Test
  void versionAnswers() {
    CliRun v = CliRun.run(dir, "--version");
    assertEquals(0, v.exitCode());
    assertTrue(v.stdout().matches("appreg \\d+\\.\\d+\\.\\d+\\R"), v::toString);
  }

  @Test
  void anUnknownCloudOrAMissingManifestIsAUsageError() {
    CliRun cloud = CliRun.run(dir, "plan", "-f", "m.yaml", "--cloud", "germany");
    assertEquals(64, cloud.exitCode(), cloud::toString);
    assertTrue(cloud.stderr().contains("usgov-dod"), cloud::toString);
    CliRun missing = CliRun.run(dir, "plan", "-f", "missing.yaml", "--sandbox");
    assertEquals(64, missing.exitCode(), missing::toString);
  }
}
