package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.ManifestException;
import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.PasswordCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxStateTest {

  @Test
  void stateSurvivesARestartWithoutTheSecretText(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(".appreg/sandbox-tenant.json");
    SimulatedTenant first = SimulatedTenant.load(file);
    assertTrue(Files.exists(file), "a missing state file is created at once");
    String secret;
    String appId;
    try (var server = SandboxServer.start(first)) {
      var graph = SandboxClients.allPermissions(server);
      var app = new Application();
      app.setDisplayName("Persisted");
      Application created = graph.applicationsWithUniqueName("persisted")
          .patch(app, rc -> rc.headers.add("Prefer", "create-if-missing"));
      appId = created.getAppId();
      var body = new AddPasswordPostRequestBody();
      var pc = new PasswordCredential();
      pc.setDisplayName("appreg");
      body.setPasswordCredential(pc);
      secret = graph.applications().byApplicationId(created.getId()).addPassword().post(body).getSecretText();
    }
    String text = Files.readString(file);
    assertFalse(text.contains(secret), "the secret text never reaches the state file");
    assertTrue(text.contains(secret.substring(0, 3)), "the hint does");

    SimulatedTenant second = SimulatedTenant.load(file);
    assertEquals(first.tenantId(), second.tenantId());
    var app = second.application("persisted");
    assertEquals(appId, app.get("appId").asText());
    assertEquals(secret.substring(0, 3), app.get("passwordCredentials").get(0).get("hint").asText());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temporary files are left behind");
    }
  }

  @Test
  void aStateFileThatCannotBeUsedSaysWhatIsWrongWhereAndWhatToDo(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tenant.json");
    SimulatedTenant.fresh().save(file);
    String good = Files.readString(file);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{ not json", "not a complete sandbox state file (");
    cases.put(good.substring(0, good.length() / 2), "not a complete sandbox state file (Unexpected end-of-input");
    cases.put("", "the sandbox state file is empty");
    cases.put("{\"hello\": 1}", "not an appreg sandbox state file (no \"format\": \"appreg-sandbox-tenant/1\")");
    cases.put(good.replace("\"servicePrincipals\":", "\"removed\":"), "the sandbox state has no \"collections.servicePrincipals\"");
    for (var c : cases.entrySet()) {
      Files.writeString(file, c.getKey());
      var e = assertThrows(ManifestException.class, () -> SimulatedTenant.load(file));
      assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      assertTrue(e.problem().startsWith(c.getValue()), e.getMessage());
      assertTrue(e.problem().endsWith("delete it to start from a fresh simulated tenant")
          || e.problem().endsWith("or give another --sandbox-state"), e.getMessage());
      assertEquals(1, e.getMessage().split(java.util.regex.Pattern.quote(file.toString()), -1).length - 1,
          "the file is named once: " + e.getMessage());
    }
    Path directory = Files.createDirectory(dir.resolve("state.json"));
    var e = assertThrows(ManifestException.class, () -> SimulatedTenant.load(directory));
    assertEquals(directory + ": is a directory, not a sandbox state file; give --sandbox-state a file (it is created when missing)",
        e.getMessage());
  }

  @Test
  void explicitSaveRoundTripsArrangedObjects(@TempDir Path dir) {
    var tenant = SimulatedTenant.fresh().withoutServicePrincipalFor("fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd");
    tenant.seedSyntheticRegistrations(50, 3);
    Path file = dir.resolve("t.json");
    tenant.save(file);
    var loaded = SimulatedTenant.load(file);
    assertEquals(tenant.list("applications"), loaded.list("applications"));
    assertEquals(tenant.list("oauth2PermissionGrants"), loaded.list("oauth2PermissionGrants"));
    assertEquals(0, loaded.servicePrincipalsFor("fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd").size());
  }
}
