package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Owners from the manifest or the signed-in user, and appreg's own registrations passing appreg's own audit. */
class OwnersIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ADMIN = "admin@contoso.onmicrosoft.com";

  @TempDir Path dir;

  private static String id(SimulatedTenant tenant, String upn) {
    return tenant.user(upn).get("id").asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {"partner-referrals", "partner-insights", "entra-reporting"})
  void afterBootstrapTheAuditOfItsManifestFindsNothingAtMediumOrAboveOnTheRegistration(String profile) throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      String admin = id(tenant, ADMIN);
      cli.withToken(SandboxTokens.delegatedAllPermissions(admin));
      CliRun bootstrap = cli.run("bootstrap", "--profile", profile, "--secret-dir", Cli.secretDir(dir).toString());
      assertEquals(0, bootstrap.exitCode(), bootstrap::toString);
      var app = tenant.application(profile);
      assertEquals(List.of(admin), tenant.owners(app.path("id").asText()), "the signed-in user owns what it made");

      assertEquals(0, cli.runRaw("init", "--profile", profile, "--out", "m.yaml").exitCode());
      CliRun audit = cli.run("audit", "-f", "m.yaml", "--format", "json");
      assertEquals(0, audit.exitCode(), audit::toString);
      JsonNode report = JSON.readTree(audit.stdout());
      List<String> raised = new ArrayList<>();
      List<String> seen = new ArrayList<>();
      for (JsonNode f : report.path("findings")) {
        if (!app.path("appId").asText().equals(f.path("registration").path("appId").asText())) continue;
        seen.add(f.path("rule").asText() + " " + f.path("severity").asText());
        if (List.of("medium", "high").contains(f.path("severity").asText())) raised.add(f.toString());
      }
      assertEquals(List.of(), raised, "findings on the registration bootstrap made");
      assertTrue(!seen.isEmpty(), "the audit did look at the registration");
      if (profile.startsWith("partner")) assertTrue(seen.contains("partner-api-access info"), seen::toString);
    }
  }

  /** The README's own commands: --sandbox signs in as the tenant's administrator, who then owns what it made. */
  @Test
  void aSandboxBootstrapIsOwnedByItsAdministratorAndPassesItsOwnAudit() throws Exception {
    CliRun bootstrap = CliRun.run(dir, "bootstrap", "--profile", "entra-reporting", "--sandbox", "--secret-dir", "s");
    assertEquals(0, bootstrap.exitCode(), bootstrap::toString);
    var tenant = SimulatedTenant.load(dir.resolve(".appreg/sandbox-tenant.json"));
    var app = tenant.application("entra-reporting");
    assertEquals(List.of(id(tenant, ADMIN)), tenant.owners(app.path("id").asText()));

    assertEquals(0, CliRun.run(dir, "init", "--profile", "entra-reporting", "--out", "m.yaml").exitCode());
    CliRun audit = CliRun.run(dir, "audit", "-f", "m.yaml", "--sandbox", "--format", "json");
    assertEquals(0, audit.exitCode(), audit::toString);
    List<String> rules = new ArrayList<>();
    for (JsonNode f : JSON.readTree(audit.stdout()).path("findings")) {
      if (app.path("appId").asText().equals(f.path("registration").path("appId").asText())) rules.add(f.path("rule").asText());
    }
    assertTrue(!rules.contains("no-owners"), rules::toString);
  }

  @Test
  void declaredOwnersAreAddedOnceAndAnUnknownOneStopsBeforeAnyWrite() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      String auditor = id(tenant, "auditor@contoso.onmicrosoft.com");
      String graphSp = tenant.servicePrincipalsFor("00000003-0000-0000-c000-000000000000").get(0).path("id").asText();
      Files.writeString(dir.resolve("m.yaml"), """
          applications:
            - key: owned
              displayName: Owned
              owners: [AUDITOR@contoso.onmicrosoft.com, %s]
          """.formatted(graphSp));
      CliRun plan = cli.run("plan", "-f", "m.yaml", "--format", "json");
      assertEquals(2, plan.exitCode(), plan::toString);
      long owners = 0;
      for (JsonNode d : JSON.readTree(plan.stdout()).path("drift")) if (d.path("kind").asText().equals("OWNER_MISSING")) owners++;
      assertEquals(2, owners, plan::toString);

      CliRun apply = cli.run("apply", "-f", "m.yaml", "--yes");
      assertEquals(0, apply.exitCode(), apply::toString);
      String appObject = tenant.application("owned").path("id").asText();
      assertEquals(List.of(auditor, graphSp), tenant.owners(appObject));
      assertEquals(List.of(), tenant.owners(tenant.servicePrincipalsFor(tenant.application("owned").path("appId").asText())
          .get(0).path("id").asText()), "the service principal gets no owners (docs/manifest.md says why)");
      assertEquals(0, cli.run("plan", "-f", "m.yaml").exitCode(), "in sync after apply");

      tenant.addOwner(appObject, id(tenant, ADMIN));
      assertEquals(0, cli.run("plan", "-f", "m.yaml").exitCode(), "an owner beyond the manifest is left alone");

      Files.writeString(dir.resolve("bad.yaml"), """
          applications:
            - key: owned
              displayName: Owned
              owners: [nobody@contoso.onmicrosoft.com]
          """);
      int before = cli.writes().size();
      CliRun bad = cli.run("apply", "-f", "bad.yaml", "--yes");
      assertEquals(65, bad.exitCode(), bad::toString);
      assertEquals("error: " + dir.resolve("bad.yaml") + ":4:14: owner 'nobody@contoso.onmicrosoft.com' is not a user in "
          + "this tenant", bad.stderr().lines().filter(l -> l.startsWith("error:")).findFirst().orElse(""));
      assertEquals(before, cli.writes().size(), "nothing written");
    }
  }

  @Test
  void aDelegatedRunOwnsOnlyWhatHasNoOwnerAndAnAppOnlyRunAddsNone() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      Files.writeString(dir.resolve("m.yaml"), "applications:\n  - key: plain\n    displayName: Plain\n");
      CliRun appOnly = cli.run("apply", "-f", "m.yaml", "--yes");
      assertEquals(0, appOnly.exitCode(), appOnly::toString);
      String appObject = tenant.application("plain").path("id").asText();
      assertEquals(List.of(), tenant.owners(appObject), "no signed-in user to make owner");

      String admin = id(tenant, ADMIN);
      cli.withToken(SandboxTokens.delegatedAllPermissions(admin));
      CliRun plan = cli.run("plan", "-f", "m.yaml");
      assertEquals(2, plan.exitCode(), plan::toString);
      assertTrue(plan.stdout().contains("OWNER_MISSING"), plan::toString);
      assertEquals(0, cli.run("apply", "-f", "m.yaml", "--yes").exitCode());
      assertEquals(List.of(admin), tenant.owners(appObject));

      cli.withToken(SandboxTokens.delegatedAllPermissions(id(tenant, "auditor@contoso.onmicrosoft.com")));
      assertEquals(0, cli.run("plan", "-f", "m.yaml").exitCode(), "another admin's run keeps the owner it has");
    }
  }
}
