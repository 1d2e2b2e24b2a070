package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.GraphCallException;
import appreg.provisioning.MissingPrivilegeException;
import appreg.provisioning.UsageException;
import appreg.provisioning.secret.Sensitive;
import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The token rule, national clouds, token claims and how Graph's answers are classified. */
class ConnectionRulesTest {
  @Nested
  class TokenRule {
    @ParameterizedTest
    @ValueSource(strings = {"https://graph.microsoft.com", "https://graph.example", "https://10.0.0.1:8443",
        "http://127.0.0.1:8080", "http://127.5.6.7", "http://localhost:1234", "http://LOCALHOST", "http://[::1]:9000"})
    void mayGoTo(String url) {
      assertTrue(Loopback.tokenMayGoTo(URI.create(url)), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://graph.example", "http://10.0.0.1", "http://128.0.0.1", "http://127.0.0.1.nip.io",
        "http://localhost.example.com", "http://[::2]", "ftp://127.0.0.1", "http://0.0.0.0"})
    void mayNotGoTo(String url) {
      assertFalse(Loopback.tokenMayGoTo(URI.create(url)), url);
    }
  }

  @Nested
  class Settings {
    private ConnectionSettings settings(Cloud cloud, String graphUrl) {
      return new ConnectionSettings(cloud, graphUrl, null, null, null, null);
    }

    @Test
    void plainHttpToANonLoopbackHostIsRefused() {
      // faults.md B10: exit 64 before any request
      var e = assertThrows(UsageException.class, () -> settings(null, "http://graph.example").resolve());
      assertEquals("--graph-url http://graph.example: a token is only sent over HTTPS, or over plain HTTP to a loopback "
          + "address (127.0.0.0/8, ::1, localhost)", e.getMessage());
    }

    @Test
    void aGraphUrlOfAnotherCloudIsRefused() {
      // faults.md B11
      var e = assertThrows(UsageException.class, () -> settings(Cloud.CHINA, "https://graph.microsoft.com").resolve());
      assertEquals("--graph-url https://graph.microsoft.com belongs to the global cloud, but --cloud is china; tokens are "
          + "not valid across national clouds", e.getMessage());
    }

    @Test
    void usgovDefaults() {
      var r = settings(Cloud.USGOV, null).resolve();
      assertEquals(URI.create("https://graph.microsoft.us"), r.graphRoot());
      assertEquals(URI.create("https://login.microsoftonline.us"), r.authorityHost());
      assertEquals("https://graph.microsoft.us/.default", r.scope());
      assertEquals("https://graph.microsoft.us/v1.0", r.baseUrl());
    }

    @Test
    void eachCloudHasItsOwnScope() {
      assertEquals("https://graph.microsoft.com/.default", settings(null, null).resolve().scope());
      assertEquals("https://dod-graph.microsoft.us/.default", settings(Cloud.USGOV_DOD, null).resolve().scope());
      assertEquals("https://microsoftgraph.chinacloudapi.cn/.default", settings(Cloud.CHINA, null).resolve().scope());
      assertEquals(URI.create("https://login.chinacloudapi.cn"), settings(Cloud.CHINA, null).resolve().authorityHost());
    }

    @Test
    void aGraphUrlWithAPathIsRefused() {
      var e = assertThrows(UsageException.class, () -> settings(null, "https://graph.microsoft.com/beta").resolve());
      assertTrue(e.getMessage().contains("give the Graph root"), e.getMessage());
    }

    @Test
    void theVersionSegmentIsAcceptedAndDropped() {
      var r = settings(null, "https://graph.microsoft.com/v1.0/").resolve();
      assertEquals(URI.create("https://graph.microsoft.com"), r.graphRoot());
      assertEquals("https://graph.microsoft.com/v1.0", r.baseUrl());
    }

    @Test
    void aLoopbackGraphKeepsItsPortAndAsksForTheCloudsScope() {
      var r = settings(null, "http://127.0.0.1:8080").resolve();
      assertEquals("http://127.0.0.1:8080/v1.0", r.baseUrl());
      assertEquals("https://graph.microsoft.com/.default", r.scope());
    }

    @ParameterizedTest
    @ValueSource(strings = {"graph.microsoft.com", "https://user:pw@graph.microsoft.com", "https://graph.microsoft.com?x=1",
        "ftp://graph.microsoft.com", "https://graph microsoft.com"})
    void malformedGraphUrlsAreUsageErrors(String url) {
      assertThrows(UsageException.class, () -> settings(null, url).resolve());
    }

    @Test
    void aPlainHttpSignInHostIsRefused() {
      var s = new ConnectionSettings(null, null, "http://login.example", null, null, null);
      assertThrows(UsageException.class, s::resolve);
    }

    @Test
    void theSandboxIsMarked() {
      assertTrue(new ConnectionSettings(null, null, null, null, null, Path.of("s.json")).sandbox());
      assertFalse(settings(null, null).sandbox());
    }
  }

