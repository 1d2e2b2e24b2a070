package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.GraphCallException;
import appreg.provisioning.MissingPrivilegeException;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import appreg.provisioning.snapshot.Snapshot;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.Unread;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bulk reader against the simulated tenant, through the real Graph SDK and our middleware. */
class TenantReaderTest {
  @Test
  void readsEveryCollectionExactlyOnce() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(1500, 7);
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      TenantReader reader = new TenantReader(connection);
      ObservedTenant read = reader.read(p -> {});
      assertEquals(tenant.list("applications").size(), read.registrations().size());
      assertEquals(2, reader.keyCredentialReads(), "two pages of applications (999 and the rest), each selecting keyCredentials");
      assertEquals(tenant.list("servicePrincipals").size(), read.servicePrincipals().size());
      assertEquals(tenant.list("oauth2PermissionGrants").size(), read.grants().size());
      assertEquals(ids(tenant.list("applications")), read.registrations().stream().map(r -> r.id().value()).collect(java.util.stream.Collectors.toSet()));
      Set<String> ownerless = new HashSet<>();
      for (ObjectNode app : tenant.list("applications")) if (tenant.owners(app.get("id").asText()).isEmpty()) ownerless.add(app.get("id").asText());
      assertFalse(ownerless.isEmpty(), "the seed has ownerless registrations");
      assertEquals(ownerless, read.owners().keySet().stream().map(ObjectId::value).collect(java.util.stream.Collectors.toSet()));
      assertTrue(read.owners().values().stream().allMatch(List::isEmpty));
      assertEquals(countServicePrincipalAssignments(tenant), read.appRoleAssignments().size());
      assertNotNull(read.organization());
      assertEquals(tenant.tenantId(), read.organization().tenantId());
      assertNotNull(read.policies().appManagement());
      assertNotNull(read.policies().authorization());
      assertFalse(read.roleDefinitions().isEmpty());
    }
  }

  @Test
  void tenThousandRegistrationsInAtMostSixtyRoundTrips() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(10_000, 42);
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      tenant.resetRequestLog();
      ObservedTenant read = new TenantReader(connection).read(p -> {});
      int trips = tenant.requestCount();
      assertTrue(read.registrations().size() >= 10_000);
      assertEquals(tenant.list("applications").size(), read.registrations().size());
      assertEquals(tenant.list("servicePrincipals").size(), read.servicePrincipals().size());
      assertEquals(tenant.list("oauth2PermissionGrants").size(), read.grants().size());
      assertTrue(trips <= 60, "round trips: " + trips);
      // deterministic for this seed: pages of the independent collections travel together in $batch requests
      assertEquals(14, trips, () -> "round trips: " + tenant.requests());
    }
  }

  /**
   * Federated credentials come from one advanced query over the registrations that have any, expanded, in the same
   * $batch rounds as the other listings: no request per registration, and no extra round trip for this tenant.
   */
  @Test
  void federatedCredentialsAreReadWithOneQueryNotPerRegistration() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(1500, 7);
    List<String> withCredentials = tenant.list("applications").stream().limit(3).map(a -> a.get("id").asText()).toList();
    for (String id : withCredentials) {
      tenant.addFederatedCredential(id, "deploy", "https://token.actions.githubusercontent.com", "repo:contoso/" + id + ":environment:prod");
    }
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      tenant.resetRequestLog();
      ObservedTenant read = new TenantReader(connection).read(p -> {});
      assertEquals(List.of(), read.unread());
      for (var r : read.registrations()) {
        boolean expected = withCredentials.contains(r.id().value());
        assertEquals(expected ? 1 : 0, r.federatedCredentials().size(), r.displayName());
        if (expected) assertEquals("repo:contoso/" + r.id().value() + ":environment:prod", r.federatedCredentials().get(0).subject());
      }
      var requests = tenant.requests();
      assertTrue(requests.stream().noneMatch(q -> q.path().matches("/applications/[^/]+/federatedIdentityCredentials")),
          "no request per registration");
      String batches = String.join("\n", requests.stream().map(q -> q.body()).toList());
      assertTrue(batches.contains("/applications?$filter=federatedIdentityCredentials/$count%20ne%200&$count=true&$top=100"
          + "&$select=id&$expand=federatedIdentityCredentials"), batches.length() > 2000 ? batches.substring(0, 2000) : batches);
    }
  }

  @Test
  void aPolicyTheCallerMayNotReadIsRecordedAsUnreadNotAFailure() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.faults().on("GET", "/policies/authorizationPolicy").respond(403, Map.of("Content-Type", "application/json"),
        "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges to complete the operation.\"}}");
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      ObservedTenant read = new TenantReader(connection).read(p -> {});
      assertNull(read.policies().authorization());
      assertNotNull(read.policies().appManagement());
      Unread u = only(read.unread());
      assertEquals(TenantPart.AUTHORIZATION_POLICY, u.part());
      assertEquals("Graph 403 Authorization_RequestDenied (request-id " + u.requestId() + "); needs Policy.Read.All", u.reason());
      assertEquals("", u.message(), "no error body is kept for a 403: the permissions say it");
      assertFalse(u.requestId().isEmpty(), "Graph's request-id is kept for a support case");
    }
  }

  /**
   * An Azure AD B2C tenant has no $count: the ownerless query is refused, and so is the one that finds federated
   * credentials; everything else is read.
   */
  @Test
  void inAB2cTenantTheOwnerlessQueryIsRefusedAndTheRestIsRead() {
    SimulatedTenant tenant = SimulatedTenant.fresh().b2c();
    tenant.seedSyntheticRegistrations(1500, 7);
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      tenant.resetRequestLog();
      ObservedTenant read = new TenantReader(connection).read(p -> {});
      assertEquals(2, read.unread().size(), read.unread()::toString);
      assertEquals(TenantPart.FEDERATED_CREDENTIALS, read.unread().get(1).part());
      Unread u = read.unread().get(0);
      assertEquals(TenantPart.OWNERS, u.part());
      assertEquals(400, u.status());
      assertEquals("Request_BadRequest", u.code());
      assertEquals("$count is not currently supported.", u.message());
      assertEquals(List.of(), u.needs());
      assertTrue(read.owners().isEmpty(), "no registration is reported ownerless when the owners were not read");
      assertEquals(tenant.list("applications").size(), read.registrations().size());
      assertEquals(tenant.list("servicePrincipals").size(), read.servicePrincipals().size());
      assertEquals(tenant.list("oauth2PermissionGrants").size(), read.grants().size());
      assertEquals(countServicePrincipalAssignments(tenant), read.appRoleAssignments().size());
      assertNotNull(read.organization());
      assertNotNull(read.policies().authorization());
      // the refused query is one item of the first $batch: no extra round trip, and it is not tried again
      assertEquals(3, tenant.requestCount(), () -> "round trips: " + tenant.requests());
      assertEquals(1, tenant.requests().stream().filter(r -> r.path().equals("/$batch")
          && r.body().contains("owners/$count")).count());
      assertTrue(String.join("\n", t.trace).contains("finding registrations without owners: Graph 400 Request_BadRequest; going on "
          + "without it (the audit rules that need it are not evaluated)"), () -> String.join("\n", t.trace));
    }
  }

  /** Each optional read refused with 400 on its own: that part is recorded as unread, the rest is complete. */
  @ParameterizedTest
  @CsvSource({
      "/oauth2PermissionGrants, DELEGATED_GRANTS",
      "/organization, ORGANIZATION",
      "/roleManagement/directory/roleDefinitions, ROLE_DEFINITIONS",
      "/roleManagement/directory/roleAssignments, ROLE_ASSIGNMENTS",
      "/policies/defaultAppManagementPolicy, APP_MANAGEMENT_POLICY",
      "/policies/authorizationPolicy, AUTHORIZATION_POLICY",
      "/servicePrincipals/[^/]+/appRoleAssignedTo, APP_ROLE_ASSIGNMENTS"})
  void anyOptionalReadAnswered400IsRecordedAndTheRunGoesOn(String path, TenantPart part) {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(50, 3);
    tenant.faults().on("GET", path).always().respond(400, Map.of("Content-Type", "application/json"),
        "{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"Invalid request.\"}}");
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      ObservedTenant read = new TenantReader(connection).read(p -> {});
      Unread u = only(read.unread());
      assertEquals(part, u.part());
      assertEquals("Graph 400 Request_BadRequest \"Invalid request.\" (request-id " + u.requestId() + ")", u.reason());
      assertFalse(u.requestId().isEmpty());
      assertEquals(tenant.list("applications").size(), read.registrations().size());
      assertEquals(tenant.list("servicePrincipals").size(), read.servicePrincipals().size());
      assertFalse(read.owners().isEmpty(), "the ownerless query still ran");
      if (part != TenantPart.DELEGATED_GRANTS) assertEquals(tenant.list("oauth2PermissionGrants").size(), read.grants().size());
      if (part != TenantPart.ORGANIZATION) assertNotNull(read.organization());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/applications", "/servicePrincipals"})
  void aCoreCollectionRefusedStopsTheRun(String path) {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.faults().on("GET", path).always().respond(400, Map.of("Content-Type", "application/json"),
        "{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"Invalid request.\"}}");
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      var e = assertThrows(GraphCallException.class, () -> new TenantReader(connection).read(p -> {}));
      assertEquals(400, e.status());
      assertTrue(e.getMessage().contains("Request_BadRequest \"Invalid request.\""), e.getMessage());
    }
  }

  /**
   * Graph's 150 a minute for requests selecting keyCredentials counts the listing's pages; the certificate reader
   * starts from this count. With more pages of applications than of anything else, the last pages go alone, by plain
   * GET rather than in a batch: they count the same.
   */
  @Test
  void countsEveryListingPageThatSelectsKeyCredentials() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    String owner = tenant.list("users").get(0).get("id").asText();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < 2500; i++) {
      String id = tenant.create("applications", json.createObjectNode().put("displayName", "Owned " + i)).get("id").asText();
      tenant.addOwner(id, owner);
    }
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      tenant.resetRequestLog();
      TenantReader reader = new TenantReader(connection);
      assertEquals(tenant.list("applications").size(), reader.read(p -> {}).registrations().size());
      int sent = 0;
      for (var r : tenant.requests()) {
        if (r.path().equals("/applications") && r.query().contains("keyCredentials")) sent++;
        if (r.path().equals("/$batch")) {
          for (var item : readTree(r.body()).path("requests")) {
            String url = item.path("url").asText().replace("%24", "$");
            if (url.startsWith("/applications?") && url.contains("keyCredentials")) sent++;
          }
        }
      }
      assertEquals(3, sent, "three pages of applications, each selecting keyCredentials");
      assertEquals(sent, reader.keyCredentialReads());
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static <T> T only(List<T> list) {
    assertEquals(1, list.size(), list::toString);
    return list.get(0);
  }

  @Test
  void withoutApplicationReadTheRunStopsNamingThePermission() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.withRoles("User.Read.All"))) {
      var e = assertThrows(MissingPrivilegeException.class, () -> new TenantReader(connection).read(p -> {}));
      assertTrue(e.getMessage().contains("Application.Read.All"), e.getMessage());
    }
  }

  @Test
  void aPageThrottledInsideABatchIsRetriedAfterItsRetryAfter() {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(50, 3);
    tenant.faults().on("GET", "/servicePrincipals").throttle("2.128");
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      ObservedTenant read = new TenantReader(connection).read(p -> {});
      assertEquals(tenant.list("servicePrincipals").size(), read.servicePrincipals().size());
      assertEquals(List.of(Duration.ofMillis(2128)), t.sleeps);
    }
  }

  @Test
  void secretTextInAnAnswerNeverReachesTheRecordsOrTheSnapshot() throws Exception {
    SimulatedTenant tenant = SimulatedTenant.fresh();
    String planted = "PLANTED~secret~" + "Zq8Qx7Vb2Lm";
    String body = "{\"value\":[{\"id\":\"1b7e5c0a-9f51-4a0e-8a36-2b3f4c5d6e7f\",\"appId\":\"2c8f6d1b-0a62-4b1f-9b47-3c4d5e6f7a80\","
        + "\"displayName\":\"Leaky\",\"passwordCredentials\":[{\"keyId\":\"6c4f4b2e-1d1e-4d4a-9a57-1f6b5d3c2a10\",\"hint\":\"PLA\","
        + "\"secretText\":\"" + planted + "\",\"endDateTime\":\"2027-01-01T00:00:00Z\"}]}]}";
    tenant.faults().on("GET", "/applications").respond(200, Map.of("Content-Type", "application/json"), body);
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), SandboxTokens.allPermissions())) {
      ObservedTenant read = new TenantReader(connection).read(p -> {});
      assertTrue(read.registrations().stream().anyMatch(r -> r.displayName().equals("Leaky")));
      var out = new ByteArrayOutputStream();
      Snapshot.write(read, Instant.EPOCH, "test", out);
      String json = out.toString(StandardCharsets.UTF_8);
      assertTrue(json.contains("\"hint\" : \"PLA\""));
      assertFalse(json.contains(planted));
      assertFalse(String.join("\n", t.trace).contains(planted));
    }
  }

  private static Set<String> ids(List<ObjectNode> nodes) {
    Set<String> out = new HashSet<>();
    for (ObjectNode n : nodes) out.add(n.get("id").asText());
    return out;
  }

  /** App role assignments whose principal is a service principal, as the tenant holds them. */
  private static long countServicePrincipalAssignments(SimulatedTenant tenant) {
    List<ObjectNode> all = new ArrayList<>(tenant.list("appRoleAssignments"));
    return all.stream().filter(a -> "ServicePrincipal".equals(a.path("principalType").asText())).count();
  }
}
