package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * appreg as a separate process in a real pseudo-terminal: plan lines are coloured there, and not when stdout is a
 * pipe, NO_COLOR is set or --no-color is given. The sandbox tenant keeps it off the network.
 */
class ColourTerminalTest {
  static final String ESC = "\u001b[";

  @TempDir Path dir;

  @Test
  void colourOnTheTerminalOnlyAndOffWhenAskedOrPiped() {
    assertEquals(0, CliRun.run(dir, "init", "--profile", "partner-referrals", "--out", "m.yaml").exitCode());
    String plan = Pty.java("appreg.cli.Main", "plan", "-f", "m.yaml", "--sandbox-state", "tenant.json");
    String shellLine = String.join("; ",
        plan, "echo '#1'",
        "NO_COLOR=1 " + plan, "echo '#2'",
        plan + " --no-color", "echo '#3'",
        plan + " | cat", "echo '#4'");
    Pty.Result r = Pty.inTerminal(shellLine, Map.of(), dir);
    String[] runs = r.shown().split("#\\d\r?\n", -1);
    assertEquals(5, runs.length, r::toString);

    assertTrue(runs[0].contains(ESC + "32m+ APP_MISSING" + ESC + "0m"), "green + on a terminal: " + r);
    assertTrue(runs[0].contains(ESC + "1mPlan: "), r::toString);
    for (int i = 1; i <= 3; i++) {
      assertTrue(runs[i].contains("+ APP_MISSING"), r::toString);
      assertFalse(runs[i].contains(ESC), "run " + (i + 1) + " has no colour: " + r);
    }
  }

  @Test
  void noColourWhenNothingIsATerminal() {
    assertEquals(0, CliRun.run(dir, "init", "--profile", "partner-referrals", "--out", "m.yaml").exitCode());
    Pty.Result r = Pty.piped(Pty.java("appreg.cli.Main", "plan", "-f", "m.yaml", "--sandbox-state", "tenant.json"),
        Map.of(), dir);
    assertEquals(2, r.exitCode(), r::toString);
    assertTrue(r.shown().contains("+ APP_MISSING"), r::toString);
    assertFalse(r.shown().contains(ESC), r::toString);
  }
}
