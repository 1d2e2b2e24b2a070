package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.RecordedRequest;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import appreg.provisioning.tenant.RegistrationPatch;
import appreg.provisioning.tenant.TenantQuery;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each Graph request carries its own client-request-id; -v shows it beside Graph's request-id. */
class CorrelationTest {
  private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern TRACED = Pattern.compile("(\\S+ \\S+) -> (\\d+) \\(\\d+ ms, request-id (" + GUID
      + "), client-request-id (" + GUID + ")\\)");

  @Test
  void everyRequestHasItsOwnIdAndARetryKeepsIt() {
    var tenant = SimulatedTenant.fresh();
    tenant.faults().on("PATCH", "/applications.*").throttle("1");
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant);
         var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      var gateway = new SdkGateway(connection);
      gateway.observe(new TenantQuery(List.of("k"), List.of(), List.of(), List.of(), List.of(), false, List.of(), List.of()));
      var app = gateway.upsertRegistration("k", new RegistrationPatch("K", "AzureADMyOrg", null, null, null, null, null,
          List.of()));
      gateway.createServicePrincipal(app.appId());
    }

    List<RecordedRequest> sent = tenant.requests();
    List<String> ids = sent.stream().map(r -> r.header("client-request-id").orElse("")).toList();
    assertTrue(ids.stream().allMatch(id -> GUID.matcher(id).matches()), ids::toString);
    List<RecordedRequest> upserts = sent.stream().filter(r -> r.method().equals("PATCH")).toList();
    assertEquals(2, upserts.size(), "throttled once, then sent again");
    assertEquals(upserts.get(0).header("client-request-id"), upserts.get(1).header("client-request-id"),
        "a retry of the same request keeps its id");
    assertEquals(sent.size() - 1, new HashSet<>(ids).size(), "every other request has an id of its own");

    List<Matcher> lines = t.trace.stream().map(TRACED::matcher).filter(Matcher::matches).toList();
    assertEquals(sent.size(), lines.size(), () -> String.join("\n", t.trace));
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(ids.get(i), lines.get(i).group(4), "-v shows the id that was sent");
    }
    List<Matcher> patches = lines.stream().filter(m -> m.group(1).startsWith("PATCH")).toList();
    assertEquals(List.of("429", "201"), patches.stream().map(m -> m.group(2)).toList());
    assertNotEquals(patches.get(0).group(3), patches.get(1).group(3), "Graph's request-id tells the attempts apart");
  }
}
