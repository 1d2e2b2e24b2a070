package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML report in a real browser (Debian's headless chromium): the script runs, the expiry chart has its
 * bars, the table has a row per finding, and a screenshot is written to app/target/audit-report.png (docs/ keeps a
 * copy). Skipped, saying so, when no chromium is installed.
 */
class AuditHtmlChromiumIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Optional<String> chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, name))) return Optional.of(Path.of(dir, name).toString());
      }
    }
    return Optional.empty();
  }

  @Test
  void theReportRendersWithItsChartAndTable(@TempDir Path dir) throws Exception {
    Optional<String> browser = chromium();
    assumeTrue(browser.isPresent(), "chromium is not installed (apt-get install -y chromium); skipping the browser check");
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(60, 11);
    KnownCases.plant(tenant);
    Path html = dir.resolve("audit.html");
    int findings;
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("audit", "--format", "html", "--out", "audit.html", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      CliRun json = cli.run("audit", "--format", "json", "--fail-on", "none");
      findings = JSON.readTree(json.stdout()).get("findings").size();
    }

    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    String dom = chrome(browser.get(), profile, List.of("--dump-dom"), html);
    assertTrue(dom.contains("data-ready=\"yes\""), "the inline script ran");
    Matcher svg = Pattern.compile("(?s)<svg id=\"expiry-chart\".*?</svg>").matcher(dom);
    assertTrue(svg.find(), "chart present");
    int bars = count(svg.group(), "<g class=\"bar\"");
    assertEquals(13, bars, "expired plus twelve months");
    assertTrue(count(svg.group(), "<rect") >= 26);
    Matcher body = Pattern.compile("(?s)<tbody>(.*?)</tbody>").matcher(dom);
    assertTrue(body.find());
    assertEquals(findings, count(body.group(1), "<tr>"));

    Path png = Path.of("target", "audit-report.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    chrome(browser.get(), Files.createTempDirectory(dir, "chromium-profile"),
        List.of("--screenshot=" + png, "--window-size=1280,1100", "--hide-scrollbars"), html);
    assertTrue(Files.size(png) > 10_000, "screenshot written: " + png);
  }

  private static String chrome(String browser, Path profile, List<String> extra, Path html) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--virtual-time-budget=3000"));
    cmd.addAll(extra);
    cmd.add(html.toUri().toString());
    Path out = Files.createTempFile(profile, "stdout", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
    return n;
  }
}
