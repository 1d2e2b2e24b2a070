package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import appreg.provisioning.sandbox.RecordedRequest;
import appreg.provisioning.sandbox.SampleCertificates;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantConsumer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Certificate reads keep to Graph's 150 requests a minute that select keyCredentials on applications
 * (application-get.md, application-list.md), counting what the run has already sent: at most 140 before each rest.
 */
class CertificateReaderTest {
  private static final Pattern KEY_READ = Pattern.compile("/applications/[0-9a-f-]{36}\\?\\$select=id,keyCredentials");

  @ParameterizedTest(name = "{0} already sent, {1} to read: reads per request {2}, rests {3}")
  @CsvSource(delimiter = ';', value = {
      "1;   30; 20 10;             0",   // within the first minute
      "135; 30; 5 20 5;            1",   // five left in this minute, then a rest, then the other 25
      "140; 30; 20 10;             1",   // the listing used the minute up: rest first
      "900; 30; 20 10;             1",   // far more already: after one rest the minute holds none of them
      "0;  300; 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20; 2"})
  void atMost140InAnyMinute(int alreadySent, int count, String perRequest, int rests) {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    List<ObjectId> apps = new ArrayList<>();
    Instant now = Instant.now();
    var json = new ObjectMapper();
    for (int i = 0; i < count; i++) {
      var created = tenant.create("applications", json.createObjectNode().put("displayName", "App " + i));
      tenant.addCertificate(created.get("id").asText(), SampleCertificates.RSA_2048, "CN=App " + i,
          now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(100)));
      apps.add(new ObjectId(created.get("id").asText()));
    }
    var t = new TestConnections();
    t.onSleep = tenant::advanceClock;   // the rests are recorded, not slept: the tenant's minute sees them
    Map<ObjectId, List<KeyCredential>> read = new ConcurrentHashMap<>();
    int refusedBefore;
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      alreadySend(server, alreadySent);   // what a listing would have sent just before, as Graph counts it
      refusedBefore = tenant.keyCredentialReadsRefused();
      tenant.resetRequestLog();
      new CertificateReader(connection).read(apps, alreadySent, new TenantConsumer() {
        @Override public void registration(Registration registration) {}
        @Override public void servicePrincipal(ServicePrincipal servicePrincipal) {}
        @Override public void certificates(ObjectId application, List<KeyCredential> credentials) {
          read.put(application, credentials);
        }
      }, p -> {});
    }
    assertEquals(count, read.size(), "every certificate read");
    assertEquals(perRequest.trim().replaceAll("\\s+", " "), String.join(" ", perRequest(tenant)));
    assertEquals(java.util.Collections.nCopies(rests, CertificateReader.REST), t.sleeps);
    assertEquals(refusedBefore, tenant.keyCredentialReadsRefused(), "within Graph's 150 a minute, counted as a sliding minute");
  }

  /** {@code n} listings of applications selecting keyCredentials, twenty to a $batch, straight to the sandbox. */
  private static void alreadySend(SandboxServer server, int n) {
    var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    var json = new ObjectMapper();
    for (int sent = 0; sent < n; sent += 20) {
      var requests = json.createArrayNode();
      for (int i = 1; i <= Math.min(20, n - sent); i++) {
        requests.addObject().put("id", Integer.toString(i)).put("method", "GET")
            .put("url", "/applications?$top=1&$select=id,keyCredentials");
      }
      var body = json.createObjectNode().set("requests", requests).toString();
      try {
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/$batch"))
            .header("Authorization", "Bearer " + SandboxTokens.allPermissions()).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static List<String> perRequest(SimulatedTenant tenant) {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : tenant.requests()) {
      long n = KEY_READ.matcher(r.path() + "?" + r.query() + " " + r.body().replace("%24", "$")).results().count();
      if (n > 0) out.add(Long.toString(n));
    }
    return out;
  }
}
