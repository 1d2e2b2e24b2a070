package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.Connections;
import appreg.provisioning.graph.Cloud;
import appreg.provisioning.graph.ConnectionSettings;
import appreg.provisioning.sandbox.SimulatedTenant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** APPREG_TENANT and APPREG_CLOUD stand in for --tenant and --cloud; the command line wins. */
class EnvironmentDefaultsIT {
  @TempDir Path dir;

  private ConnectionSettings settings(ConnectionOptions o, Map<String, String> env) {
    Io io = new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        java.io.InputStream.nullInputStream(), env, dir, false);
    return Connections.settings(o, io);
  }

  @Test
  void theEnvironmentFillsInWhatTheCommandLineLeavesOut() {
    ConnectionOptions none = new ConnectionOptions();
    ConnectionSettings fromEnv = settings(none, Map.of("APPREG_TENANT", "contoso.onmicrosoft.com", "APPREG_CLOUD", "usgov-dod"));
    assertEquals("contoso.onmicrosoft.com", fromEnv.tenant());
    assertEquals(Cloud.USGOV_DOD, fromEnv.cloud());

    ConnectionOptions given = new ConnectionOptions();
    given.tenant = "fabrikam.onmicrosoft.com";
    given.cloud = ConnectionOptions.Cloud.global;
    ConnectionSettings fromLine = settings(given, Map.of("APPREG_TENANT", "contoso.onmicrosoft.com", "APPREG_CLOUD", "china"));
    assertEquals("fabrikam.onmicrosoft.com", fromLine.tenant());
    assertEquals(Cloud.GLOBAL, fromLine.cloud());

    ConnectionSettings neither = settings(none, Map.of("APPREG_TENANT", " ", "APPREG_CLOUD", ""));
    assertNull(neither.tenant());
    assertEquals(Cloud.GLOBAL, neither.cloud());

    ConnectionOptions sandbox = new ConnectionOptions();
    sandbox.sandbox = true;
    ConnectionSettings simulated = settings(sandbox, Map.of("APPREG_TENANT", "contoso.onmicrosoft.com", "APPREG_CLOUD", "germany"));
    assertNull(simulated.tenant(), "the sandbox ignores the environment's defaults");
    assertEquals(Cloud.GLOBAL, simulated.cloud());
  }

  @Test
  void aBadCloudInTheEnvironmentIsAUsageErrorNamingTheVariable() {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      assertEquals(0, cli.runRaw("init", "--profile", "entra-reporting", "--out", "m.yaml").exitCode());
      cli.withEnv("APPREG_CLOUD", "germany");
      CliRun bad = cli.run("plan", "-f", "m.yaml");
      assertEquals(64, bad.exitCode(), bad::toString);
      assertTrue(bad.stderr().startsWith("error: APPREG_CLOUD=germany: "), bad::toString);
      assertEquals(0, cli.tenant.requests().size(), "nothing was sent");

      CliRun overridden = cli.run("plan", "-f", "m.yaml", "--cloud", "global");
      assertEquals(2, overridden.exitCode(), "the command line wins: " + overridden);
    }
  }

  @Test
  void aTenantInTheEnvironmentDoesNotCountAsTenantForASnapshotAudit() {
    try (Cli cli = Cli.against(SimulatedTenant.fresh(), dir)) {
      assertEquals(0, cli.run("export", "--out", "snap.json").exitCode());
      cli.withEnv("APPREG_TENANT", "contoso.onmicrosoft.com").withEnv("APPREG_CLOUD", "usgov");
      CliRun audit = cli.runRaw("audit", "--from", "snap.json", "--fail-on", "none");
      assertEquals(0, audit.exitCode(), audit::toString);
      CliRun explicit = cli.runRaw("audit", "--from", "snap.json", "--tenant", "contoso.onmicrosoft.com");
      assertEquals(64, explicit.exitCode(), explicit::toString);
    }
  }

  @Test
  void helpNamesTheVariables() {
    CliRun help = CliRun.run(dir, "plan", "--help");
    assertTrue(help.stdout().contains("$APPREG_TENANT") && help.stdout().contains("$APPREG_CLOUD"), help::toString);
  }
}
