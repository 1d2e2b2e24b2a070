package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.GraphCallException;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.WellKnown;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The answers Entra gives to consent calls while a service principal created moments earlier replicates: waited out
 * for objects this run created, passed on at once for anything else.
 */
class ReplicationTest {
  private static final String GRANTS = "/oauth2PermissionGrants";
  private static final String ASSIGNMENTS = "/servicePrincipals/[^/]+/appRoleAssignments";

  /** Graph's 400 with this message, as the grant or assignment POST answers it. */
  private static String badRequest(String message) {
    return "{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"" + message + "\"}}";
  }

  private record Run(SimulatedTenant tenant, TestConnections connections, SdkGateway gateway, ObjectId graphSp) {}

  private static void against(SimulatedTenant tenant, Consumer<Run> test) {
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant);
         var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      ObjectId graphSp = new ObjectId(tenant.servicePrincipalsFor(WellKnown.MICROSOFT_GRAPH.value()).get(0).path("id").asText());
      test.accept(new Run(tenant, t, new SdkGateway(connection), graphSp));
    }
  }

  /** A registration and its service principal, both created through the gateway in this run. */
  private static ServicePrincipal freshServicePrincipal(SdkGateway gateway) {
    var patch = new appreg.provisioning.tenant.RegistrationPatch("Fresh", "AzureADMyOrg", null, null, null, null, null, List.of());
    var app = gateway.upsertRegistration("fresh", patch);
    return gateway.createServicePrincipal(app.appId());
  }

  private static String anAppRoleOf(SimulatedTenant tenant, String appId) {
    return tenant.servicePrincipalsFor(appId).get(0).path("appRoles").get(0).path("id").asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Invalid value specified for property 'clientId' of resource 'OAuth2PermissionGrant'.",
      "Invalid value specified for property 'resourceId' of resource 'OAuth2PermissionGrant'.",
      "Not a valid reference update."})
  void consentToAServicePrincipalCreatedThisRunWaitsOutReplication(String message) {
    var tenant = SimulatedTenant.fresh();
    var fault = tenant.faults().on("POST", GRANTS).times(2).respond(400, Map.of(), badRequest(message));
    against(tenant, run -> {
      ServicePrincipal sp = freshServicePrincipal(run.gateway());
      run.gateway().grantAllPrincipals(sp.id(), run.graphSp(), Set.of("User.Read"));

      assertEquals(2, fault.fired());
      assertEquals(1, tenant.list("oauth2PermissionGrants").stream()
          .filter(g -> g.path("clientId").asText().equals(sp.id().value())).count());
      assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), run.connections().sleeps);
      assertEquals(2, run.connections().trace.stream().filter(l -> l.startsWith("waiting ")
          && l.contains("for Entra to replicate (granting admin consent: 400 Request_BadRequest)")).count(),
          () -> String.join("\n", run.connections().trace));
    });
  }

  @Test
  void anAppRoleAssignmentToAServicePrincipalCreatedThisRunWaitsOutReplication() {
    var tenant = SimulatedTenant.fresh();
    var fault = tenant.faults().on("POST", ASSIGNMENTS).times(3)
        .respond(400, Map.of(), badRequest("Not a valid reference update."));
    against(tenant, run -> {
      ServicePrincipal sp = freshServicePrincipal(run.gateway());
      run.gateway().assignAppRole(sp.id(), run.graphSp(), anAppRoleOf(tenant, WellKnown.MICROSOFT_GRAPH.value()));

      assertEquals(3, fault.fired());
      assertEquals(1, tenant.list("appRoleAssignments").stream()
          .filter(a -> a.path("principalId").asText().equals(sp.id().value())).count());
      assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000)),
          run.connections().sleeps);
    });
  }

  @Test
  void theSameAnswerAboutObjectsThisRunDidNotCreateIsNotWaitedFor() {
    var tenant = SimulatedTenant.fresh();
    String existingApp = tenant.create("applications", (com.fasterxml.jackson.databind.node.ObjectNode)
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("displayName", "Old")).path("appId").asText();
    String existingSp = tenant.create("servicePrincipals", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
        .objectNode().put("appId", existingApp)).path("id").asText();
    var fault = tenant.faults().on("POST", GRANTS).always().respond(400, Map.of(),
        badRequest("Invalid value specified for property 'clientId' of resource 'OAuth2PermissionGrant'."));
    against(tenant, run -> {
      var e = assertThrows(GraphCallException.class,
          () -> run.gateway().grantAllPrincipals(new ObjectId(existingSp), run.graphSp(), Set.of("User.Read")));
      assertEquals(400, e.status());
      assertEquals(1, fault.fired(), "asked once, not again");
      assertEquals(List.of(), run.connections().sleeps);
    });
  }

  @Test
  void replicationThatNeverCatchesUpEndsWithAReRunHint() {
    var tenant = SimulatedTenant.fresh();
    tenant.faults().on("POST", GRANTS).always().respond(400, Map.of(),
        badRequest("Invalid value specified for property 'clientId' of resource 'OAuth2PermissionGrant'."));
    against(tenant, run -> {
      ServicePrincipal sp = freshServicePrincipal(run.gateway());
      var e = assertThrows(GraphCallException.class,
          () -> run.gateway().grantAllPrincipals(sp.id(), run.graphSp(), Set.of("User.Read")));
      assertTrue(e.getMessage().contains("still not visible after 90 s of waiting for Entra replication; re-run apply"),
          e.getMessage());
      assertEquals(8, run.connections().sleeps.size());
    });
  }
}
