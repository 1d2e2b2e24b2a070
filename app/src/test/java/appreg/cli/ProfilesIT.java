package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesIT {
  @TempDir Path dir;

  @Test
  void listsTheThreeProfilesWithTheirPurpose() {
    CliRun r = CliRun.run(dir, "profiles");
    assertEquals(0, r.exitCode(), r.toString());
    List<String> lines = r.stdout().lines().toList();
    assertTrue(lines.get(0).startsWith("partner-referrals  Partner Center Referrals API"), r.stdout());
    assertTrue(lines.get(1).startsWith("partner-insights   Partner Center Insights"), r.stdout());
    assertTrue(lines.get(2).startsWith("entra-reporting    Microsoft Entra reporting API"), r.stdout());
    assertEquals("", lines.get(3));
    assertEquals("Print one as a manifest: appreg init --profile NAME", lines.get(4));
    assertEquals(5, lines.size(), r.stdout());
    assertEquals("", r.stderr());
  }

  @Test
  void listsThemAsJsonForScripts() throws Exception {
    CliRun r = CliRun.run(dir, "profiles", "--format", "json");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode list = new ObjectMapper().readTree(r.stdout());
    List<String> names = new ArrayList<>();
    for (JsonNode p : list) {
      names.add(p.get("name").asText());
      assertTrue(p.get("purpose").asText().length() > 10);
      assertTrue(p.get("source").asText().startsWith("https://learn.microsoft.com/"), p.toString());
      assertEquals(3, p.size(), "exactly name, purpose, source");
    }
    assertEquals(List.of("partner-referrals", "partner-insights", "entra-reporting"), names);
  }

  @Test
  void aBadFlagIsAUsageError() {
    CliRun r = CliRun.run(dir, "profiles", "--frmat", "json");
    assertEquals(64, r.exitCode(), r.toString());
    assertTrue(r.stderr().contains("Unknown options: '--frmat', 'json'"), r.stderr());
    assertEquals("", r.stdout());
  }

  @Test
  void anUnsupportedFormatIsAUsageError() {
    CliRun r = CliRun.run(dir, "profiles", "--format", "csv");
    assertEquals(64, r.exitCode(), r.toString());
    assertEquals("error: --format csv: profiles prints text or json\n", r.stderr());
  }

  @Test
  void helpShowsOptionsExamplesAndExitCodes() {
    CliRun r = CliRun.run(dir, "profiles", "--help");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.stdout().contains("List the built-in profiles"), r.stdout());
    assertTrue(r.stdout().contains("--format=FORMAT"), r.stdout());
    assertTrue(r.stdout().contains("Examples:\n  appreg profiles\n  appreg profiles --format json\n"), r.stdout());
    assertTrue(r.stdout().contains("Exit codes:"), r.stdout());
    assertTrue(r.stdout().contains("64"), r.stdout());
    assertTrue(!r.stdout().contains("appreg plan -f appreg.yaml --tenant"), "the root's examples are replaced");
  }
}
