package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.PasswordCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void malformedStateFileNamesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tenant.json");
    Files.writeString(file, "{ not json");
    var e = assertThrows(IllegalStateException.class, () -> SimulatedTenant.load(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

    Files.writeString(file, "{\"hello\": 1}");
    var e2 = assertThrows(IllegalStateException.class, () -> SimulatedTenant.load(file));
    assertTrue(e2.getMessage().contains(file.toString()), e2.getMessage());
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
