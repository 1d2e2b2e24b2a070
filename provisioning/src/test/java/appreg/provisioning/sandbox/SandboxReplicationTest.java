package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The consent calls' answers while a new service principal replicates, and the refusal a caller holding only
 * Application.ReadWrite.OwnedBy meets when it instantiates an application of another tenant.
 */
class SandboxReplicationTest extends AgainstSandbox {
  private static final String GRAPH = "00000003-0000-0000-c000-000000000000";
  private static final String PARTNER = "4990cffe-04e8-4e8b-808a-1175604b879f";

  private String graphSp() {
    return tenant.servicePrincipalsFor(GRAPH).get(0).path("id").asText();
  }

  private static OAuth2PermissionGrant grant(String clientId, String resourceId) {
    var g = new OAuth2PermissionGrant();
    g.setClientId(clientId);
    g.setResourceId(resourceId);
    g.setConsentType("AllPrincipals");
    g.setScope("User.Read");
    return g;
  }

  private static void assertBadRequest(String message, ODataError e) {
    assertEquals(400, e.getResponseStatusCode());
    assertEquals("Request_BadRequest", e.getError().getCode());
    assertEquals(message, e.getError().getMessage());
  }

  @Test
  void aGrantForANewClientNamesClientIdUntilItHasReplicated() {
    ServicePrincipal sp = newServicePrincipal(2);
    var e = assertThrows(ODataError.class, () -> graph.oauth2PermissionGrants().post(grant(sp.getId(), graphSp())));
    assertBadRequest("Invalid value specified for property 'clientId' of resource 'OAuth2PermissionGrant'.", e);
    assertThrows(ODataError.class, () -> graph.oauth2PermissionGrants().post(grant(sp.getId(), graphSp())));
    assertEquals(sp.getId(), graph.oauth2PermissionGrants().post(grant(sp.getId(), graphSp())).getClientId());
  }

  @Test
  void aGrantOnANewResourceNamesResourceId() {
    tenant.withoutServicePrincipalFor(PARTNER);
    tenant.replicationLag(1);
    var partner = new ServicePrincipal();
    partner.setAppId(PARTNER);
    String partnerSp = graph.servicePrincipals().post(partner).getId();
    String client = tenant.servicePrincipalsFor(GRAPH).get(0).path("id").asText();
    var e = assertThrows(ODataError.class, () -> graph.oauth2PermissionGrants().post(grant(client, partnerSp)));
    assertBadRequest("Invalid value specified for property 'resourceId' of resource 'OAuth2PermissionGrant'.", e);
  }

  @Test
  void someTenantsSayNotAValidReferenceUpdateForGrantsToo() {
    tenant.grantsAnswerNotAValidReferenceUpdate();
    ServicePrincipal sp = newServicePrincipal(1);
    var e = assertThrows(ODataError.class, () -> graph.oauth2PermissionGrants().post(grant(sp.getId(), graphSp())));
    assertBadRequest("Not a valid reference update.", e);
  }

  @Test
  void anAppRoleAssignmentForANewPrincipalIsNotAValidReferenceUpdate() {
    ServicePrincipal sp = newServicePrincipal(1);
    var e = assertThrows(ODataError.class,
        () -> graph.servicePrincipals().byServicePrincipalId(sp.getId()).appRoleAssignments().post(assignment(sp)));
    assertBadRequest("Not a valid reference update.", e);
    assertEquals(sp.getId(), graph.servicePrincipals().byServicePrincipalId(sp.getId()).appRoleAssignments()
        .post(assignment(sp)).getPrincipalId().toString());
  }

  /** A fresh model per request: the SDK's backing store sends a reused one as {}. */
  private AppRoleAssignment assignment(ServicePrincipal sp) {
    var a = new AppRoleAssignment();
    a.setPrincipalId(UUID.fromString(sp.getId()));
    a.setResourceId(UUID.fromString(graphSp()));
    a.setAppRoleId(UUID.fromString(tenant.servicePrincipalsFor(GRAPH).get(0).path("appRoles").get(0).path("id").asText()));
    return a;
  }

  /** A new service principal that the next {@code lag} operations cannot see yet (its application they can). */
  private ServicePrincipal newServicePrincipal(int lag) {
    var app = new Application();
    app.setDisplayName("fresh");
    Application created = graph.applications().post(app);
    tenant.replicationLag(lag);
    var sp = new ServicePrincipal();
    sp.setAppId(created.getAppId());
    return graph.servicePrincipals().post(sp);
  }

  @Test
  void ownedByMayNotInstantiateAnApplicationOfAnotherTenant() {
    tenant.withoutServicePrincipalFor(PARTNER);
    GraphServiceClient ownedBy = SandboxClients.withToken(server, SandboxTokens.withRoles("Application.ReadWrite.OwnedBy"));
    var e = assertThrows(ODataError.class, () -> ownedBy.servicePrincipals().post(partner()));
    assertEquals(403, e.getResponseStatusCode());
    assertEquals("Authorization_RequestDenied", e.getError().getCode());
    assertEquals("When using this permission, the backing application of the service principal being created must "
        + "in the local tenant", e.getError().getMessage());
    assertEquals(0, tenant.servicePrincipalsFor(PARTNER).size());

    var own = new Application();
    own.setDisplayName("own");
    var sp = new ServicePrincipal();
    sp.setAppId(ownedBy.applications().post(own).getAppId());
    assertEquals(sp.getAppId(), ownedBy.servicePrincipals().post(sp).getAppId(), "its own application is fine");

    var all = SandboxClients.withToken(server, SandboxTokens.withRoles("Application.ReadWrite.All"));
    assertEquals(PARTNER, all.servicePrincipals().post(partner()).getAppId());
  }

  private static ServicePrincipal partner() {
    var partner = new ServicePrincipal();
    partner.setAppId(PARTNER);
    return partner;
  }
}
