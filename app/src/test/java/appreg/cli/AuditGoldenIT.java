package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import appreg.provisioning.graph.Sleeper;
import appreg.provisioning.snapshot.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every audit format, byte for byte, for two fixed snapshots (src/test/resources/audit-golden): one read in full and
 * audited with a manifest, written with --out; one whose owners Graph refused (an Azure AD B2C tenant), written to
 * stdout. The snapshots hold the known cases, synthetic registrations and hostile display names. The expected files
 * were written by the report writers before they streamed; a change to a report must be a change to these files.
 * After an intended change: {@code mvn -o -pl app test -Dtest=AuditGoldenIT -Dappreg.golden.update=true}, then
 * review the diff.
 */
class AuditGoldenIT {
  private static final Path GOLDEN = Path.of("src/test/resources/audit-golden");
  private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
  private static final boolean UPDATE = Boolean.getBoolean("appreg.golden.update");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "csv", "sarif", "html"})
  void completeTenantWithAManifestToAFile(String format) throws IOException {
    copy("tenant.json");
    copy("appreg.yaml");
    Run run = audit("audit", "--from", "tenant.json", "-f", "appreg.yaml", "--format", format, "--out", "report." + format,
        "--fail-on", "medium");
    assertEquals(2, run.code(), run.err());
    compare("complete." + format, Files.readAllBytes(dir.resolve("report." + format)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "csv", "sarif", "html"})
  void tenantWithUnreadOwnersToStdout(String format) throws IOException {
    copy("tenant-partial.json");
    Run run = audit("audit", "--from", "tenant-partial.json", "--format", format, "--fail-on", "none");
    assertEquals(0, run.code(), run.err());
    compare("partial." + format, run.out());
  }

  /** The fixtures were written by export before it streamed: read back and written again, they come out the same. */
  @ParameterizedTest
  @ValueSource(strings = {"tenant.json", "tenant-partial.json"})
  void aSnapshotWrittenItemByItemIsTheDocumentExportWrote(String name) throws IOException {
    var loaded = Snapshot.read(GOLDEN.resolve(name));
    var bytes = new ByteArrayOutputStream();
    Snapshot.write(loaded.tenant(), loaded.exportedAt(), loaded.generator(), bytes);
    assertEquals(Files.readString(GOLDEN.resolve(name)), bytes.toString(StandardCharsets.UTF_8));
    var text = new java.io.StringWriter();
    Snapshot.write(loaded.tenant(), loaded.exportedAt(), loaded.generator(), text);
    assertEquals(Files.readString(GOLDEN.resolve(name)), text.toString());
  }

  private void copy(String name) throws IOException {
    Files.copy(GOLDEN.resolve(name), dir.resolve(name));
  }

  private void compare(String name, byte[] actual) throws IOException {
    Path expected = GOLDEN.resolve("expected").resolve(name);
    if (UPDATE) {
      Files.createDirectories(expected.getParent());
      Files.write(expected, actual);
    }
    String want = Files.readString(expected, StandardCharsets.UTF_8);
    String got = new String(actual, StandardCharsets.UTF_8);
    if (!want.equals(got)) {
      // the first differing line says more than two megabytes of assertEquals
      List<String> a = want.lines().toList();
      List<String> b = got.lines().toList();
      int i = 0;
      while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) i++;
      assertEquals(i < a.size() ? a.get(i) : "(end)", i < b.size() ? b.get(i) : "(end)", name + " differs at line " + (i + 1));
      assertEquals(want.length(), got.length(), name + ": line ends or trailing bytes differ");
    }
  }

  private record Run(int code, byte[] out, String err) {}

  private Run audit(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    Io io = new Io(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true), InputStream.nullInputStream(),
        Map.of(), dir, Terminal.NONE, Clock.fixed(NOW, ZoneOffset.UTC), Sleeper.REAL);
    List<String> all = new ArrayList<>(List.of(args));
    int code = Main.run(io, all.toArray(String[]::new));
    return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }
}
