package appreg.cli;

import appreg.provisioning.sandbox.SampleCertificates;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The known cases planted in a fresh simulated tenant, and the findings an audit must report for them: one
 * line "severity rule displayName" each. Dates are relative to the real clock (the CLI reads it).
 */
final class KnownCases {
  static final String GRAPH = "00000003-0000-0000-c000-000000000000";
  static final String AAD_GRAPH = "00000002-0000-0000-c000-000000000000";
  static final String PARTNER = "4990cffe-04e8-4e8b-808a-1175604b879f";
  static final String PARTNER_CENTER = "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd";
  static final String ROLE_MANAGEMENT_RW = "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8";
  static final String AUDIT_LOG_READ_ALL = "b0afded3-3588-46d8-8b3d-9842eff778da";
  static final String USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
  static final String PARTNER_IMPERSONATION = "eabf9ef3-1f9e-f3da-19a1-bcd60d080567";
  static final String PARTNER_CENTER_IMPERSONATION = "1cebfa2a-fb4d-419e-b5f9-839b4383e05a";
  static final String AAD_GRAPH_USER_READ = "311a71cc-e848-46a1-bdf8-97ff7156d8e6";

  /** What a fresh sandbox tenant reports before anything is planted: its default tenant policies. */
  static final Set<String> BASELINE = Set.of(
      "info tenant-no-app-management-policy tenant Contoso",
      "info tenant-users-can-register-apps tenant Contoso",
      "info tenant-user-consent-allowed tenant Contoso");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SimulatedTenant tenant;
  private final Instant now = Instant.now();
  private final String owner;
  final Set<String> expected = new LinkedHashSet<>(BASELINE);
  /** What {@code audit --certificate-keys} reports: the same, and the weak certificate. */
  final Set<String> expectedWithCertificates = new LinkedHashSet<>(BASELINE);

  private KnownCases(SimulatedTenant tenant) {
    this.tenant = tenant;
    this.owner = tenant.list("users").get(0).get("id").asText();
  }

  static KnownCases plant(SimulatedTenant tenant) {
    KnownCases k = new KnownCases(tenant);
    k.all();
    return k;
  }

  private void all() {
    ObjectNode app = app("Expired Secret App", true, true);
    secret(app, -400, -10);
    expect("medium credential-expired", app);

    app = app("Expiring Secret App", true, true);
    secret(app, -170, 10);
    expect("high credential-expiring", app);
    expect("low uses-client-secret", app);

    app = app("Two Year Secret App", true, true);
    secret(app, -5, 725);
    expect("medium secret-lifetime-too-long", app);
    expect("low uses-client-secret", app);

    app = app("Multi Tenant App", true, true);
    tenant.update("applications", app.get("id").asText(), JSON.createObjectNode().put("signInAudience", "AzureADMultipleOrgs"));
    expect("high multi-tenant-no-instance-lock", app);
    expect("medium multi-tenant-audience", app);

    app = app("Ownerless App", true, false);
    expect("medium no-owners", app);

    app = app("Role Manager App", true, true);
    requests(app, GRAPH, ROLE_MANAGEMENT_RW, "Role");
    assign(app, GRAPH, ROLE_MANAGEMENT_RW);
    expect("high high-privilege-app-permission-direct", app);

    app = app("Over Consented App", true, true);
    requests(app, GRAPH, USER_READ, "Scope");
    grant(app, GRAPH, "User.Read Directory.Read.All");
    expect("medium consent-beyond-requested", app);

    app = app("Unconsented App", true, true);
    requests(app, GRAPH, AUDIT_LOG_READ_ALL, "Role");
    expect("medium permission-not-consented", app);

    app = app("No Service Principal App", false, true);
    expect("low service-principal-missing", app);

    ObjectNode partnerSp = JSON.createObjectNode().put("appId", PARTNER).put("displayName", "Microsoft Partner")
        .put("appOwnerOrganizationId", "f8cdef31-a31e-4b4a-93e4-5f571e91255a");
    partnerSp.putArray("oauth2PermissionScopes").addObject().put("id", PARTNER_IMPERSONATION).put("value", "user_impersonation")
        .put("type", "Admin").put("isEnabled", true);
    tenant.create("servicePrincipals", partnerSp);
    app = app("Partner Referrals App", true, true);
    requests(app, PARTNER, PARTNER_IMPERSONATION, "Scope");
    grant(app, PARTNER, "user_impersonation");
    expect("info partner-api-access", app);

    app = app("Partner Center App", true, true);
    requests(app, PARTNER_CENTER, PARTNER_CENTER_IMPERSONATION, "Scope");
    grant(app, PARTNER_CENTER, "user_impersonation");
    secret(app, -10, 80);
    expect("medium partner-api-access", app);
    expect("low uses-client-secret", app);

    String github = "https://token.actions.githubusercontent.com";
    app = app("Pull Request Deploy App", true, true);
    tenant.addFederatedCredential(app.get("id").asText(), "pr-checks", github, "repo:contoso/deploy:pull_request");
    tenant.addFederatedCredential(app.get("id").asText(), "deploy", github, "repo:contoso/deploy:environment:production");
    expect("medium federated-credential-broad-subject", app);

    app = app("Plain Http Issuer App", true, true);
    tenant.addFederatedCredential(app.get("id").asText(), "legacy-idp", "http://idp.contoso.example", "worker");
    expect("high federated-credential-insecure-issuer", app);

    ObjectNode shared = app("Shared Pipeline App", true, true);
    tenant.addFederatedCredential(shared.get("id").asText(), "infra", github, "repo:contoso/infra:environment:production");
    expect("low federated-credential-shared-subject", shared);
    shared = app("Shared Pipeline Twin App", true, true);
    tenant.addFederatedCredential(shared.get("id").asText(), "infra", github, "repo:contoso/infra:environment:production");
    expect("low federated-credential-shared-subject", shared);

    app = app("Environment Deploy App", true, true); // the good case: one protected environment, https issuer
    tenant.addFederatedCredential(app.get("id").asText(), "deploy", github, "repo:contoso/web:environment:production");

    // Graph lists certificates without their bytes: judged only when read one by one (audit --certificate-keys)
    app = app("Weak Key App", true, true);
    tenant.addCertificate(app.get("id").asText(), SampleCertificates.RSA_1024, "CN=weak", now.minus(Duration.ofDays(10)),
        now.plus(Duration.ofDays(170)));
    expectedWithCertificates.add("high certificate-weak-key Weak Key App");
    app = app("Good Certificate App", true, true); // the good case: RSA 2048 signed with SHA-256
    tenant.addCertificate(app.get("id").asText(), SampleCertificates.RSA_2048, "CN=good", now.minus(Duration.ofDays(10)),
        now.plus(Duration.ofDays(170)));

    app = app("Legacy AAD Graph App", true, true);
    requests(app, AAD_GRAPH, AAD_GRAPH_USER_READ, "Scope");
    grant(app, AAD_GRAPH, "User.Read");
    expect("medium azure-ad-graph-requested", app);
  }

