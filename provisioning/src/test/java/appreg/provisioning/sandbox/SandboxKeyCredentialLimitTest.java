package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graph's 150 requests a minute per tenant that select keyCredentials (application-get.md, application-list.md,
 * serviceprincipal-get.md, serviceprincipal-list.md), counted as a sliding minute: 429 with Retry-After past it.
 */
class SandboxKeyCredentialLimitTest {
  private SimulatedTenant tenant;
  private SandboxServer server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String app;

  @BeforeEach
  void start() {
    tenant = SimulatedTenant.fresh();
    server = SandboxServer.start(tenant);
    app = tenant.create("applications", Entities.JSON.createObjectNode().put("displayName", "Keyed")).get("id").asText();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return send("GET", pathAndQuery, null);
  }

  private HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
        .header("Authorization", "Bearer opaque-token").header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the151stReadInAMinuteIsThrottledUntilTheFirstIsAMinuteOld() throws Exception {
    String keyed = "/applications/" + app + "?$select=id,keyCredentials";
    // each item of a $batch counts as a request (concepts/json-batching.md): 7 batches of 20, then 10 listings
    for (int i = 0; i < 7; i++) {
      for (JsonNode a : batchOf(20, keyed)) assertEquals(200, a.get("status").asInt(), a.toString());
    }
    for (int i = 0; i < 10; i++) assertEquals(200, get("/applications?$top=999&$select=id,keyCredentials").statusCode());
    HttpResponse<String> over = get(keyed);
    assertEquals(429, over.statusCode());
    long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    JsonNode error = Entities.JSON.readTree(over.body()).get("error");
    assertEquals("TooManyRequests", error.get("code").asText());
    assertTrue(error.get("innerError").has("request-id"));
    assertEquals(1, tenant.keyCredentialReadsRefused());

    // reads that do not select keyCredentials, and service principals, are counted apart or not at all
    assertEquals(200, get("/applications/" + app + "?$select=id,displayName").statusCode());
    assertEquals(200, get("/applications/" + app).statusCode());
    assertEquals(200, get("/servicePrincipals?$select=id,keyCredentials").statusCode());

    // inside a $batch the item is throttled on its own, with its Retry-After among the item's headers
    String batch = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/applications/" + app
        + "?$select=id,keyCredentials\"},{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/applications/" + app + "\"}]}";
    JsonNode answers = Entities.JSON.readTree(send("POST", "/$batch", batch).body()).get("responses");
    for (JsonNode a : answers) {
      if (a.get("id").asText().equals("1")) {
        assertEquals(429, a.get("status").asInt(), a.toString());
        assertTrue(a.get("headers").has("Retry-After"), a.toString());
      } else {
        assertEquals(200, a.get("status").asInt(), a.toString());
      }
    }

    tenant.advanceClock(Duration.ofSeconds(retryAfter));
    assertEquals(200, get(keyed).statusCode(), "a minute after the first read, there is room again");
  }

  @Test
  void liftedForABenchmark() throws Exception {
    tenant.keyCredentialReadsPerMinute(0);
    for (int i = 0; i < 8; i++) {
      for (JsonNode a : batchOf(20, "/applications/" + app + "?$select=id,keyCredentials")) {
        assertEquals(200, a.get("status").asInt(), a.toString());
      }
    }
    assertEquals(0, tenant.keyCredentialReadsRefused());
  }

  private JsonNode batchOf(int n, String url) throws Exception {
    var requests = Entities.JSON.createArrayNode();
    for (int i = 1; i <= n; i++) requests.addObject().put("id", Integer.toString(i)).put("method", "GET").put("url", url);
    var body = Entities.JSON.createObjectNode().set("requests", requests);
    HttpResponse<String> response = send("POST", "/$batch", body.toString());
    assertEquals(200, response.statusCode(), response.body());
    return Entities.JSON.readTree(response.body()).get("responses");
  }
}
