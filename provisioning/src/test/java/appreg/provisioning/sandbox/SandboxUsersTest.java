package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users by UPN as user-get.md spells them: a B2B guest's '#' encoded once, a leading '$' only in the quoted form. */
class SandboxUsersTest {
  static final String GUEST = "alex_fabrikam.com#EXT#@contoso.onmicrosoft.com";
  static final String DOLLAR = "$ops@contoso.onmicrosoft.com";

  private SimulatedTenant tenant;
  private SandboxServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    tenant = SimulatedTenant.fresh();
    server = SandboxServer.start(tenant);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String rawPath) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + rawPath))
        .header("Authorization", "Bearer opaque-token").GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String upn(HttpResponse<String> response) throws Exception {
    return Entities.JSON.readTree(response.body()).path("userPrincipalName").asText();
  }

  @Test
  void aFreshTenantHasAGuestAndAUserWhoseNameStartsWithDollar() {
    assertEquals("Guest", tenant.user(GUEST).path("userType").asText());
    assertEquals("Member", tenant.user(DOLLAR).path("userType").asText());
  }

  @Test
  void aGuestIsFoundWithTheHashEncodedOnce() throws Exception {
    var once = get("/users/alex_fabrikam.com%23EXT%23@contoso.onmicrosoft.com");
    assertEquals(200, once.statusCode(), once.body());
    assertEquals(GUEST, upn(once));
    assertEquals(200, get("/users/alex_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com").statusCode());

    var twice = get("/users/alex_fabrikam.com%2523EXT%2523%40contoso.onmicrosoft.com");
    assertEquals(404, twice.statusCode(), "encoded twice names a user that does not exist");
  }

  @Test
  void aLeadingDollarNeedsTheQuotedForm() throws Exception {
    var quoted = get("/users('$ops@contoso.onmicrosoft.com')");
    assertEquals(200, quoted.statusCode(), quoted.body());
    assertEquals(DOLLAR, upn(quoted));

    var plain = get("/users/$ops@contoso.onmicrosoft.com");
    assertEquals(400, plain.statusCode(), plain.body());
    assertEquals("BadRequest", Entities.JSON.readTree(plain.body()).path("error").path("code").asText());
  }
}
