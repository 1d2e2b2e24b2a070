package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code mvn package} leaves a man page per command in app/target/man/man1, and man renders each cleanly. */
class ManPagesPackageIT {
  static final Path PAGES = Path.of("target", "man", "man1").toAbsolutePath();

  /** appreg and every command --help lists, help excepted: from the command tree, so a new command needs a page. */
  static List<String> expectedPages() {
    return UsageIT.everyCommand().filter(name -> !name.equals("appreg help")).map(name -> name.replace(' ', '-')).toList();
  }

  @Test
  void thereIsAPagePerCommand() throws Exception {
    for (String page : expectedPages()) {
      Path file = PAGES.resolve(page + ".1");
      assertTrue(Files.isRegularFile(file), "the build made " + file);
      String roff = Files.readString(file);
      assertTrue(roff.contains(".TH \"" + page.toUpperCase(java.util.Locale.ROOT) + "\" 1 "), roff);
      for (String section : List.of(".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH EXIT STATUS",
          ".SH EXAMPLES", ".SH SEE ALSO")) {
        assertTrue(roff.contains("\n" + section + "\n"), page + " lacks " + section);
      }
    }
    try (var files = Files.list(PAGES)) {
      assertEquals(expectedPages().size(), files.count(), "no page for a command that is gone");
    }
  }

  @Test
  void manRendersEachPageWithoutWarningsAndWithItsOptions() throws Exception {
    Assumptions.assumeTrue(Pty.onPath("groff"), "groff is not installed; the pages were checked by content only");
    for (String page : expectedPages()) {
      Path file = PAGES.resolve(page + ".1");
      String warnings = run(List.of("groff", "-man", "-ww", "-z", "-Tutf8", file.toString()), Map.of());
      assertEquals("", warnings, page + ": groff warns");
      String shown = run(List.of("groff", "-man", "-Tutf8", "-P", "-cbou", file.toString()), Map.of());
      assertTrue(shown.contains(page + " - "), shown);
      assertTrue(shown.contains("-h, --help"), shown);
      assertTrue(shown.contains("64") && shown.contains("bad command line"), shown);
    }
    String plan = run(List.of("groff", "-man", "-Tutf8", "-P", "-cbou", PAGES.resolve("appreg-plan.1").toString()), Map.of());
    assertTrue(plan.contains("-f, --file=FILE"), plan);
    assertTrue(plan.contains("appreg plan -f appreg.yaml --sandbox"), "examples are shown as typed: " + plan);
    assertTrue(plan.contains("APPREG_TENANT"), plan);
  }

  private static String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
