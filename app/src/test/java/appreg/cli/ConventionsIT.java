package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What users of az, gh and terraform expect of a command line: -o, global options anywhere, colour rules. */
class ConventionsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ESC = "\u001b[";

  @TempDir Path dir;

  private Cli cli() {
    Cli cli = Cli.against(SimulatedTenant.fresh(), dir);
    assertEquals(0, cli.runRaw("init", "--profile", "partner-referrals", "--out", "m.yaml").exitCode());
    return cli;
  }

  @Test
  void dashOIsFormat() throws Exception {
    try (Cli cli = cli()) {
      CliRun shortForm = cli.run("plan", "-f", "m.yaml", "-o", "json");
      assertEquals(2, shortForm.exitCode(), shortForm::toString);
      CliRun longForm = cli.run("plan", "-f", "m.yaml", "--format", "json");
      assertEquals(JSON.readTree(longForm.stdout()), JSON.readTree(shortForm.stdout()));
      assertFalse(JSON.readTree(shortForm.stdout()).get("inSync").asBoolean());
    }
  }

  @Test
  void globalOptionsAreAcceptedBeforeTheSubcommandAndAfterIt() throws Exception {
    try (Cli cli = cli()) {
      CliRun before = cli.run("-o", "json", "-v", "plan", "-f", "m.yaml");
      assertEquals(2, before.exitCode(), before::toString);
      assertFalse(JSON.readTree(before.stdout()).get("inSync").asBoolean());
      assertTrue(before.stderr().contains("  graph: "), "-v before the subcommand traces Graph calls: " + before);

      CliRun after = cli.run("plan", "-f", "m.yaml", "-o", "json", "-v");
      assertEquals(JSON.readTree(after.stdout()), JSON.readTree(before.stdout()));
      assertTrue(after.stderr().contains("  graph: "), after::toString);

      CliRun quiet = cli.run("plan", "-f", "m.yaml", "-o", "json");
      assertFalse(quiet.stderr().contains("  graph: "), "no trace without -v: " + quiet);

      CliRun overridden = cli.run("--format", "json", "plan", "-f", "m.yaml", "--format", "text");
      assertTrue(overridden.stdout().startsWith("Tenant "), "the subcommand's own option wins: " + overridden);

      cli.withTerminal(new Terminal(false, true, false));
      CliRun plain = cli.run("--no-color", "plan", "-f", "m.yaml");
      assertFalse(plain.stdout().contains(ESC), plain::toString);
    }
  }

  @Test
  void colourOnlyOnATerminalAndNotWhenSomethingSaysNo() {
    try (Cli cli = cli()) {
      CliRun piped = cli.run("plan", "-f", "m.yaml");
      assertEquals(2, piped.exitCode(), piped::toString);
      assertFalse(piped.stdout().contains(ESC), "stdout is not a terminal: " + piped);

      cli.withTerminal(new Terminal(false, true, false));
      CliRun coloured = cli.run("plan", "-f", "m.yaml");
      assertTrue(coloured.stdout().contains("  " + ESC + "32m+ APP_MISSING" + ESC + "0m"), coloured::toString);
      assertTrue(coloured.stdout().contains(ESC + "1mPlan: "), coloured::toString);
      assertEquals(piped.stdout().replace("\n", ""), strip(coloured.stdout()).replace("\n", ""),
          "colour adds escapes, nothing else");
      assertFalse(coloured.stderr().contains(ESC), "nothing coloured on stderr: " + coloured);

      assertFalse(cli.run("plan", "-f", "m.yaml", "--no-color").stdout().contains(ESC));
      assertFalse(cli.withEnv("NO_COLOR", "1").run("plan", "-f", "m.yaml").stdout().contains(ESC));
      assertTrue(cli.withEnv("NO_COLOR", "").run("plan", "-f", "m.yaml").stdout().contains(ESC),
          "no-color.org: an empty NO_COLOR does not count");
      assertFalse(cli.withEnv("NO_COLOR", null).withEnv("TERM", "dumb").run("plan", "-f", "m.yaml").stdout().contains(ESC));
      cli.withEnv("TERM", null);
      assertFalse(cli.run("plan", "-f", "m.yaml", "-o", "json").stdout().contains(ESC), "json is never coloured");

      cli.withTerminal(new Terminal(false, false, true));
      assertFalse(cli.run("plan", "-f", "m.yaml").stdout().contains(ESC), "a terminal on stderr only is not enough");
    }
  }

  @Test
  void anInSyncPlanAndACleanAuditAreGreenAndFindingsCarryTheirSeverityColour() {
    try (Cli cli = cli()) {
      Path secrets = dir.resolve("secrets");
      assertEquals(0, cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets.toString()).exitCode());
      cli.withTerminal(new Terminal(false, true, false));
      CliRun inSync = cli.run("plan", "-f", "m.yaml");
      assertEquals(0, inSync.exitCode(), inSync::toString);
      assertTrue(inSync.stdout().contains(ESC + "32mNo changes." + ESC + "0m"), inSync::toString);

      CliRun audit = cli.run("audit", "--fail-on", "none");
      assertEquals(0, audit.exitCode(), audit::toString);
      for (String line : audit.stdout().split("\n")) {
        if (line.startsWith("HIGH") || line.startsWith(ESC + "31mHIGH")) assertTrue(line.startsWith(ESC + "31mHIGH" + ESC + "0m ("), line);
        if (line.contains("MEDIUM (")) assertTrue(line.startsWith(ESC + "33mMEDIUM" + ESC + "0m ("), line);
        if (line.contains("LOW (") || line.contains("INFO (")) assertFalse(line.contains(ESC), line);
      }
      assertTrue(audit.stdout().contains(ESC + "33mMEDIUM") || audit.stdout().contains(ESC + "31mHIGH"),
          "the sandbox tenant has findings worth colouring: " + audit);

      CliRun toFile = cli.run("audit", "--fail-on", "none", "--out", "audit.txt");
      assertEquals(0, toFile.exitCode(), toFile::toString);
      assertFalse(readString(dir.resolve("audit.txt")).contains(ESC), "a report written to a file has no colour");
    }
  }

  @Test
  void applyStepsAreGreenWhenDoneOnATerminal() {
    try (Cli cli = cli()) {
      String secrets = dir.resolve("secrets").toString();
      cli.withTerminal(new Terminal(false, true, false));
      CliRun coloured = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets);
      assertEquals(0, coloured.exitCode(), coloured::toString);
      assertTrue(coloured.stdout().contains(ESC + "32mdone" + ESC + "0m        create registration"), coloured::toString);
      assertFalse(strip(coloured.stdout()).contains(ESC));

      cli.withTerminal(Terminal.NONE);
      CliRun json = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets, "-o", "json");
      assertEquals(0, json.exitCode(), json::toString);
      assertFalse(json.stdout().contains(ESC) || json.stderr().contains(ESC), json::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"plan -f m.yaml", "apply -f m.yaml", "audit", "export --out s.json", "init --profile p",
      "bootstrap --profile p", "profiles"})
  void aUsageErrorIsOneLineAndAPointerToHelp(String commandLine) {
    String command = commandLine.split(" ")[0];
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(commandLine.split(" ")));
    args.add("--no-such-flag");
    CliRun run = CliRun.run(dir, args.toArray(String[]::new));
    assertEquals(64, run.exitCode(), run::toString);
    assertEquals("", run.stdout(), run::toString);
    String[] lines = run.stderr().split("\\R");
    assertTrue(lines[0].startsWith("error: ") && lines[0].contains("--no-such-flag"), run::toString);
    assertEquals("hint: see 'appreg " + command + " --help'", lines[lines.length - 1], run::toString);
    assertTrue(lines.length <= 3, "no usage text: " + run);
    assertFalse(run.stderr().contains("Usage:"), run::toString);
  }

  @Test
  void aMissingRequiredOptionIsOneLineToo() {
    CliRun run = CliRun.run(dir, "plan");
    assertEquals(64, run.exitCode(), run::toString);
    assertEquals("error: Missing required option: '--file=FILE'\nhint: see 'appreg plan --help'\n",
        run.stderr().replace("\r\n", "\n"), run::toString);
  }

  @Test
  void aMistypedCommandSuggestsTheNearestOnes() {
    CliRun run = CliRun.run(dir, "pln", "-f", "m.yaml");
    assertEquals(64, run.exitCode(), run::toString);
    assertEquals("error: unknown command 'pln'", run.stderr().lines().findFirst().orElseThrow(), run::toString);
    assertTrue(run.stderr().contains("hint: did you mean 'appreg plan'"), run::toString);
    assertTrue(run.stderr().contains("hint: see 'appreg --help'"), run::toString);

    CliRun none = CliRun.run(dir);
    assertEquals(64, none.exitCode(), none::toString);
    assertTrue(none.stderr().startsWith("error: a command is required: profiles, init, plan, apply"), none::toString);
  }

  private static String readString(Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String strip(String s) {
    return s.replaceAll("\u001b\\[[0-9;]*m", "");
  }
}
