package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every --out behaves the same: it says "wrote FILE" on stderr, writes atomically (no temporary file left), replaces a
 * file only when appreg wrote it as the same kind (a manifest: never) unless --force, and refuses a directory or a
 * missing directory before any work. A state or snapshot file that cannot be used is one line, exit 65.
 */
class OutFilesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FOREIGN = "my own notes, not written by appreg\n";

  @TempDir Path dir;

  /** The command line that writes FILE for each kind of --out. */
  static List<String> command(String kind, String file) {
    return switch (kind) {
      case "init" -> List.of("init", "--profile", "partner-referrals", "--out", file);
      case "export" -> List.of("export", "--out", file);
      default -> List.of("audit", "--fail-on", "none", "--format", kind, "--out", file);
    };
  }

  private CliRun run(Cli cli, List<String> args) {
    return args.get(0).equals("init") ? cli.runRaw(args.toArray(String[]::new)) : cli.run(args.toArray(String[]::new));
  }

  private List<String> leftovers() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"init", "export", "text", "json", "csv", "sarif", "html"})
  void everyOutWritesAtomicallySaysSoAndKeepsAFileItDidNotWrite(String kind) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      String file = "out-" + kind;
      CliRun first = run(cli, command(kind, file));
      assertEquals(0, first.exitCode(), first::toString);
      assertTrue(first.stderr().contains("wrote " + file + " ("), first::toString);
      String written = Files.readString(dir.resolve(file));
      assertFalse(written.isBlank());
      assertEquals(List.of(), leftovers(), "no temporary file left");

      CliRun again = run(cli, command(kind, file));
      if (kind.equals("init")) {
        assertEquals(64, again.exitCode(), "a manifest is never replaced without --force\n" + again);
        assertTrue(again.stderr().contains("error: --out " + file + " exists; init never replaces a manifest"), again::toString);
      } else {
        assertEquals(0, again.exitCode(), "appreg replaces a " + kind + " file it wrote itself\n" + again);
      }

      Files.writeString(dir.resolve(file), FOREIGN);
      tenant.resetRequestLog();
      CliRun refused = run(cli, command(kind, file));
      assertEquals(64, refused.exitCode(), refused::toString);
      assertTrue(refused.stderr().startsWith("error: --out " + file + " exists"), refused::toString);
      assertTrue(refused.stderr().contains("--force"), refused::toString);
      assertEquals(FOREIGN, Files.readString(dir.resolve(file)), "the file is untouched");
      assertEquals(0, tenant.requestCount(), "refused before reading the tenant");

      List<String> forced = new ArrayList<>(command(kind, file));
      forced.add("--force");
      CliRun replaced = run(cli, forced);
      assertEquals(0, replaced.exitCode(), replaced::toString);
      assertFalse(Files.readString(dir.resolve(file)).equals(FOREIGN), "replaced with --force");
      assertEquals(List.of(), leftovers());
    }
  }

  @Test
  void aReportOfAnotherKindIsNotReplacedWithoutForce() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      assertEquals(0, cli.run("export", "--out", "tenant.json").exitCode());
      String snapshot = Files.readString(dir.resolve("tenant.json"));
      CliRun html = cli.run("audit", "--format", "html", "--out", "tenant.json");
      assertEquals(64, html.exitCode(), html::toString);
      assertTrue(html.stderr().contains("--out tenant.json exists and is not a html report written by appreg; use --force"),
          html::toString);
      CliRun json = cli.run("audit", "--format", "json", "--out", "tenant.json");
      assertEquals(64, json.exitCode(), "a snapshot is not a JSON report\n" + json);
      assertEquals(snapshot, Files.readString(dir.resolve("tenant.json")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"init", "export", "html"})
  void aDirectoryOrAMissingDirectoryIsRefusedBeforeAnyWork(String kind) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Files.createDirectory(dir.resolve("reports"));
      tenant.resetRequestLog();
      CliRun directory = run(cli, command(kind, "reports"));
      assertEquals(64, directory.exitCode(), directory::toString);
      assertEquals("error: --out reports is a directory; name a file", directory.stderr().lines().findFirst().orElseThrow());
      CliRun missing = run(cli, command(kind, "nowhere/out.txt"));
      assertEquals(64, missing.exitCode(), missing::toString);
      assertTrue(missing.stderr().startsWith("error: --out nowhere/out.txt: the directory ")
          && missing.stderr().contains("nowhere does not exist; create it first"), missing::toString);
      assertFalse(Files.exists(dir.resolve("nowhere")), "no directory is created");
      assertEquals(0, tenant.requestCount());
    }
  }

  @Test
  void withJsonAReportWrittenToAFileLeavesASummaryOnStdout() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("audit", "--format", "json", "--fail-on", "none", "--out", "audit.json");
      assertEquals(0, run.exitCode(), run::toString);
      JsonNode summary = JSON.readTree(run.stdout());
      assertEquals("audit.json", summary.path("wrote").asText());
      assertEquals(JSON.readTree(dir.resolve("audit.json").toFile()).path("summary"), summary.path("summary"));
    }
  }

  // ---- snapshot and state files that cannot be used

  static Map<String, String> damaged(String complete) {
    return Map.of(
        "truncated", complete.substring(0, complete.length() / 2),
        "garbage", "this is not JSON\n",
        "empty", "",
        "no-service-principals", complete.replace("\"servicePrincipals\"", "\"removedPrincipals\""));
  }

  @Test
  void aSnapshotThatCannotBeUsedIsOneLineWithWhatToDoAndExit65() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      assertEquals(0, cli.run("export", "--out", "good.json").exitCode());
      String good = Files.readString(dir.resolve("good.json"));
      for (var c : damaged(good).entrySet()) {
        String name = c.getKey() + ".json";
        Files.writeString(dir.resolve(name), c.getValue());
        for (String format : List.of("text", "json")) {
          CliRun run = cli.runRaw("audit", "--from", name, "--format", format);
          assertEquals(65, run.exitCode(), run::toString);
          assertOneLineNaming(run, name);
          if (format.equals("json")) {
            JsonNode error = JSON.readTree(run.stdout()).path("error");
            assertEquals("invalid-input", error.path("kind").asText(), run::toString);
            assertTrue(error.path("location").path("file").asText().endsWith(name), run::toString);
          }
        }
      }
      Files.writeString(dir.resolve("partial.json"), "{\"schemaVersion\": 1, \"applications\": []}\n");
      CliRun partial = cli.runRaw("audit", "--from", "partial.json");
      assertEquals(65, partial.exitCode(), "a snapshot without its service principals would pass every rule\n" + partial);
      assertOneLineNaming(partial, "partial.json");
      assertTrue(partial.stderr().contains("no \"servicePrincipals\" collection, so this is not a complete snapshot; "
          + "export the tenant again"), partial::toString);

      Files.createDirectory(dir.resolve("folder.json"));
      CliRun folder = cli.runRaw("audit", "--from", "folder.json");
      assertEquals(65, folder.exitCode(), folder::toString);
      assertOneLineNaming(folder, "folder.json");
      assertTrue(folder.stderr().strip().endsWith("folder.json: is a directory, not a snapshot; name the file that appreg "
          + "export wrote"), folder::toString);
      CliRun missing = cli.runRaw("audit", "--from", "missing.json");
      assertEquals(65, missing.exitCode(), missing::toString);
      assertOneLineNaming(missing, "missing.json");
      assertTrue(missing.stderr().strip().endsWith("missing.json: no such snapshot file; export the tenant again "
          + "(appreg export --out FILE)"), missing::toString);
    }
  }

  @Test
  void aSandboxStateThatCannotBeUsedIsOneLineWithWhatToDoAndExit65() throws Exception {
    assertEquals(0, CliRun.run(dir, "init", "--profile", "partner-referrals", "--out", "m.yaml").exitCode());
    assertEquals(2, CliRun.run(dir, "plan", "-f", "m.yaml", "--sandbox-state", "good.json").exitCode());
    String good = Files.readString(dir.resolve("good.json"));
    for (var c : damaged(good).entrySet()) {
      String name = "state-" + c.getKey() + ".json";
      Files.writeString(dir.resolve(name), c.getValue());
      CliRun run = CliRun.run(dir, "plan", "-f", "m.yaml", "--sandbox-state", name);
      assertEquals(65, run.exitCode(), run::toString);
      assertOneLineNaming(run, name);
      assertTrue(run.stderr().contains("delete it to start from a fresh simulated tenant"), run::toString);
      assertEquals(c.getValue(), Files.readString(dir.resolve(name)), "the damaged file is left as it was");
    }
    Files.createDirectory(dir.resolve("state-dir"));
    CliRun folder = CliRun.run(dir, "plan", "-f", "m.yaml", "--sandbox-state", "state-dir");
    assertEquals(65, folder.exitCode(), folder::toString);
    assertOneLineNaming(folder, "state-dir");
  }

  /** One line on stderr, "error: ...", naming the file once; no stack trace, nothing said twice. */
  static void assertOneLineNaming(CliRun run, String file) {
    List<String> lines = run.stderr().lines().filter(l -> !l.startsWith("appreg: sandbox tenant")).toList();
    assertEquals(1, lines.size(), () -> "one line\n" + run);
    String line = lines.get(0);
    assertTrue(line.startsWith("error: "), run::toString);
    assertEquals(1, line.split(java.util.regex.Pattern.quote(file), -1).length - 1, () -> "the file named once\n" + run);
    String[] clauses = line.split("; ");
    assertEquals(clauses.length, java.util.Set.of(clauses).size(), () -> "nothing said twice\n" + run);
  }
}
