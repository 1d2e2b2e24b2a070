package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxConsentTest extends AgainstSandbox {
  private static final String MICROSOFT_GRAPH = "00000003-0000-0000-c000-000000000000";
  private static final UUID AUDIT_LOG_READ_ALL = UUID.fromString("b0afded3-3588-46d8-8b3d-9842eff778da");
  private static final String SECURITY_READER_TEMPLATE = "5d6b6bb7-de71-4623-b4af-96380a352509";

  private ServicePrincipal client;
  private String graphSpId;

  @BeforeEach
  void start() {
    var app = new Application();
    app.setDisplayName("Reporting");
    Application created = graph.applications().post(app);
    var sp = new ServicePrincipal();
    sp.setAppId(created.getAppId());
    client = graph.servicePrincipals().post(sp);
    graphSpId = tenant.servicePrincipalsFor(MICROSOFT_GRAPH).get(0).get("id").asText();
  }

  private OAuth2PermissionGrant grant(String scope) {
    var g = new OAuth2PermissionGrant();
    g.setClientId(client.getId());
    g.setResourceId(graphSpId);
    g.setConsentType("AllPrincipals");
    g.setScope(scope);
    return g;
  }

  @Test
  void delegatedGrantIsUniquePerClientAndResource() {
    OAuth2PermissionGrant created = graph.oauth2PermissionGrants().post(grant("User.Read"));
    assertEquals(43, created.getId().length());
    assertEquals(null, created.getPrincipalId());

    var e = assertThrows(ODataError.class, () -> graph.oauth2PermissionGrants().post(grant("User.Read openid")));
    assertEquals(409, e.getResponseStatusCode());
    assertEquals("Request_MultipleObjectsWithSameKeyValue", e.getError().getCode());
    assertEquals("Permission entry already exists.", e.getError().getMessage());

    var patch = new OAuth2PermissionGrant();
    patch.setScope("User.Read openid");
    graph.oauth2PermissionGrants().byOAuth2PermissionGrantId(created.getId()).patch(patch);
    var listed = graph.oauth2PermissionGrants().get(rc -> rc.queryParameters.filter =
        "clientId eq '" + client.getId() + "' and consentType eq 'AllPrincipals'").getValue();
    assertEquals(1, listed.size());
    assertEquals("User.Read openid", listed.get(0).getScope());

    var bad = new OAuth2PermissionGrant();
    bad.setPrincipalId(UUID.randomUUID().toString());
    var notUpdatable = assertThrows(ODataError.class,
        () -> graph.oauth2PermissionGrants().byOAuth2PermissionGrantId(created.getId()).patch(bad));
    assertEquals(400, notUpdatable.getResponseStatusCode());
    assertEquals("Property cannot be updated: principalId", notUpdatable.getError().getMessage());
  }

  /** A fresh model per call: the SDK's backing store sends only changes, so a reused model posts {}. */
  private AppRoleAssignment auditLogAssignment() {
    var ara = new AppRoleAssignment();
    ara.setPrincipalId(UUID.fromString(client.getId()));
    ara.setResourceId(UUID.fromString(graphSpId));
    ara.setAppRoleId(AUDIT_LOG_READ_ALL);
    return ara;
  }

  @Test
  void appRoleAssignmentNeedsARoleTheResourceOffersAndIsUnique() {
    AppRoleAssignment created = graph.servicePrincipals().byServicePrincipalId(client.getId())
        .appRoleAssignments().post(auditLogAssignment());
    assertEquals(43, created.getId().length());
    assertEquals("Microsoft Graph", created.getResourceDisplayName());
    assertEquals("Reporting", created.getPrincipalDisplayName());
    assertEquals("ServicePrincipal", created.getPrincipalType());
    assertNotNull(created.getCreatedDateTime());

    var duplicate = assertThrows(ODataError.class, () -> graph.servicePrincipals()
        .byServicePrincipalId(client.getId()).appRoleAssignments().post(auditLogAssignment()));
    assertEquals(400, duplicate.getResponseStatusCode());
    assertEquals("Permission being assigned already exists on the object.", duplicate.getError().getMessage());

    var unknownRole = new AppRoleAssignment();
    unknownRole.setPrincipalId(UUID.fromString(client.getId()));
    unknownRole.setResourceId(UUID.fromString(graphSpId));
    unknownRole.setAppRoleId(UUID.randomUUID());
    var invalid = assertThrows(ODataError.class, () -> graph.servicePrincipals()
        .byServicePrincipalId(graphSpId).appRoleAssignedTo().post(unknownRole));
    assertEquals("One or more properties are invalid.", invalid.getError().getMessage());

    var assignedTo = graph.servicePrincipals().byServicePrincipalId(graphSpId).appRoleAssignedTo().get().getValue();
    assertEquals(1, assignedTo.size());
    assertEquals(AUDIT_LOG_READ_ALL, assignedTo.get(0).getAppRoleId());
  }

  @Test
  void directoryRoleByTemplateIdOnceOnly() {
    String adminId = tenant.user("admin@contoso.onmicrosoft.com").get("id").asText();
    var byUpn = graph.users().byUserId("auditor@contoso.onmicrosoft.com").get();
    var ra = new UnifiedRoleAssignment();
    ra.setPrincipalId(byUpn.getId());
    ra.setRoleDefinitionId(SECURITY_READER_TEMPLATE);
    ra.setDirectoryScopeId("/");
    UnifiedRoleAssignment created = graph.roleManagement().directory().roleAssignments().post(ra);
    assertEquals(SECURITY_READER_TEMPLATE, created.getRoleDefinitionId());

    var again = new UnifiedRoleAssignment();
    again.setPrincipalId(byUpn.getId());
    again.setRoleDefinitionId(SECURITY_READER_TEMPLATE);
    again.setDirectoryScopeId("/");
    var e = assertThrows(ODataError.class, () -> graph.roleManagement().directory().roleAssignments().post(again));
    assertEquals(400, e.getResponseStatusCode());
    assertEquals("A conflicting object with one or more of the specified property values is present in the "
        + "directory.", e.getError().getMessage());

    var found = graph.roleManagement().directory().roleAssignments().get(rc -> rc.queryParameters.filter =
        "principalId eq '" + byUpn.getId() + "' and roleDefinitionId eq '" + SECURITY_READER_TEMPLATE + "'");
    assertEquals(1, found.getValue().size());
    var definitions = graph.roleManagement().directory().roleDefinitions()
        .get(rc -> rc.queryParameters.filter = "displayName eq 'Security Reader'").getValue();
    assertEquals(SECURITY_READER_TEMPLATE, definitions.get(0).getTemplateId());
    assertNotNull(adminId);

    var missing = assertThrows(ODataError.class, () -> graph.users().byUserId("nobody@contoso.onmicrosoft.com").get());
    assertEquals(404, missing.getResponseStatusCode());
    assertEquals("Request_ResourceNotFound", missing.getError().getCode());
  }
}
