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
import java.util.regex.Matcher;
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
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
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
    assertEquals(0, tenant.keyCredentialReadsRefused(), "within Graph's 150 a minute, counted as a sliding minute");
  }

  private static List<String> perRequest(SimulatedTenant tenant) {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : tenant.requests()) {
      Matcher m = KEY_READ.matcher(r.path() + "?" + r.query() + " " + r.body().replace("%24", "$"));
      int n = 0;
      while (m.find()) n++;
      if (n > 0) out.add(Integer.toString(n));
    }
    return out;
  }
}
