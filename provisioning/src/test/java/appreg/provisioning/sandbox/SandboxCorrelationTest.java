package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** request-id and client-request-id as Graph sends them: in the response headers and in an error's innerError. */
class SandboxCorrelationTest {
  private SandboxServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = SandboxServer.start(SimulatedTenant.fresh());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String clientRequestId) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer opaque-token");
    if (clientRequestId != null) b.header("client-request-id", clientRequestId);
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode inner(HttpResponse<String> r) throws Exception {
    return Entities.JSON.readTree(r.body()).path("error").path("innerError");
  }

  @Test
  void theCallersIdIsEchoedAndGraphsOwnIsNewEachTime() throws Exception {
    var first = get("/applications/00000000-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000001");
    var second = get("/applications/00000000-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000001");
    assertEquals(404, first.statusCode());
    assertEquals("aaaaaaaa-0000-0000-0000-000000000001", first.headers().firstValue("client-request-id").orElseThrow());
    assertEquals("aaaaaaaa-0000-0000-0000-000000000001", inner(first).path("client-request-id").asText());
    assertEquals(first.headers().firstValue("request-id").orElseThrow(), inner(first).path("request-id").asText());
    assertNotEquals(first.headers().firstValue("request-id"), second.headers().firstValue("request-id"));
  }

  @Test
  void withoutAClientIdGraphsRequestIdStandsInForIt() throws Exception {
    var r = get("/applications/00000000-0000-0000-0000-000000000001", null);
    String requestId = r.headers().firstValue("request-id").orElseThrow();
    assertEquals(requestId, r.headers().firstValue("client-request-id").orElseThrow());
    assertEquals(requestId, inner(r).path("client-request-id").asText());
  }

  @Test
  void aBatchErrorNamesTheRequestIdOfItsResponse() throws Exception {
    var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/$batch"))
        .header("Authorization", "Bearer opaque-token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    var r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode());
    assertEquals(r.headers().firstValue("request-id").orElseThrow(), inner(r).path("request-id").asText());
  }
}
