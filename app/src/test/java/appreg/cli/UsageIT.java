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
  @ValueSource(strings = {"profiles", "init", "plan", "apply", "bootstrap", "delete", "audit", "export"})
  void everyCommandHasHelpWithExamplesAndExitCodes(String command) {
    CliRun help = CliRun.run(dir, command, "--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.stdout().contains("Usage: appreg " + command), help::toString);
    assertTrue(help.stdout().contains("Examples:"), help::toString);
    assertTrue(help.stdout().contains("Exit codes:") && help.stdout().contains("77"), help::toString);
    assertTrue(help.stdout().contains("appreg " + command), "examples use the command itself");
  }

  @ParameterizedTest
  @ValueSource(strings = {"profiles", "init", "plan", "apply", "bootstrap", "delete", "audit", "export"})
  void anUnknownFlagExits64(String command) {
    CliRun run = CliRun.run(dir, command, "--no-such-flag");
    assertEquals(64, run.exitCode(), run::toString);
    assertTrue(run.stderr().contains("--no-such-flag") || run.stderr().contains("Missing required option"), run::toString);
    assertTrue(run.stderr().contains("hint: see 'appreg " + command + " --help'"), "a pointer to the help follows");
  }

  @Test
  void noCommandOrAnUnknownOneExits64() {
    assertEquals(64, CliRun.run(dir).exitCode());
    CliRun unknown = CliRun.run(dir, "deploy");
    assertEquals(64, unknown.exitCode(), unknown::toString);
  }

  /** Every command's qualified name, from the command tree itself, so a new command is covered when it is added. */
  static java.util.stream.Stream<String> everyCommand() {
    Io io = new Io(new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()),
        java.io.InputStream.nullInputStream(), java.util.Map.of(), Path.of("."), false);
    java.util.List<String> names = new java.util.ArrayList<>();
    collect(AppregCommand.commandLine(io), names);
    return names.stream();
  }

  private static void collect(picocli.CommandLine line, java.util.List<String> names) {
    names.add(line.getCommandSpec().qualifiedName());
    line.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, names));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("everyCommand")
  void helpFitsIn80ColumnsAndNoExampleIsBrokenAcrossLines(String qualifiedName) {
    java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of(qualifiedName.split(" ")));
    words.remove(0);
    words.add("--help");
    CliRun help = CliRun.run(dir, words.toArray(String[]::new));
    assertEquals(0, help.exitCode(), help::toString);
    java.util.List<String> lines = help.stdout().lines().toList();
    for (String line : lines) assertTrue(line.length() <= 80, () -> line.length() + " columns: " + line);
    Io io = new Io(new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()),
        java.io.InputStream.nullInputStream(), java.util.Map.of(), dir, false);
    picocli.CommandLine line = AppregCommand.commandLine(io);
    for (int i = 1; i < qualifiedName.split(" ").length; i++) line = line.getSubcommands().get(qualifiedName.split(" ")[i]);
    for (String declared : line.getCommandSpec().usageMessage().footer()) {
      if (declared.isBlank() || !declared.startsWith(" ")) continue;   // prose may wrap; commands may not
      String example = declared.replace("%%", "%");                   // picocli formats footers
      assertTrue(lines.contains(example), () -> "example broken across lines at width 80: '" + example + "'\n" + help.stdout());
    }
  }

  @Test
  void versionAnswers() {
    for (String flag : new String[] {"--version", "-V"}) {
      CliRun v = CliRun.run(dir, flag);
      assertEquals(0, v.exitCode());
      assertTrue(v.stdout().matches("appreg \\d+\\.\\d+\\.\\d+ \\(commit [^)]+\\)\\RJava .*\\R"), v::toString);
      assertEquals("", v.stderr());
    }
  }

  /** A run builds only the verb it runs; help and mistakes must still see them all. */
  @Test
  void helpAndMistakesSeeEveryVerb() {
    var verbs = new String[] {"profiles", "init", "plan", "apply", "bootstrap", "audit", "export", "completion", "help"};
    for (CliRun help : new CliRun[] {CliRun.run(dir, "--help"), CliRun.run(dir, "help")}) {
      assertEquals(0, help.exitCode(), help::toString);
      for (String verb : verbs) {
        assertTrue(help.stdout().lines().anyMatch(l -> l.trim().startsWith(verb + " ")), verb + "\n" + help);
      }
    }
    CliRun none = CliRun.run(dir, "-v");
    for (String verb : verbs) assertTrue(verb.equals("help") || none.stderr().contains(verb), verb + "\n" + none);
    CliRun helpPlan = CliRun.run(dir, "help", "plan");
    assertEquals(0, helpPlan.exitCode(), helpPlan::toString);
    assertTrue(helpPlan.stdout().contains("Usage: appreg plan"), helpPlan::toString);
    CliRun global = CliRun.run(dir, "-o", "json", "-v", "profiles");
    assertEquals(0, global.exitCode(), global::toString);
    assertTrue(global.stdout().trim().startsWith("["), "global options before the verb still apply: " + global);
    CliRun typo = CliRun.run(dir, "-o", "json", "bootstap", "--profile", "partner-referrals");
    assertEquals(64, typo.exitCode(), typo::toString);
    assertTrue(typo.stderr().contains("bootstrap"), "suggests the verb: " + typo);
  }

  @Test
  void anUnknownCloudOrAMissingManifestIsAUsageError() {
    CliRun cloud = CliRun.run(dir, "plan", "-f", "m.yaml", "--cloud", "germany");
    assertEquals(64, cloud.exitCode(), cloud::toString);
    assertTrue(cloud.stderr().contains("usgov-dod"), cloud::toString);
    CliRun missing = CliRun.run(dir, "plan", "-f", "missing.yaml", "--sandbox");
    assertEquals(64, missing.exitCode(), missing::toString);
  }

  @Test
  void aSandboxLatencyThatIsNotMillisecondsIsAUsageError() {
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int code = Main.run(out, err, java.io.InputStream.nullInputStream(), java.util.Map.of("APPREG_SANDBOX_LATENCY_MS",
        "fast"), dir, "audit", "--sandbox");
    assertEquals(64, code, err::toString);
    assertTrue(err.toString().contains("APPREG_SANDBOX_LATENCY_MS=fast"), err::toString);
    assertTrue(!java.nio.file.Files.exists(dir.resolve(".appreg/sandbox-tenant.json")), "no sandbox was created");
  }
}
