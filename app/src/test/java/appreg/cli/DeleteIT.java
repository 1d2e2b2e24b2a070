package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** delete removes exactly what carries the manifest's keys: never a same-named registration without the key. */
class DeleteIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "entra-reporting";

  @TempDir Path dir;

  /** entra-reporting with the Security Reader role for its own service principal, bootstrapped, and its manifest. */
  private String bootstrapWithRole(Cli cli) throws Exception {
    assertEquals(0, cli.runRaw("init", "--profile", KEY, "--out", "m.yaml").exitCode());
    String m = Files.readString(dir.resolve("m.yaml")).replace("    # directoryRoles:", "    directoryRoles:")
        .replace("    #   - role: Security Reader", "      - role: Security Reader");
    Files.writeString(dir.resolve("m.yaml"), m);
    CliRun apply = cli.run("apply", "-f", "m.yaml", "--yes", "--secret-dir", Cli.secretDir(dir).toString());
    assertEquals(0, apply.exitCode(), apply::toString);
    return cli.tenant.application(KEY).path("appId").asText();
  }

  private static ObjectNode bystander(SimulatedTenant tenant, String displayName) {
    var app = JSON.createObjectNode().put("displayName", displayName).put("signInAudience", "AzureADMyOrg");
    ObjectNode created = tenant.create("applications", app);
    tenant.create("servicePrincipals", JSON.createObjectNode().put("appId", created.get("appId").asText())
        .put("displayName", displayName));
    return created;
  }

  @Test
  void removesTheKeyedRegistrationWithEverythingOnItAndLeavesTheSameNamedBystander() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      String appId = bootstrapWithRole(cli);
      String sp = tenant.servicePrincipalsFor(appId).get(0).get("id").asText();
      ObjectNode bystander = bystander(tenant, tenant.application(KEY).get("displayName").asText());
      Path secretFile = dir.resolve("secrets").resolve(KEY + ".json");
      assertTrue(Files.exists(secretFile));
      assertFalse(tenant.list("appRoleAssignments").stream().noneMatch(a -> sp.equals(a.path("principalId").asText())));
      assertFalse(tenant.list("roleAssignments").stream().noneMatch(a -> sp.equals(a.path("principalId").asText())));

      CliRun delete = cli.run("delete", "-f", "m.yaml", "--yes", "--secret-dir", "secrets");
      assertEquals(0, delete.exitCode(), delete::toString);
      String out = delete.stdout();
      assertTrue(out.indexOf("- remove directory role Security Reader") < out.indexOf("- delete registration"), out);
      assertTrue(out.contains("Delete: 6 to remove."), out);
      assertTrue(out.contains("done        delete registration 'Entra Reporting API' (appId " + appId + ")"), out);

      assertEquals(List.of(), tenant.applicationsWithUniqueName(KEY));
      assertEquals(List.of(), tenant.servicePrincipalsFor(appId));
      assertTrue(tenant.list("appRoleAssignments").stream().noneMatch(a -> sp.equals(a.path("principalId").asText())));
      assertTrue(tenant.list("roleAssignments").stream().noneMatch(a -> sp.equals(a.path("principalId").asText())));
      assertFalse(Files.exists(secretFile), "the delivered secret went with its registration");
      assertEquals(List.of(appId), tenant.deletedItems("applications").stream().map(a -> a.get("appId").asText()).toList(),
          "restorable for 30 days: nothing purged without --purge");

      String bystanderId = bystander.get("id").asText();
      assertTrue(tenant.get("applications", bystanderId).isPresent(), "the same-named registration without the key stays");
      assertEquals(1, tenant.servicePrincipalsFor(bystander.get("appId").asText()).size());

      int writes = cli.writes().size();
      CliRun again = cli.run("delete", "-f", "m.yaml", "--yes", "--secret-dir", "secrets");
      assertEquals(0, again.exitCode(), again::toString);
      assertTrue(again.stdout().contains("Nothing to delete."), again::toString);
      assertEquals(writes, cli.writes().size(), "a second delete changes nothing");

      CliRun purge = cli.run("delete", "-f", "m.yaml", "--yes", "--purge", "--format", "json");
      assertEquals(0, purge.exitCode(), purge::toString);
      JsonNode doc = JSON.readTree(purge.stdout());
      assertTrue(doc.path("deleted").asBoolean());
      assertEquals(2, doc.path("steps").size(), "the registration and its service principal, from deleted items");
      assertEquals(List.of(), tenant.deletedItems("applications"));
      assertEquals(List.of(), tenant.deletedItems("servicePrincipals"));
      assertTrue(tenant.get("applications", bystanderId).isPresent());
    }
  }

  @Test
  void withoutYesItShowsThePlanAndRefusesWhenItCannotAsk() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      bootstrapWithRole(cli);
      int writes = cli.writes().size();
      CliRun refused = cli.run("delete", "-f", "m.yaml");
      assertEquals(64, refused.exitCode(), refused::toString);
      assertEquals(writes, cli.writes().size());
      assertEquals(1, tenant.applicationsWithUniqueName(KEY).size());
    }
  }

  @Test
  void onATerminalItAsksAndOnlyYesDeletes() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      bootstrapWithRole(cli);
      int writes = cli.writes().size();
      cli.withTerminal(new Terminal(true, false, false));
      CliRun declined = cli.answering("no\n").run("delete", "-f", "m.yaml");
      assertEquals(0, declined.exitCode(), declined::toString);
      assertTrue(declined.stdout().contains("- delete registration"), "the plan comes first\n" + declined);
      assertTrue(declined.stderr().contains("Delete these? Only 'yes' is accepted:"), declined::toString);
      assertTrue(declined.stderr().contains("Nothing deleted."), declined::toString);
      assertEquals(writes, cli.writes().size());

      CliRun confirmed = cli.answering("yes\n").run("delete", "-f", "m.yaml");
      assertEquals(0, confirmed.exitCode(), confirmed::toString);
      assertEquals(List.of(), tenant.applicationsWithUniqueName(KEY));
    }
  }

  @Test
  void aSecretFileOfAnotherRegistrationIsLeftAlone() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      bootstrapWithRole(cli);
      Path secretFile = dir.resolve("secrets").resolve(KEY + ".json");
      String other = Files.readString(secretFile).replaceAll("\"clientId\" : \"[^\"]+\"", "\"clientId\" : \"00000000-0000-0000-0000-0000000000aa\"");
      Files.writeString(secretFile, other);
      CliRun delete = cli.run("delete", "-f", "m.yaml", "--yes", "--secret-dir", "secrets");
      assertEquals(0, delete.exitCode(), delete::toString);
      assertTrue(Files.exists(secretFile), "not the deleted registration's secret: kept");
      assertFalse(delete.stdout().contains("remove secret file"), delete::toString);
    }
  }

  @Test
  void aFailedDeleteSaysWhatWasDoneAndHowToFinish() throws Exception {
    var tenant = SimulatedTenant.fresh();
    try (Cli cli = Cli.against(tenant, dir)) {
      bootstrapWithRole(cli);
      tenant.faults().on("DELETE", "/applications/.*").always().respond(503);
      CliRun failed = cli.run("delete", "-f", "m.yaml", "--yes");
      assertEquals(1, failed.exitCode(), failed::toString);
      assertTrue(failed.stderr().contains("run delete again"), failed::toString);
      assertEquals(1, tenant.applicationsWithUniqueName(KEY).size(), "the registration is still there");
      tenant.faults().clear();
      CliRun finish = cli.run("delete", "-f", "m.yaml", "--yes");
      assertEquals(0, finish.exitCode(), finish::toString);
      assertEquals(List.of(), tenant.applicationsWithUniqueName(KEY));
    }
  }
}
