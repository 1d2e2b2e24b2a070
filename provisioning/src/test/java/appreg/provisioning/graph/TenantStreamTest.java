package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Reading a listing's items straight from the parser gives what the tree mapping gives, odd shapes included. */
class TenantStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String APP = """
      {"id":"00000000-0000-0000-0000-0000000000a1","appId":"00000000-0000-0000-0000-0000000000b1",
       "displayName":"Orders","uniqueName":"orders","signInAudience":"AzureADMyOrg","createdDateTime":"2024-01-02T03:04:05Z",
       "web":{"homePageUrl":null,"redirectUris":["https://a.example/cb",null],
              "implicitGrantSettings":{"enableAccessTokenIssuance":true,"enableIdTokenIssuance":false}},
       "spa":{"redirectUris":["https://spa.example"]},"publicClient":{"redirectUris":[]},
       "isFallbackPublicClient":null,"servicePrincipalLockConfiguration":{"isEnabled":true,"allProperties":true},
       "requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000",
          "resourceAccess":[{"id":"e1fe6dd8-ba31-4d61-89e7-88639da4683d","type":"Scope"},{"id":null,"type":"Role"},
                            {"id":"19dbc75e-c2e2-444c-a770-ec69d8559fc7","type":"Role"}]},
          {"resourceAppId":null,"resourceAccess":[]}, 7],
       "passwordCredentials":[{"keyId":"k1","displayName":"ci","hint":"abc","secretText":null,
           "startDateTime":"2024-01-01T00:00:00.1234567Z","endDateTime":"2026-01-01T00:00:00Z"},{"keyId":null}],
       "keyCredentials":[{"keyId":"k2","type":"AsymmetricX509Cert","usage":"Verify","customKeyIdentifier":"q83vEg==",
           "startDateTime":"2024-01-01T00:00:00Z","endDateTime":"not a date","key":null,"displayName":"CN=x"}],
       "tags":["a",1,true,null,{"x":1}],"federatedIdentityCredentials":[{"name":"gh","issuer":"https://i","subject":"s",
           "audiences":["api://AzureADTokenExchange"]},{"name":" "}]}""";

  private static final List<String> ODD_APPS = List.of(
      "{}",
      "{\"id\":null,\"appId\":null}",
      "{\"id\":12,\"appId\":\"x\",\"web\":null,\"spa\":[1],\"publicClient\":\"no\",\"tags\":{\"a\":\"b\"}}",
      "{\"web\":{\"implicitGrantSettings\":{\"enableAccessTokenIssuance\":\"true\",\"enableIdTokenIssuance\":1}},"
          + "\"isFallbackPublicClient\":\"true\",\"servicePrincipalLockConfiguration\":null}",
      "{\"web\":{\"redirectUris\":[\"a\"]},\"web\":{\"implicitGrantSettings\":null}}",
      "{\"requiredResourceAccess\":{\"r\":{\"resourceAppId\":\"x\",\"resourceAccess\":{\"a\":{\"id\":\"i\",\"type\":\"scope\"}}}}}",
      "{\"passwordCredentials\":null,\"keyCredentials\":[null,3,{\"keyId\":5,\"startDateTime\":7}],\"displayName\":{\"a\":1},"
          + "\"uniqueName\":[1,2],\"signInAudience\":3.50,\"createdDateTime\":null}",
      "{\"federatedIdentityCredentials\":null,\"extra\":{\"deep\":[{\"x\":[1,2,{\"y\":null}]}]}}",
      "[1,2]",
      "null",
      "\"text\"");

  private static final String SP = """
      {"id":"s1","appId":"a1","displayName":"Graph","appOwnerOrganizationId":"f8cdef31","servicePrincipalType":"Application",
       "accountEnabled":false,"oauth2PermissionScopes":[{"id":"x","value":"User.Read","type":"User","isEnabled":false},
           {"id":null,"value":"y"},"z"],
       "appRoles":[{"id":"r","value":"Directory.Read.All","allowedMemberTypes":["Application","Application",null],"isEnabled":true},
           {"value":"no id"}],
       "passwordCredentials":[],"keyCredentials":[],"tags":["WindowsAzureActiveDirectoryIntegratedApp"]}""";

  private static final List<String> ODD_SPS = List.of("{}", "{\"accountEnabled\":null,\"appRoles\":null,"
      + "\"oauth2PermissionScopes\":{\"a\":{\"id\":\"q\"}}}", "{\"accountEnabled\":\"false\",\"appRoles\":[{\"id\":1,"
      + "\"allowedMemberTypes\":\"User\",\"isEnabled\":0}]}");

  private static final List<String> GRANTS = List.of(
      "{\"id\":\"g\",\"clientId\":\"c\",\"resourceId\":\"r\",\"consentType\":\"AllPrincipals\",\"principalId\":null,"
          + "\"scope\":\" User.Read  openid \"}",
      "{\"id\":null,\"clientId\":null,\"principalId\":\" \",\"scope\":null}",
      "{\"principalId\":\"p\",\"scope\":7,\"consentType\":{}}");

  @Test
  void registrationsReadAsTheTreeMappingReadsThem() throws Exception {
    same(APP, TenantStream.REGISTRATION, TenantJson::registration);
    for (String json : ODD_APPS) same(json, TenantStream.REGISTRATION, TenantJson::registration);
  }

  @Test
  void servicePrincipalsReadAsTheTreeMappingReadsThem() throws Exception {
    same(SP, TenantStream.SERVICE_PRINCIPAL, TenantJson::servicePrincipal);
    for (String json : ODD_SPS) same(json, TenantStream.SERVICE_PRINCIPAL, TenantJson::servicePrincipal);
  }

  @Test
  void grantsReadAsTheTreeMappingReadsThem() throws Exception {
    for (String json : GRANTS) same(json, TenantStream.GRANT, TenantJson::grant);
  }

  @Test
  void aPageKeepsItsNextLinkAndItemsInOrder() throws Exception {
    String page = "{\"@odata.context\":\"c\",\"value\":[" + APP + ",{\"id\":\"dup\",\"appId\":\"x\"},{\"id\":null,\"appId\":\"y\"}],"
        + "\"@odata.nextLink\":\"https://graph/next\"}";
    try (JsonParser p = JSON.createParser(page)) {
      p.nextToken();
      ObjectNode rest = JSON.createObjectNode();
      Batch.Page<?> read = Batch.readPage(p, TenantStream.REGISTRATION, rest);
      assertEquals(3, read.items().size());
      assertEquals(List.of("00000000-0000-0000-0000-0000000000a1", "dup", ""), read.ids());
      assertEquals("https://graph/next", rest.path("@odata.nextLink").asText());
      assertEquals(false, rest.has("value"));
      assertEquals(TenantJson.registration(JSON.readTree(APP)), read.items().get(0));
    }
  }

  @Test
  void graphsTimestampsReadAsTheFormatterReadsThem() {
    List<String> samples = List.of("2024-01-02T03:04:05Z", "2024-01-01T00:00:00.1234567Z", "2024-02-29T23:59:59.9Z",
        "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
        "2024-01-01T23:59:60Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:00.1234567890Z",
        "2024-01-01t00:00:00z", "2024-01-01T00:00Z", "2024-01-01T00:00:00+02:00", "0000-01-01T00:00:00Z",
        "+10000-01-01T00:00:00Z", "2024-01-01T00:00:00", "2024-0a-01T00:00:00Z", "2024-01-01T00:00:00.12a4Z");
    for (String v : samples) {
      java.time.Instant expected;
      try {
        expected = java.time.OffsetDateTime.parse(v).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        try {
          expected = java.time.Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e2) {
          expected = null;
        }
      }
      assertEquals(expected, TenantJson.instant(v), v);
    }
  }

  /** The same record (or the same kind of failure) from the parser as from the tree, and the pager's id. */
  private static <T> void same(String json, TenantStream.ItemReader<T> reader, Function<JsonNode, T> tree) throws Exception {
    JsonNode node = JSON.readTree(json);
    T expected;
    try {
      expected = tree.apply(node);
    } catch (RuntimeException e) {
      assertThrows(e.getClass(), () -> read(json, reader, new String[1]), json);
      return;
    }
    String[] id = new String[1];
    assertEquals(expected, read(json, reader, id), json);
    assertEquals(node.path("id").asText(""), id[0], json);
  }

  private static <T> T read(String json, TenantStream.ItemReader<T> reader, String[] id) throws Exception {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      T out = reader.read(p, id);
      assertEquals(null, p.nextToken(), "nothing read past the item");
      return out;
    }
  }
}
