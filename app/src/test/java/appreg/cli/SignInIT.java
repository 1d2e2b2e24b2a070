package appreg.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive sign-in against a fake Microsoft Entra sign-in service (WireMock over HTTPS, its certificate trusted
 * through APPREG_EXTRA_CA_CERTS, reached with --authority-host) and the sandbox as Graph: the public client, the
 * delegated scopes each command asks for, the prompt on stderr, one JSON document on stdout, and a token Graph refuses
 * halfway replaced by a fresh one from the refresh token.
 */
class SignInIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GRAPH_CLI_TOOLS = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
  static final String DEVICE_MESSAGE = "To sign in, use a web browser to open the page https://microsoft.com/devicelogin "
      + "and enter the code TESTCODE1 to authenticate.";
  static final Set<String> OPENID = Set.of("openid", "profile", "offline_access");
  static final String MANIFEST = """
      applications:
        - key: signin-app
          displayName: Sign-in App
          permissions:
            - api: Microsoft Graph
              delegated: [User.Read]
      """;

  @TempDir Path dir;
  WireMockServer login;
  SimulatedTenant tenant;
  Cli cli;
  Path manifest;

  @BeforeEach
  void start() throws Exception {
    Path store = dir.resolve("login.p12");
    keytool("-genkeypair", "-alias", "login", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit");
    Path ca = dir.resolve("login-ca.pem");
    keytool("-exportcert", "-rfc", "-alias", "login", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-file", ca.toString());
    login = new WireMockServer(WireMockConfiguration.options().httpDisabled(true).dynamicHttpsPort()
        .keystorePath(store.toString()).keystorePassword("changeit").keyManagerPassword("changeit").keystoreType("PKCS12"));
    login.start();
    tenant = SimulatedTenant.fresh();
    String admin = tenant.user("admin@" + tenant.domain()).get("id").asText();
    login.stubFor(post(urlEqualTo("/organizations/oauth2/v2.0/devicecode")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(JSON.createObjectNode()
            .put("user_code", "TESTCODE1").put("device_code", "device-1").put("verification_uri", "https://microsoft.com/devicelogin")
            .put("expires_in", 900).put("interval", 1).put("message", DEVICE_MESSAGE).toString())));
    login.stubFor(post(urlEqualTo("/organizations/oauth2/v2.0/token")).willReturn(tokens(admin, "first-refresh")));
    login.stubFor(post(urlEqualTo("/organizations/oauth2/v2.0/token")).withRequestBody(containing("grant_type=refresh_token"))
        .willReturn(tokens(admin, "second-refresh")));
    cli = Cli.against(tenant, dir).withEnv("APPREG_ACCESS_TOKEN", null).withEnv("APPREG_EXTRA_CA_CERTS", ca.toString());
    manifest = dir.resolve("m.yaml");
    Files.writeString(manifest, MANIFEST);
  }

  @AfterEach
  void stop() {
    cli.close();
    login.stop();
  }

  @Test
  void deviceCodeSignsInAsGraphCommandLineToolsWithReadScopesForPlanAndPromptsOnStderr() throws Exception {
    CliRun run = cli.run("plan", "-f", manifest.toString(), "--device-code", "--authority-host", authority(),
        "--format", "json");
    assertEquals(2, run.exitCode(), run::toString);
    JsonNode doc = onlyDocument(run.stdout());
    assertFalse(doc.path("inSync").asBoolean(), doc::toString);
    assertFalse(run.stdout().contains("devicelogin"), "the prompt is not on stdout");
    assertTrue(run.stderr().contains("appreg: signing in to Microsoft Graph with a device code as Microsoft Graph "
        + "Command Line Tools (" + GRAPH_CLI_TOOLS + "), asking for User.Read Application.Read.All "
        + "DelegatedPermissionGrant.Read.All\n" + DEVICE_MESSAGE + "\n"), run::toString);
    Map<String, String> asked = form(only("/organizations/oauth2/v2.0/devicecode"));
    assertEquals(GRAPH_CLI_TOOLS, asked.get("client_id"));
    assertEquals(graph("User.Read", "Application.Read.All", "DelegatedPermissionGrant.Read.All"), scopes(asked));
    Map<String, String> polled = form(only("/organizations/oauth2/v2.0/token"));
    assertEquals(GRAPH_CLI_TOOLS, polled.get("client_id"));
    assertEquals("device-1", polled.get("device_code"));
  }

  @Test
  void eachCommandAsksForItsOwnScopesAndClientIdPicksTheClient() throws Exception {
    String own = "5b3c7f7e-9a51-4d0f-8e2a-0c6f2b1d9e47";
    CliRun audit = cli.run("audit", "--device-code", "--client-id", own.toUpperCase(), "--authority-host", authority(),
        "--format", "json");
    assertTrue(audit.exitCode() == 0 || audit.exitCode() == 2, audit::toString);
    onlyDocument(audit.stdout());
    Map<String, String> asked = form(only("/organizations/oauth2/v2.0/devicecode"));
    assertEquals(own, asked.get("client_id"));
    assertEquals(graph("User.Read", "Application.Read.All", "DelegatedPermissionGrant.Read.All",
        "RoleManagement.Read.Directory", "Policy.Read.All"), scopes(asked));
    assertTrue(audit.stderr().contains("with a device code as the public client " + own + ", asking for"), audit::toString);

    login.resetRequests();
    CliRun apply = cli.run("apply", "-f", manifest.toString(), "--yes", "--device-code", "--authority-host", authority());
    assertEquals(0, apply.exitCode(), apply::toString);
    assertEquals(graph("User.Read", "Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All"),
        scopes(form(only("/organizations/oauth2/v2.0/devicecode"))));
    assertEquals(1, tenant.applicationsWithUniqueName("signin-app").size());
  }

  @Test
  void applyThatAsksFirstSignsInOnceForThePlanAndTheChanges() throws Exception {
    cli.withTerminal(new Terminal(true, false, false)).answering("yes\n");
    CliRun run = cli.run("apply", "-f", manifest.toString(), "--device-code", "--authority-host", authority());
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.stderr().contains("Apply these changes?"), run::toString);
    only("/organizations/oauth2/v2.0/devicecode");
    assertEquals(1, tenant.applicationsWithUniqueName("signin-app").size());
  }

  @Test
  void aTokenGraphRefusesHalfwayIsRenewedOnceAndTheRequestRepeated() throws Exception {
    var fault = tenant.faults().on("POST", "/oauth2PermissionGrants").tokenExpired();
    CliRun run = cli.run("apply", "-f", manifest.toString(), "--yes", "--device-code", "--authority-host", authority(),
        "-v");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(1, fault.fired());
    List<LoggedRequest> tokenCalls = login.findAll(postRequestedFor(urlEqualTo("/organizations/oauth2/v2.0/token")));
    assertEquals(2, tokenCalls.size(), "one device-code poll, one refresh");
    Map<String, String> refresh = form(tokenCalls.get(1));
    assertEquals("refresh_token", refresh.get("grant_type"));
    assertEquals("first-refresh", refresh.get("refresh_token"));
    assertEquals(GRAPH_CLI_TOOLS, refresh.get("client_id"));
    long grants = tenant.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/oauth2PermissionGrants")).count();
    assertEquals(2, grants, "the refused request is sent once more");
    assertTrue(run.stderr().contains("graph: Graph refused the access token (401 InvalidAuthenticationToken); signed in "
        + "again for a fresh one, sending POST /v1.0/oauth2PermissionGrants once more"), run::toString);
    assertEquals(1, tenant.list("oauth2PermissionGrants").size());
  }

  @Test
  void browserSignInPrintsTheAddressOnStderrAndRedeemsTheCodeFromTheLoopbackRedirect() throws Exception {
    Path opened = dir.resolve("opened-url");
    Path browser = dir.resolve("browser.sh");
    Files.writeString(browser, "#!/bin/sh\nprintf '%s' \"$1\" > '" + opened + ".tmp' && mv '" + opened + ".tmp' '" + opened + "'\n");
    Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
    cli.withEnv("BROWSER", browser.toString());
    CompletableFuture<Map<String, String>> person = CompletableFuture.supplyAsync(() -> signInAt(opened));
    CliRun run = cli.run("plan", "-f", manifest.toString(), "--browser", "--authority-host", authority(), "--format", "json");
    Map<String, String> authorize = person.get();
    assertEquals(2, run.exitCode(), run::toString);
    onlyDocument(run.stdout());
    assertEquals(GRAPH_CLI_TOOLS, authorize.get("client_id"));
    assertEquals(graph("User.Read", "Application.Read.All", "DelegatedPermissionGrant.Read.All"), scopes(authorize));
    assertTrue(authorize.get("redirect_uri").matches("http://localhost:\\d+"), authorize::toString);
    assertTrue(run.stderr().contains("appreg: signing in to Microsoft Graph in a browser as Microsoft Graph Command Line "
        + "Tools (" + GRAPH_CLI_TOOLS + "), asking for User.Read Application.Read.All DelegatedPermissionGrant.Read.All\n"
        + "Open this address to sign in, if no browser opens: https://localhost:" + login.httpsPort()
        + "/organizations/oauth2/v2.0/authorize?"), run::toString);
    Map<String, String> redeemed = form(only("/organizations/oauth2/v2.0/token"));
    assertEquals("authorization_code", redeemed.get("grant_type"));
    assertEquals("code-from-browser", redeemed.get("code"));
    assertEquals(authorize.get("redirect_uri"), redeemed.get("redirect_uri"));
  }

  // ------------------------------------------------------------------ helpers

  /** What a person's browser does: open the address, sign in, and follow the redirect back to appreg on loopback. */
  private static Map<String, String> signInAt(Path opened) {
    try {
      for (int i = 0; i < 600 && !Files.exists(opened); i++) Thread.sleep(100);
      URI url = URI.create(Files.readString(opened));
      Map<String, String> query = decode(url.getRawQuery());
      // response_mode=form_post: Entra's page posts the code to the redirect URI
      String answer = "code=code-from-browser&state=" + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(query.get("redirect_uri")))
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(answer))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
      return query;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String authority() {
    return "https://localhost:" + login.httpsPort();
  }

  /** A token answer as Entra gives it: a delegated Graph token for the admin, a refresh token, id token, client info. */
  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokens(String oid, String refresh) {
    String tid = "b4f7e0c2-8a13-4d6e-9f25-3c1e7a9b0d48";
    var enc = Base64.getUrlEncoder().withoutPadding();
    String idToken = enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + enc.encodeToString(JSON.createObjectNode().put("aud", GRAPH_CLI_TOOLS).put("iss", "https://login.microsoftonline.com/"
            + tid + "/v2.0").put("tid", tid).put("oid", oid).put("preferred_username", "admin@contoso.onmicrosoft.com")
            .put("name", "Contoso Admin").put("exp", 4102444800L).put("iat", 1700000000L).toString()
            .getBytes(StandardCharsets.UTF_8)) + ".";
    String clientInfo = enc.encodeToString(("{\"uid\":\"" + oid + "\",\"utid\":\"" + tid + "\"}").getBytes(StandardCharsets.UTF_8));
    // each answer a different token, as Entra's are
    String access = SandboxTokens.delegatedAllPermissions(oid) + refresh;
    return aResponse().withHeader("Content-Type", "application/json").withBody(JSON.createObjectNode()
        .put("token_type", "Bearer").put("scope", "https://graph.microsoft.com/.default").put("expires_in", 3600)
        .put("ext_expires_in", 3600).put("access_token", access).put("refresh_token", refresh)
        .put("id_token", idToken).put("client_info", clientInfo).toString());
  }

  private LoggedRequest only(String path) {
    List<LoggedRequest> found = login.findAll(postRequestedFor(urlEqualTo(path)));
    assertEquals(1, found.size(), () -> path + ": " + found);
    return found.get(0);
  }

  private static Map<String, String> form(LoggedRequest r) {
    return decode(r.getBodyAsString());
  }

  private static Map<String, String> decode(String form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The Graph scopes asked for, without the OpenID Connect ones MSAL adds to every sign-in. */
  private static Set<String> scopes(Map<String, String> form) {
    return Arrays.stream(form.get("scope").split(" ")).filter(s -> !OPENID.contains(s)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> graph(String... names) {
    return Arrays.stream(names).map(n -> "https://graph.microsoft.com/" + n).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Stdout holds exactly one JSON document and nothing else. */
  private static JsonNode onlyDocument(String stdout) throws Exception {
    try (JsonParser p = JSON.getFactory().createParser(stdout)) {
      JsonNode doc = JSON.readTree(p);
      assertTrue(doc != null && doc.isObject(), stdout);
      assertEquals(null, p.nextToken(), () -> "more than one JSON document on stdout: " + stdout);
      return doc;
    }
  }

  private void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }
}
