package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.AppRole;
import com.microsoft.graph.models.ApiApplication;
import com.microsoft.graph.models.PermissionScope;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SandboxServicePrincipalsTest extends AgainstSandbox {
  private static final String MICROSOFT_PARTNER = "4990cffe-04e8-4e8b-808a-1175604b879f";


  @Test
  void freshTenantHasGraphAndPartnerCenterButNoMicrosoftPartner() {
    assertEquals(1, tenant.servicePrincipalsFor("00000003-0000-0000-c000-000000000000").size());
    assertEquals(1, tenant.servicePrincipalsFor("fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd").size());
    assertEquals(0, tenant.servicePrincipalsFor(MICROSOFT_PARTNER).size());
    var e = assertThrows(ODataError.class, () -> graph.servicePrincipalsWithAppId(MICROSOFT_PARTNER).get());
    assertEquals(404, e.getResponseStatusCode());
    assertEquals("Request_ResourceNotFound", e.getError().getCode());

    ServicePrincipal msGraph = graph.servicePrincipalsWithAppId("00000003-0000-0000-c000-000000000000").get();
    assertEquals("Microsoft Graph", msGraph.getDisplayName());
    AppRole auditLog = msGraph.getAppRoles().stream().filter(r -> "AuditLog.Read.All".equals(r.getValue()))
        .findFirst().orElseThrow();
    assertEquals(UUID.fromString("b0afded3-3588-46d8-8b3d-9842eff778da"), auditLog.getId());
    assertEquals(List.of("Application"), auditLog.getAllowedMemberTypes());
    PermissionScope userRead = msGraph.getOauth2PermissionScopes().stream()
        .filter(s -> "User.Read".equals(s.getValue())).findFirst().orElseThrow();
    assertEquals(UUID.fromString("e1fe6dd8-ba31-4d61-89e7-88639da4683d"), userRead.getId());
    assertEquals("User", userRead.getType());
  }

  @Test
  void createsMicrosoftPartnerFromItsAppIdAndRefusesASecond() {
    var sp = new ServicePrincipal();
    sp.setAppId(MICROSOFT_PARTNER);
    ServicePrincipal created = graph.servicePrincipals().post(sp);
    assertEquals("Microsoft Partner", created.getDisplayName());
    PermissionScope scope = created.getOauth2PermissionScopes().get(0);
    assertEquals("user_impersonation", scope.getValue());
    assertEquals(UUID.fromString("eabf9ef3-1f9e-f3da-19a1-bcd60d080567"), scope.getId());
    assertEquals("Partner Center", scope.getAdminConsentDisplayName());
    assertEquals(UUID.fromString("f8cdef31-a31e-4b4a-93e4-5f571e91255a"), created.getAppOwnerOrganizationId());

    var again = new ServicePrincipal();
    again.setAppId(MICROSOFT_PARTNER);
    var e = assertThrows(ODataError.class, () -> graph.servicePrincipals().post(again));
    assertEquals(409, e.getResponseStatusCode());
    assertEquals("Request_MultipleObjectsWithSameKeyValue", e.getError().getCode());
    assertTrue(e.getError().getMessage().contains(MICROSOFT_PARTNER));
    assertEquals(1, tenant.servicePrincipalsFor(MICROSOFT_PARTNER).size());
  }

  @Test
  void servicePrincipalOfATenantAppExposesItsRolesAndScopes() {
    var app = new Application();
    app.setDisplayName("Inventory API");
    var role = new AppRole();
    role.setId(UUID.randomUUID());
    role.setValue("Inventory.Read");
    role.setDisplayName("Read inventory");
    role.setDescription("Read inventory");
    role.setAllowedMemberTypes(List.of("Application"));
    role.setIsEnabled(true);
    app.setAppRoles(List.of(role));
    var api = new ApiApplication();
    var scope = new PermissionScope();
    scope.setId(UUID.randomUUID());
    scope.setValue("inventory");
    scope.setType("User");
    scope.setIsEnabled(true);
    scope.setAdminConsentDisplayName("Inventory");
    scope.setAdminConsentDescription("Inventory");
    api.setOauth2PermissionScopes(List.of(scope));
    app.setApi(api);
    Application created = graph.applications().post(app);

    var sp = new ServicePrincipal();
    sp.setAppId(created.getAppId());
    ServicePrincipal made = graph.servicePrincipals().post(sp);
    assertEquals("Inventory API", made.getDisplayName());
    assertEquals(created.getAppId(), made.getAppId());
    assertEquals("Inventory.Read", made.getAppRoles().get(0).getValue());
    assertEquals("inventory", made.getOauth2PermissionScopes().get(0).getValue());

    var filtered = graph.servicePrincipals().get(rc -> rc.queryParameters.filter =
        "appId eq '" + created.getAppId() + "'").getValue();
    assertEquals(1, filtered.size());
    assertEquals(made.getId(), filtered.get(0).getId());
    var bySpn = graph.servicePrincipals().get(rc -> rc.queryParameters.filter =
        "servicePrincipalNames/any(c:c eq 'https://api.partnercenter.microsoft.com')").getValue();
    assertEquals("Microsoft Partner Center", bySpn.get(0).getDisplayName());
  }

  @Test
  void appIdWithoutApplicationIsRefusedAsGraphDoes() {
    String stranger = UUID.randomUUID().toString();
    var sp = new ServicePrincipal();
    sp.setAppId(stranger);
    var e = assertThrows(ODataError.class, () -> graph.servicePrincipals().post(sp));
    assertEquals(400, e.getResponseStatusCode());
    assertEquals("Request_BadRequest", e.getError().getCode());
    assertEquals("The appId '" + stranger + "' of the service principal does not reference a valid application "
        + "object.", e.getError().getMessage());
  }

  @Test
  void upsertByAppIdCreatesThenUpdates() {
    var sp = new ServicePrincipal();
    sp.setTags(List.of("WindowsAzureActiveDirectoryIntegratedApp"));
    ServicePrincipal created = graph.servicePrincipalsWithAppId(MICROSOFT_PARTNER)
        .patch(sp, rc -> rc.headers.add("Prefer", "create-if-missing"));
    assertEquals("Microsoft Partner", created.getDisplayName());
    var again = new ServicePrincipal();
    again.setNotes("kept by appreg");
    assertEquals(null, graph.servicePrincipalsWithAppId(MICROSOFT_PARTNER)
        .patch(again, rc -> rc.headers.add("Prefer", "create-if-missing")));
    assertEquals("kept by appreg", tenant.servicePrincipalsFor(MICROSOFT_PARTNER).get(0).get("notes").asText());
  }
}