  @Nested
  class Claims {
    private String jwt(String payloadJson) {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
          + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    @Test
    void anAppOnlyTokenCarriesRoles() {
      CallerClaims c = CallerClaims.parse(jwt("{\"tid\":\"tenant-1\",\"idtyp\":\"app\",\"roles\":[\"Application.ReadWrite.All\","
          + "\"DelegatedPermissionGrant.ReadWrite.All\"]}")).orElseThrow();
      assertEquals("tenant-1", c.tenantId());
      assertTrue(c.appOnly());
      assertEquals(Set.of("Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All"), c.roles());
      assertTrue(c.holds("application.readwrite.all"));
      assertFalse(c.holds("Directory.ReadWrite.All"));
    }

    @Test
    void aDelegatedTokenCarriesScopesAndDirectoryRoles() {
      CallerClaims c = CallerClaims.parse(jwt("{\"tid\":\"t\",\"scp\":\"Application.ReadWrite.All  User.Read\","
          + "\"wids\":[\"e8611ab8-c189-46e8-94e1-60213ab1f814\",\"b79fbf4d-3ef9-4689-8143-76b194e85509\"]}")).orElseThrow();
      assertFalse(c.appOnly());
      assertEquals(Set.of("Application.ReadWrite.All", "User.Read"), c.scopes());
      assertEquals(Set.of("e8611ab8-c189-46e8-94e1-60213ab1f814", "b79fbf4d-3ef9-4689-8143-76b194e85509"), c.directoryRoles());
      assertTrue(c.holds("User.Read"));
    }

    @Test
    void aUserTokenWithoutScopesIsStillDelegated() {
      assertFalse(CallerClaims.parse(jwt("{\"idtyp\":\"user\"}")).orElseThrow().appOnly());
    }

    @Test
    void anOpaqueOrBrokenTokenGivesNoClaims() {
      assertEquals(Optional.empty(), CallerClaims.parse("EwBwA8l6BAAUopaque"));
      assertEquals(Optional.empty(), CallerClaims.parse("a.%%%.c"));
      assertEquals(Optional.empty(), CallerClaims.parse(jwt("not json")));
    }
  }

  @Nested
  class GraphAnswers {
    private ODataError error(int status, String code, String message) {
      ODataError e = new ODataError() {
        { setResponseStatusCode(status); }   // protected in kiota; Graph's deserialiser sets it
      };
      MainError m = new MainError();
      m.setCode(code);
      m.setMessage(message);
      e.setError(m);
      return e;
    }

    @Test
    void a403DenialNamesWhatTheStepNeeds() {
      var t = GraphErrors.translate("creating registration 'k'", List.of("Application.ReadWrite.All"),
          error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
      var e = (MissingPrivilegeException) t;
      assertEquals(List.of("Application.ReadWrite.All"), e.needed());
      assertEquals("creating registration 'k': Graph 403 Authorization_RequestDenied; needs Application.ReadWrite.All",
          e.getMessage());
    }

    @Test
    void theReplication403IsNotAPrivilegeProblem() {
      var t = GraphErrors.translate("granting admin consent", List.of("DelegatedPermissionGrant.ReadWrite.All"),
          error(403, "Authorization_RequestDenied", "The backing application of the service principal is not in the local tenant."));
      assertTrue(t instanceof GraphCallException, t.getClass().toString());
    }

    @Test
    void a401SaysTheTokenWasRefused() {
      var t = (GraphCallException) GraphErrors.translate("reading the tenant", List.of(),
          error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid."));
      assertEquals(401, t.status());
      assertTrue(t.getMessage().contains("the access token was refused"), t.getMessage());
    }

    @Test
    void otherFailuresKeepStatusCodeAndMessage() {
      var t = (GraphCallException) GraphErrors.translate("adding a client secret", List.of(), error(400,
          "CredentialInvalidLifetimeAsPerAppPolicy", "Credential lifetime exceeds the max value allowed as per assigned policy 'p1'."));
      assertEquals("adding a client secret: Graph 400 CredentialInvalidLifetimeAsPerAppPolicy \"Credential lifetime exceeds the max "
          + "value allowed as per assigned policy 'p1'.\"", t.getMessage());
    }

    @Test
    void theAnswersEntraGivesWhileReplicatingAreRecognised() {
      assertTrue(ReplicationWait.notYetReplicated(new GraphErrors.Failure(404, "Request_ResourceNotFound",
          "Resource 'x' does not exist or one of its queried reference-property objects are not present.", "")));
      assertTrue(ReplicationWait.notYetReplicated(new GraphErrors.Failure(400, "Request_BadRequest",
          "The appId 'a' of the service principal does not reference a valid application object.", "")));
      assertTrue(ReplicationWait.notYetReplicated(new GraphErrors.Failure(400, "NoBackingApplicationObject", "", "")));
      assertTrue(ReplicationWait.notYetReplicated(new GraphErrors.Failure(403, "Authorization_RequestDenied",
          "The backing application of the service principal is not in the local tenant.", "")));
      assertFalse(ReplicationWait.notYetReplicated(new GraphErrors.Failure(403, "Authorization_RequestDenied",
          "Insufficient privileges to complete the operation.", "")));
      assertFalse(ReplicationWait.notYetReplicated(new GraphErrors.Failure(409, "Request_MultipleObjectsWithSameKeyValue",
          "Permission entry already exists.", "")));
      assertFalse(ReplicationWait.notYetReplicated(new GraphErrors.Failure(400, "Request_BadRequest", "Invalid property 'x'.", "")));
    }

    @Test
    void aTokenInSettingsNeverPrints() {
      var s = new ConnectionSettings(null, null, null, null, new Sensitive("eyJ0eXAi.secret-token.sig"), null);
      assertFalse(s.toString().contains("secret-token"), s.toString());
    }
  }
}
