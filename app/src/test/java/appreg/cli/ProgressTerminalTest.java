package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress in a real pseudo-terminal: one line on stderr, rewritten in place with a carriage return and cut to the
 * terminal's width, whatever stdout is (a file, JSON); none when stderr itself is not a terminal, and never on stdout.
 */
class ProgressTerminalTest {
  @TempDir Path dir;

  /** The texts a carriage return rewrote, in order (what the person saw flicker by), without trailing blanks. */
  static List<String> progressLines(String shown) {
    List<String> lines = new ArrayList<>();
    for (String part : shown.split("\r")) {
      String line = part.split("\n", -1)[0].stripTrailing();
      if (line.startsWith("reading tenant: ")) lines.add(line);
    }
    return lines;
  }

  @Test
  void aRedirectedAuditStillShowsProgressOnTheTerminalCutToItsWidth() throws Exception {
    String audit = Pty.java("appreg.cli.Main", "audit", "--sandbox-state", "tenant.json", "--fail-on", "none");
    String json = Pty.java("appreg.cli.Main", "audit", "--sandbox-state", "tenant.json", "--fail-on", "none", "-o", "json");
    String shellLine = String.join("; ",
        "stty cols 40",
        audit + " > report.txt", "echo '#1'",
        json + " > report.json", "echo '#2'",
        audit + " 2> progress.txt > /dev/null", "echo '#3'");
    Pty.Result r = Pty.inTerminal(shellLine, Map.of(), dir);
    String[] runs = r.shown().split("#\\d\r?\n", -1);
    assertEquals(4, runs.length, r::toString);

    for (int i = 0; i < 2; i++) {
      List<String> lines = progressLines(runs[i]);
      assertFalse(lines.isEmpty(), "progress on the terminal, run " + (i + 1) + ": " + r);
      for (String line : lines) assertTrue(line.length() <= 39, "cut to 40 columns (less the last): '" + line + "'");
      assertTrue(lines.stream().anyMatch(l -> l.endsWith("...")), "the line is longer than 40 columns, so it was cut: " + lines);
    }
    String report = Files.readString(dir.resolve("report.txt"));
    assertTrue(report.startsWith("Audit of Contoso"), report);
    assertFalse(report.contains("reading tenant") || report.contains("\r"), "nothing of the progress in the report");
    new ObjectMapper().readTree(dir.resolve("report.json").toFile());   // one JSON document, no progress in it
    assertFalse(Files.readString(dir.resolve("report.json")).contains("reading tenant"));

    assertEquals(List.of(), progressLines(runs[2]), "stderr is a file: nothing on the terminal");
    String progress = Files.readString(dir.resolve("progress.txt"));
    assertFalse(progress.contains("reading tenant"), "and nothing in the file: " + progress);
  }

  @Test
  void noProgressWhenNothingIsATerminal() {
    Pty.Result r = Pty.piped(Pty.java("appreg.cli.Main", "audit", "--sandbox-state", "tenant.json", "--fail-on", "none"),
        Map.of(), dir);
    assertEquals(0, r.exitCode(), r::toString);
    assertFalse(r.shown().contains("reading tenant"), r::toString);
  }
}
