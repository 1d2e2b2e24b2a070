package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.sandbox.SimulatedTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person reads when appreg cannot get going: no credential anywhere, a Graph host whose name does not resolve, a
 * proxy that refuses, a certificate that is not trusted. Each is one error line (and a hint where there is a way
 * forward), exit 1, with the long cause only under -v, and no retry waits: these do not heal in a few seconds.
 */
class NotSignedInIT {
  static final String NO_CREDENTIAL = """
      error: appreg found no credential to sign in to Microsoft Graph
      hint: sign in with 'az login', set the AZURE_* variables or use workload or managed identity, pass --device-code \
      or --browser, set APPREG_ACCESS_TOKEN, or try --sandbox (see docs/real-tenant.md)
      """;

  @TempDir Path dir;
  Path manifest;

  @BeforeEach
  void manifest() throws Exception {
    manifest = dir.resolve("m.yaml");
    Files.writeString(manifest, "applications:\n  - key: a\n    displayName: A\n");
  }

  @Test
  void withNoCredentialAnywhereTwoLinesSaySoAndTheWaysToGiveOne() throws Exception {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      // the default chain limited to the environment (AZURE_TOKEN_CREDENTIALS, read by Azure Identity), which holds
      // no AZURE_* credential: nothing on this machine can give a token
      cli.withEnv("APPREG_ACCESS_TOKEN", null).withEnv("AZURE_TOKEN_CREDENTIALS", "EnvironmentCredential");
      CliRun run = cli.run("plan", "-f", manifest.toString());
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals(NO_CREDENTIAL, run.stderr());
      assertEquals("", run.stdout());

      CliRun json = cli.run("plan", "-f", manifest.toString(), "--format", "json");
      assertEquals(1, json.exitCode());
      assertEquals(NO_CREDENTIAL, json.stderr());
      JsonNode doc = new ObjectMapper().readTree(json.stdout());
      assertEquals(Set.of(), JsonOutputIT.validate("error", doc), doc::toString);
      assertEquals("sign-in", doc.path("error").path("kind").asText());

      CliRun verbose = cli.run("plan", "-f", manifest.toString(), "-v");
      assertEquals(1, verbose.exitCode());
      assertTrue(verbose.stderr().startsWith(NO_CREDENTIAL), verbose::toString);
      assertTrue(verbose.stderr().contains("EnvironmentCredential"), "the chain's own account, under -v: " + verbose);
      assertEquals(List.of(), cli.tenant.requests(), "nothing reached Graph");
    }
  }

  @Test
  void aGraphHostWhoseNameDoesNotResolveIsNamed() {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      CliRun run = cli.runRaw("plan", "-f", manifest.toString(), "--graph-url", "https://graph.appreg-test.invalid");
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals("error: reading the tenant: cannot reach graph.appreg-test.invalid: the name graph.appreg-test.invalid "
          + "does not resolve (DNS); check the network connection, and --cloud or --graph-url\n"
          + "hint: re-run with -v to see each Graph request; see docs/troubleshooting.md\n", run.stderr());
      assertEquals(List.of(), cli.sleeps, "no retry: a name that does not resolve now will not in a second");
    }
  }

  @Test
  void aProxyThatRefusesIsNamedWithTheHost() throws Exception {
    try (ServerSocket proxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
         Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      Thread refuser = new Thread(() -> {
        try {
          while (true) {
            try (Socket s = proxy.accept(); OutputStream out = s.getOutputStream()) {
              s.getInputStream().read(new byte[4096]);
              out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
          }
        } catch (Exception e) {
          // closed
        }
      });
      refuser.setDaemon(true);
      refuser.start();
      cli.withEnv("HTTPS_PROXY", "http://127.0.0.1:" + proxy.getLocalPort());
      CliRun run = cli.runRaw("plan", "-f", manifest.toString(), "--graph-url", "https://graph.microsoft.com");
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals("error: reading the tenant: the proxy 127.0.0.1:" + proxy.getLocalPort() + " refused to connect to "
          + "graph.microsoft.com (it answered 403 to CONNECT); check HTTPS_PROXY and NO_PROXY\n"
          + "hint: re-run with -v to see each Graph request; see docs/troubleshooting.md\n", run.stderr());
      assertEquals(List.of(), cli.sleeps);
    }
  }

  @Test
  void aCertificateThatIsNotTrustedIsNamedWithTheHost() {
    WireMockServer untrusted = new WireMockServer(WireMockConfiguration.options().httpDisabled(true).dynamicHttpsPort());
    untrusted.start();
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      CliRun run = cli.runRaw("plan", "-f", manifest.toString(), "--graph-url", "https://localhost:" + untrusted.httpsPort());
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals("error: reading the tenant: the TLS connection to localhost failed: its certificate is not trusted (a "
          + "proxy that inspects TLS needs its CA certificate in APPREG_EXTRA_CA_CERTS)\n"
          + "hint: re-run with -v to see each Graph request; see docs/troubleshooting.md\n", run.stderr());
      assertEquals(List.of(), cli.sleeps);
    } finally {
      untrusted.stop();
    }
  }
}
