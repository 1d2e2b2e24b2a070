package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Terminal detection in a real pseudo-terminal, and without one, in a separate JVM each time. */
class TerminalTest {
  @TempDir Path dir;

  private static String probe(Pty.Result r) {
    for (String line : r.shown().split("\r?\n")) if (line.startsWith("probe ")) return line.trim();
    throw new AssertionError("the probe printed nothing: " + r);
  }

  @Test
  void allThreeStreamsInAPseudoTerminal() {
    Pty.Result r = Pty.inTerminal(Pty.java("appreg.cli.TerminalProbe"), Map.of(), dir);
    assertTrue(probe(r).startsWith("probe stdin=true stdout=true stderr=true devices=true,true,true "), r::toString);
  }

  @Test
  void stdoutIntoAPipeWhileStderrStaysOnTheTerminal() {
    Pty.Result out = Pty.inTerminal(Pty.java("appreg.cli.TerminalProbe") + " | cat", Map.of(), dir);
    assertTrue(probe(out).startsWith("probe stdin=true stdout=false stderr=true devices=true,false,true "), out::toString);
    Pty.Result err = Pty.inTerminal(Pty.java("appreg.cli.TerminalProbe") + " 2>/dev/null", Map.of(), dir);
    assertTrue(probe(err).startsWith("probe stdin=true stdout=true stderr=false devices=true,true,false "), err::toString);
    Pty.Result in = Pty.inTerminal(Pty.java("appreg.cli.TerminalProbe") + " </dev/null", Map.of(), dir);
    assertTrue(probe(in).startsWith("probe stdin=false stdout=true stderr=true devices=false,true,true "), in::toString);
  }

  @Test
  void noTerminalWhenEverythingIsPiped() {
    Pty.Result r = Pty.piped(Pty.java("appreg.cli.TerminalProbe"), Map.of(), dir);
    assertEquals("probe stdin=false stdout=false stderr=false devices=false,false,false width=80", probe(r), r::toString);
  }

  @Test
  void widthComesFromColumnsOrTheTerminal() {
    Pty.Result fromEnv = Pty.inTerminal(Pty.java("appreg.cli.TerminalProbe"), Map.of("COLUMNS", "97"), dir);
    assertTrue(probe(fromEnv).endsWith(" width=97"), fromEnv::toString);
    Pty.Result fromTty = Pty.inTerminal("stty cols 113 rows 40; " + Pty.java("appreg.cli.TerminalProbe"), Map.of(), dir);
    assertTrue(probe(fromTty).endsWith(" width=113"), fromTty::toString);
  }
}
