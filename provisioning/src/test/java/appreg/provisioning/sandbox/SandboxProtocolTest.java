package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wire-level details the SDK hides: headers, envelopes, status codes for odd requests. */
class SandboxProtocolTest {
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

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer opaque-token")
        .header("client-request-id", "11111111-2222-3333-4444-555555555555")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Entities.JSON.readTree(response.body());
  }

  @Test
  void createdEntityHasContextAndJsonContentType() throws Exception {
    var response = send("POST", "/applications", "{\"displayName\":\"Wire\"}");
    assertEquals(201, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("11111111-2222-3333-4444-555555555555", response.headers().firstValue("client-request-id").orElse(""));
    assertTrue(response.headers().firstValue("request-id").isPresent());
    assertEquals(server.baseUrl() + "/$metadata#applications/$entity", json(response).get("@odata.context").asText());
  }

  @Test
  void unknownTopLevelPropertyIsInvalidProperty() throws Exception {
    var response = send("POST", "/applications", "{\"displayName\":\"x\",\"colour\":\"blue\"}");
    assertEquals(400, response.statusCode());
    var error = json(response).get("error");
    assertEquals("Request_BadRequest", error.get("code").asText());
    assertEquals("Invalid property 'colour'.", error.get("message").asText());
    assertEquals("11111111-2222-3333-4444-555555555555", error.get("innerError").get("client-request-id").asText());
  }

  @Test
  void unknownSegmentMethodAndIdAnswerLikeGraph() throws Exception {
    var segment = send("GET", "/widgets", null);
    assertEquals(400, segment.statusCode());
    assertEquals("Resource not found for the segment 'widgets'.", json(segment).get("error").get("message").asText());
    var method = send("PUT", "/applications", "{}");
    assertEquals(405, method.statusCode());
    var id = send("GET", "/applications/5b1c0c8e-2f57-4c4e-9b55-0f1a7a1c9a11", null);
    assertEquals(404, id.statusCode());
    assertEquals("Request_ResourceNotFound", json(id).get("error").get("code").asText());
  }

  @Test
  void countSegmentIsPlainTextOnlyWithConsistencyLevel() throws Exception {
    assertEquals(400, send("GET", "/servicePrincipals/$count", null).statusCode());
    var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/servicePrincipals/$count"))
        .header("Authorization", "Bearer opaque-token").header("ConsistencyLevel", "eventual").GET().build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertEquals("3", response.body());
  }

  @Test
  void filterParserHandlesStartswithOrAndQuotes() throws Exception {
    send("POST", "/applications", "{\"displayName\":\"O'Brien Portal\"}");
    send("POST", "/applications", "{\"displayName\":\"Payroll\",\"tags\":[\"hr\"]}");
    var response = send("GET", "/applications?$filter="
        + java.net.URLEncoder.encode("startswith(displayName,'o''b') or tags/any(t:t eq 'HR')", "UTF-8")
            .replace("+", "%20"), null);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(2, json(response).get("value").size());
  }
}
