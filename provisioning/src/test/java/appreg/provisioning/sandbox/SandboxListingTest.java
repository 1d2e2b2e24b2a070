package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listing with {@code $select} writes each item straight to bytes; those are the bytes of the item rendered,
 * shaped and projected as a tree, as every other read answers it, for every collection and every kind of property.
 */
class SandboxListingTest {
  private static final List<List<String>> SELECTS = List.of(
      List.of("id", "appId", "displayName", "uniqueName", "signInAudience", "web", "spa", "publicClient",
          "isFallbackPublicClient", "servicePrincipalLockConfiguration", "requiredResourceAccess", "passwordCredentials",
          "keyCredentials", "tags", "createdDateTime"),
      List.of("id", "appId", "displayName", "appOwnerOrganizationId", "servicePrincipalType", "accountEnabled",
          "oauth2PermissionScopes", "appRoles", "passwordCredentials", "keyCredentials", "tags"),
      List.of("id", "clientId", "resourceId", "consentType", "principalId", "scope"),
      List.of("id", "principalId", "principalType", "resourceId", "appRoleId"),
      List.of("id", "roleDefinitionId", "principalId", "directoryScopeId"),
      List.of("id", "displayName", "templateId", "isBuiltIn", "rolePermissions"),
      List.of("displayName"),
      List.of("displayName", "id", "displayName", "web", "web"),
      List.of("keyCredentials", "passwordCredentials", "federatedIdentityCredentials", "info", "api", "notThere"),
      List.of("userPrincipalName", "businessPhones", "mail"));

  @Test
  void eachItemIsWrittenAsItsTreeWouldBe() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(300, 11);
    ObjectNode odd = tenant.create("applications", (ObjectNode) Entities.JSON.readTree("""
        {"displayName":"Odd","web":{"redirectUris":["https://x"],"extra":1,"implicitGrantSettings":{"enableIdTokenIssuance":true}},
         "passwordCredentials":[{"keyId":"k","secretText":"s3cret","hint":"s3c"},"not an object"],
         "keyCredentials":[{"keyId":"c","key":"AAAA"},{"keyId":"d"}],"tags":["a","b"],
         "federatedIdentityCredentials":[{"name":"f"}],"@odata.type":"#microsoft.graph.application"}"""));
    assertTrue(odd.has("id"));
    int compared = 0;
    for (String collection : List.of("applications", "servicePrincipals", "oauth2PermissionGrants",
        "appRoleAssignments", "roleAssignments", "roleDefinitions", "users")) {
      for (ObjectNode stored : tenant.collection(collection).values()) {
        for (List<String> select : SELECTS) {
          String tree = Entities.JSON.writeValueAsString(
              Query.project(Query.listed(collection, stored, select, List.of()), select));
          var out = new ByteArrayOutputStream();
          try (var g = Entities.JSON.getFactory().createGenerator(out)) {
            Entities.writeListed(g, Entities.JSON.getSerializerProviderInstance(), collection, stored, select);
          }
          assertEquals(tree, out.toString(StandardCharsets.UTF_8), collection + " " + select);
          compared++;
        }
      }
    }
    assertTrue(compared > 5000, "compared " + compared);
  }
}