  private void expect(String what, ObjectNode app) {
    expected.add(what + " " + app.get("displayName").asText());
    expectedWithCertificates.add(what + " " + app.get("displayName").asText());
  }

  private ObjectNode app(String name, boolean servicePrincipal, boolean owned) {
    ObjectNode app = tenant.create("applications", JSON.createObjectNode().put("displayName", name).put("signInAudience", "AzureADMyOrg"));
    if (servicePrincipal) {
      tenant.create("servicePrincipals", JSON.createObjectNode().put("appId", app.get("appId").asText()).put("displayName", name));
    }
    if (owned) tenant.addOwner(app.get("id").asText(), owner);
    return app;
  }

  private void secret(ObjectNode app, int startDays, int endDays) {
    ObjectNode changes = JSON.createObjectNode();
    ArrayNode creds = changes.putArray("passwordCredentials");
    creds.addObject().put("keyId", UUID.randomUUID().toString()).put("displayName", "appreg").put("hint", "abc")
        .put("startDateTime", now.plus(Duration.ofDays(startDays)).toString())
        .put("endDateTime", now.plus(Duration.ofDays(endDays)).toString());
    tenant.update("applications", app.get("id").asText(), changes);
  }

  private void requests(ObjectNode app, String api, String permissionId, String type) {
    ObjectNode changes = JSON.createObjectNode();
    ObjectNode rra = changes.putArray("requiredResourceAccess").addObject().put("resourceAppId", api);
    rra.putArray("resourceAccess").addObject().put("id", permissionId).put("type", type);
    tenant.update("applications", app.get("id").asText(), changes);
  }

  private String spId(String appId) {
    return tenant.servicePrincipalsFor(appId).get(0).get("id").asText();
  }

  private void assign(ObjectNode app, String api, String appRoleId) {
    tenant.create("appRoleAssignments", JSON.createObjectNode().put("principalId", spId(app.get("appId").asText()))
        .put("principalType", "ServicePrincipal").put("resourceId", spId(api)).put("appRoleId", appRoleId));
  }

  private void grant(ObjectNode app, String api, String scope) {
    tenant.create("oauth2PermissionGrants", JSON.createObjectNode().put("clientId", spId(app.get("appId").asText()))
        .put("consentType", "AllPrincipals").put("resourceId", spId(api)).put("scope", scope));
  }
}
