package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.profile.ManualStep;
import appreg.provisioning.profile.Profile;
import appreg.provisioning.profile.Profiles;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A manifest made by init remembers its profile, so apply prints the same checklist as bootstrap, and the first token. */
class ChecklistIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
      "partner-referrals, https://api.partner.microsoft.com, https://api.partner.microsoft.com/.default, Referrals Admin",
      "partner-insights, https://api.partnercenter.microsoft.com, https://api.partnercenter.microsoft.com/.default, Executive report viewer",
      "entra-reporting, https://graph.microsoft.com, https://graph.microsoft.com/.default, Security Reader"})
  void applyOfAnInitManifestPrintsTheChecklistAndTheFirstToken(String name, String resource, String scope, String role)
      throws Exception {
    Profile profile = Profiles.get(name);
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      assertEquals(0, cli.runRaw("init", "--profile", name, "--out", "m.yaml").exitCode());
      String secrets = Cli.secretDir(dir).toString();
      CliRun text = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets);
      assertEquals(0, text.exitCode(), text::toString);
      String appId = cli.tenant.applicationsWithUniqueName(name).get(0).path("appId").asText();
      String tenantId = cli.tenant.tenantId();

      String out = text.stdout();
      assertTrue(out.contains("Manual steps (Graph cannot do these):"), out);
      for (ManualStep step : profile.checklist()) {
        assertTrue(out.contains(step.text()), step.text());
        assertTrue(out.contains(step.link()), step.link());
      }
      for (String reminder : profile.reminders()) assertTrue(out.contains("note: " + reminder), reminder);
      assertTrue(out.contains(role), out);
      assertTrue(out.contains("First token for " + name), out);
      assertTrue(out.contains("https://login.microsoftonline.com/" + tenantId + "/oauth2/v2.0/token"), out);
      assertTrue(out.contains("Client ID                   " + appId), out);
      assertTrue(out.contains("Resource (v1.0)             " + resource + "\n"), out);
      assertTrue(out.contains("Scope (v2.0)                " + scope + "\n"), out);

      CliRun json = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets, "--format", "json");
      assertEquals(0, json.exitCode(), json::toString);
      JsonNode doc = JSON.readTree(json.stdout());
      assertEquals(profile.checklist().stream().map(ManualStep::text).toList(),
          doc.path("manualSteps").findValues("text").stream().map(JsonNode::asText).toList());
      assertEquals(profile.reminders(), JSON.convertValue(doc.path("reminders"), List.class));
      JsonNode token = doc.path("firstTokens").get(0);
      assertEquals(name, token.path("application").asText());
      assertEquals("https://login.microsoftonline.com/" + tenantId, token.path("authority").asText());
      assertEquals(appId, token.path("clientId").asText());
      assertEquals(resource, token.path("resource").asText());
      assertEquals(scope, token.path("scope").asText());
      assertEquals(profile.firstToken().source(), token.path("source").asText());
      assertEquals(name.startsWith("partner") ? "http://localhost:8400" : "null", token.path("redirectUri").asText("null"));
    }
  }

  @Test
  void bootstrapPrintsTheSameChecklistAsApplyOfItsInitManifest() throws Exception {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      String secrets = Cli.secretDir(dir).toString();
      CliRun bootstrap = cli.run("bootstrap", "--profile", "partner-referrals", "--secret-dir", secrets);
      assertEquals(0, bootstrap.exitCode(), bootstrap::toString);
      assertEquals(0, cli.runRaw("init", "--profile", "partner-referrals", "--out", "m.yaml").exitCode());
      CliRun apply = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", secrets);
      assertEquals(0, apply.exitCode(), apply::toString);
      assertEquals(after(bootstrap.stdout(), "Manual steps"), after(apply.stdout(), "Manual steps"));
    }
  }

  @Test
  void aManifestWithoutAProfilePrintsNoChecklist() throws Exception {
    Files.writeString(dir.resolve("m.yaml"), """
        applications:
          - key: plain
            displayName: Plain
        """);
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      CliRun apply = cli.run("apply", "-f", "m.yaml", "--yes");
      assertEquals(0, apply.exitCode(), apply::toString);
      assertTrue(!apply.stdout().contains("Manual steps") && !apply.stdout().contains("First token"), apply::toString);
    }
  }

  @Test
  void anUnknownProfileIsAnInvalidManifestWithItsPlace() throws Exception {
    Files.writeString(dir.resolve("m.yaml"), """
        applications:
          - key: plain
            profile: partner-referal
            displayName: Plain
        """);
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      CliRun apply = cli.run("apply", "-f", "m.yaml", "--yes");
      assertEquals(65, apply.exitCode(), apply::toString);
      assertEquals("error: " + dir.resolve("m.yaml") + ":3:14: unknown profile 'partner-referal'; did you mean 'partner-referrals'?",
          apply.stderr().lines().findFirst().orElse(""));
      assertTrue(cli.writes().isEmpty(), "nothing was sent to the tenant");
    }
  }

  private static String after(String text, String marker) {
    return text.substring(text.indexOf(marker));
  }
}
