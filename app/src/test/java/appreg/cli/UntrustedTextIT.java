package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.cli.render.Untrusted;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Anyone in a tenant can put terminal controls into a display name, a description, a tag, a redirect URI or notes.
 * Each kind is planted in the sandbox; no format lets one reach the terminal raw, and the text is still shown (escaped
 * in text, CSV and HTML; JSON-encoded, and read back exactly, in JSON and SARIF).
 */
class UntrustedTextIT {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One of each: OSC window title, CSI clear screen, CR overwrite, LF forged line, C1 CSI, bidi override, isolates, marks, NUL. */
  static final String HOSTILE = "\u001b]0;owned\u0007\u001b[2J\rFORGED\nLINE\u009b31m\u202etxt.exe\u2066\u2067\u2068\u2069"
      + "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u2028\u2029\u0085\u0000\u0008\u007f\tend";
  /** What the escaped form starts with, so a test can see the text was shown rather than dropped. */
  static final String SHOWN = "\\x1b]0;owned\\x07\\x1b[2J\\rFORGED\\nLINE\\x9b31m\\u202etxt.exe";

  @TempDir Path dir;

  /** A registration that plants HOSTILE everywhere the tenant lets anyone write, and an audit finding on each. */
  static void plant(SimulatedTenant tenant) {
    ObjectNode app = JSON.createObjectNode().put("displayName", "Hostile " + HOSTILE).put("signInAudience", "AzureADMultipleOrgs")
        .put("description", "about " + HOSTILE).put("notes", "notes " + HOSTILE);
    app.putArray("tags").add("tag " + HOSTILE);
    app.putObject("web").putArray("redirectUris").add("http://evil.example/" + HOSTILE);
    ObjectNode created = tenant.create("applications", app);
    tenant.create("servicePrincipals", JSON.createObjectNode().put("appId", created.path("appId").asText())
        .put("displayName", "Hostile " + HOSTILE).put("description", "sp " + HOSTILE).put("notes", "sp notes " + HOSTILE));
  }

  /** Control characters in {@code text}, other than the line ends the format itself writes. */
  static List<String> raw(String text, boolean crlf) {
    String t = crlf ? text.replace("\r\n", "") : text;
    List<String> found = new ArrayList<>();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c != '\n' && Untrusted.control(c)) found.add(String.format("U+%04X at %d", (int) c, i));
    }
    return found;
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "csv", "html"})
  void auditTextFormatsShowTheControlsEscaped(String format) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    plant(tenant);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("audit", "--format", format, "--fail-on", "none", "-v");
      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(List.of(), raw(run.stdout(), format.equals("csv")), run::toString);
      assertEquals(List.of(), raw(run.stderr(), false), "the -v trace too\n" + run);
      String shown = format.equals("html") ? SHOWN.replace("<", "&lt;") : SHOWN;
      assertTrue(run.stdout().contains("Hostile " + shown), run::toString);
      assertTrue(run.stdout().contains("http://evil.example/" + shown), "the redirect URI in the evidence\n" + run);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "sarif"})
  void auditJsonFormatsEncodeTheControlsAndKeepTheText(String format) throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    plant(tenant);
    try (Cli cli = Cli.against(tenant, dir)) {
      CliRun run = cli.run("audit", "--format", format, "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(List.of(), raw(run.stdout(), false), run::toString);
      JsonNode doc = JSON.readTree(run.stdout());
      List<String> texts = new ArrayList<>();
      doc.findValues(format.equals("json") ? "displayName" : "name").forEach(n -> texts.add(n.asText()));
      assertTrue(texts.contains("Hostile " + HOSTILE), "a parser reads back the tenant's exact text: " + texts);
      assertTrue(run.stdout().contains("\\u001B]0;owned\\u0007") && run.stdout().contains("\\u202e"), run::toString);
    }
  }

  @Test
  void snapshotAuditShowsTheControlsEscapedToo() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    plant(tenant);
    try (Cli cli = Cli.against(tenant, dir)) {
      assertEquals(0, cli.run("export", "--out", "snap.json").exitCode());
      CliRun run = cli.runRaw("audit", "--from", "snap.json", "--fail-on", "none");
      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(List.of(), raw(run.stdout() + run.stderr(), false), run::toString);
      assertTrue(run.stdout().contains("Hostile " + SHOWN), run::toString);
    }
  }

  @Test
  void planAndApplyTextShowTheControlsEscaped() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      String secrets = Cli.secretDir(dir).toString();
      assertEquals(0, cli.runRaw("init", "--profile", "entra-reporting", "--out", "m.yaml").exitCode());
      assertEquals(0, cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets).exitCode());
      // someone renames the registration and adds a redirect URI and a tag
      ObjectNode app = tenant.applicationsWithUniqueName("entra-reporting").get(0);
      ObjectNode change = JSON.createObjectNode().put("displayName", "Renamed " + HOSTILE);
      change.putObject("web").putArray("redirectUris").add("https://localhost").add("https://evil.example/" + HOSTILE);
      var tags = change.putArray("tags");
      app.path("tags").forEach(tags::add);
      tags.add("tag " + HOSTILE);
      tenant.update("applications", app.path("id").asText(), change);

      CliRun plan = cli.run("plan", "-f", "m.yaml", "-v");
      assertEquals(2, plan.exitCode(), plan::toString);
      assertEquals(List.of(), raw(plan.stdout() + plan.stderr(), false), plan::toString);
      assertTrue(plan.stdout().contains("Renamed " + SHOWN), plan::toString);
      assertTrue(plan.stdout().contains("https://evil.example/" + SHOWN), plan::toString);

      CliRun apply = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets, "-v");
      assertEquals(0, apply.exitCode(), apply::toString);
      assertEquals(List.of(), raw(apply.stdout() + apply.stderr(), false), apply::toString);
      assertTrue(apply.stdout().contains("done "), apply::toString);
    }
  }

  @Test
  void anErrorThatQuotesTheTenantShowsTheControlsEscaped() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    String body = JSON.createObjectNode().set("error", JSON.createObjectNode().put("code", "Request_BadRequest")
        .put("message", "Property displayName 'Hostile " + HOSTILE + "' is invalid.")).toString();
    tenant.faults().on("PATCH", "/applications.*").respond(400, Map.of("Content-Type", "application/json"), body);
    try (Cli cli = Cli.against(tenant, dir)) {
      for (String format : List.of("text", "json")) {
        CliRun run = cli.run("bootstrap", "--profile", "entra-reporting", "--secret-dir", Cli.secretDir(dir).toString(),
            "--format", format, "-v");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of(), raw(run.stdout() + run.stderr(), false), run::toString);
        assertTrue(run.stderr().contains("error: ") && run.stderr().contains("Hostile " + SHOWN), run::toString);
        tenant.faults().clear();
        tenant.faults().on("PATCH", "/applications.*").respond(400, Map.of("Content-Type", "application/json"), body);
      }
    }
  }

  @Test
  void theSnapshotFileKeepsTheTextExactly() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    plant(tenant);
    try (Cli cli = Cli.against(tenant, dir)) {
      assertEquals(0, cli.run("export", "--out", "snap.json").exitCode());
      JsonNode snap = JSON.readTree(Files.readString(dir.resolve("snap.json"), StandardCharsets.UTF_8));
      List<String> names = new ArrayList<>();
      snap.path("applications").forEach(a -> names.add(a.path("displayName").asText()));
      assertTrue(names.contains("Hostile " + HOSTILE), names::toString);
    }
  }
}
