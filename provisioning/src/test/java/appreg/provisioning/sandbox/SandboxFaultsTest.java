package appreg.provisioning.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.PasswordCredential;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each injected fault reaches the Graph SDK the way Graph would send it. */
class SandboxFaultsTest extends AgainstSandbox {

  /** The SDK would otherwise retry 429/503 itself after Retry-After seconds; tests never sleep. */
  private static RetryHandlerOption noRetry() {
    return new RetryHandlerOption(null, 0, 0);
  }

  private static Application named(String name) {
    var app = new Application();
    app.setDisplayName(name);
    return app;
  }

  @Test
  void throttledOnceWithFractionalRetryAfter() {
    var rule = tenant.faults().on("POST", "/applications(/.*)?").throttle("2.128");
    var e = assertThrows(ODataError.class,
        () -> graph.applications().post(named("a"), rc -> rc.options.add(noRetry())));
    assertEquals(429, e.getResponseStatusCode());
    assertEquals("TooManyRequests", e.getError().getCode());
    assertEquals("Please retry again later.", e.getError().getMessage());
    assertEquals("2.128", e.getResponseHeaders().get("Retry-After").iterator().next());
    assertEquals(1, rule.fired());
    assertEquals(0, tenant.list("applications").size(), "a throttled request changes nothing");

    graph.applications().post(named("b"), rc -> rc.options.add(noRetry()));
    assertEquals(1, tenant.list("applications").size(), "the fault fired once");
  }

  @Test
  void serviceUnavailableAfterTheFirstCall() {
    tenant.faults().on("GET", "/organization").after(1).times(1).respond(503, Map.of("Retry-After", "1"));
    graph.organization().get(rc -> rc.options.add(noRetry()));
    var e = assertThrows(ODataError.class, () -> graph.organization().get(rc -> rc.options.add(noRetry())));
    assertEquals(503, e.getResponseStatusCode());
    assertEquals("serviceNotAvailable", e.getError().getCode());
    assertNotNull(e.getError().getInnerError().getRequestId());
    assertEquals(1, graph.organization().get(rc -> rc.options.add(noRetry())).getValue().size());
  }

  @Test
  void droppedConnectionIsATransportFailureAndNothingIsCreated() {
    tenant.faults().on("POST", "/applications").always().dropConnection();
    var e = assertThrows(RuntimeException.class, () -> graph.applications().post(named("dropped")));
    assertTrue(hasCause(e, IOException.class), "transport error, not a Graph answer: " + e);
    assertEquals(0, tenant.list("applications").size());
  }

  @Test
  void connectionDroppedAfterCommitHidesASuccessfulCreate() {
    tenant.faults().on("POST", "/applications").always().afterCommit().dropConnection();
    assertThrows(RuntimeException.class, () -> graph.applications().post(named("committed")));
    assertTrue(tenant.list("applications").stream().anyMatch(a -> a.get("displayName").asText().equals("committed")));
  }

  @Test
  void truncatedBodyCannotBeParsed() {
    tenant.faults().on("GET", "/organization").truncateBody();
    assertThrows(RuntimeException.class, () -> graph.organization().get());
    assertEquals("Contoso", graph.organization().get().getValue().get(0).getDisplayName());
  }

  @Test
  void delayOnlySlowsTheAnswer() {
    tenant.faults().on("GET", "/organization").delay(Duration.ofMillis(30));
    long start = System.nanoTime();
    assertEquals(1, graph.organization().get().getValue().size());
    assertTrue(System.nanoTime() - start >= 30_000_000L);
  }

  @Test
  void replicationLagFailsDependentCallsExactlyAsEntraDoes() {
    tenant.replicationLag(2);
    Application app = graph.applications().post(named("fresh"));

    var sp = new ServicePrincipal();
    sp.setAppId(app.getAppId());
    var noBacking = assertThrows(ODataError.class, () -> graph.servicePrincipals().post(sp));
    assertEquals(400, noBacking.getResponseStatusCode());
    assertEquals("Request_BadRequest", noBacking.getError().getCode());
    assertEquals("The appId '" + app.getAppId() + "' of the service principal does not reference a valid "
        + "application object.", noBacking.getError().getMessage());

    var body = new AddPasswordPostRequestBody();
    body.setPasswordCredential(new PasswordCredential());
    var notFound = assertThrows(ODataError.class,
        () -> graph.applications().byApplicationId(app.getId()).addPassword().post(body));
    assertEquals(404, notFound.getResponseStatusCode());
    assertEquals("Request_ResourceNotFound", notFound.getError().getCode());
    assertEquals("Resource '" + app.getId() + "' does not exist or one of its queried reference-property objects "
        + "are not present.", notFound.getError().getMessage());

    var retry = new ServicePrincipal();
    retry.setAppId(app.getAppId());
    ServicePrincipal created = graph.servicePrincipals().post(retry);

    var grant = new OAuth2PermissionGrant();
    grant.setClientId(created.getId());
    grant.setConsentType("AllPrincipals");
    grant.setResourceId(tenant.servicePrincipalsFor("00000003-0000-0000-c000-000000000000").get(0)
        .get("id").asText());
    grant.setScope("User.Read");
    var consent = assertThrows(ODataError.class, () -> graph.oauth2PermissionGrants().post(grant));
    assertEquals(400, consent.getResponseStatusCode());
    assertEquals("Request_BadRequest", consent.getError().getCode());
    assertEquals("Invalid value specified for property 'clientId' of resource 'OAuth2PermissionGrant'.",
        consent.getError().getMessage());
  }

  @Test
  void tokenWithoutTheRoleIsRefusedWith403() {
    var reader = SandboxClients.withToken(server, SandboxTokens.withRoles("Application.Read.All"));
    assertEquals(0, reader.applications().get().getValue().size());
    var e = assertThrows(ODataError.class, () -> reader.applications().post(named("nope")));
    assertEquals(403, e.getResponseStatusCode());
    assertEquals("Authorization_RequestDenied", e.getError().getCode());
    assertEquals("Insufficient privileges to complete the operation.", e.getError().getMessage());
    assertNotNull(e.getError().getInnerError().getDate());
    assertNotNull(e.getError().getInnerError().getClientRequestId());

    var delegated = SandboxClients.withToken(server, SandboxTokens.withScopes("Directory.AccessAsUser.All"));
    assertEquals("x", delegated.applications().post(named("x")).getDisplayName());
  }

  @Test
  void missingTokenIs401() {
    var anonymous = SandboxClients.withToken(server, null);
    var e = assertThrows(ODataError.class, () -> anonymous.organization().get());
    assertEquals(401, e.getResponseStatusCode());
    assertEquals("InvalidAuthenticationToken", e.getError().getCode());
    var expired = SandboxClients.withToken(server, SandboxTokens.expired(System.currentTimeMillis() / 1000));
    var e2 = assertThrows(ODataError.class, () -> expired.organization().get());
    assertEquals(401, e2.getResponseStatusCode());
    assertTrue(tenant.requests().stream().allMatch(r -> r.header("Authorization").isEmpty()),
        "the request log never keeps a token");
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
