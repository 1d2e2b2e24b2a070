package appreg.cli.option;

import appreg.cli.Io;
import appreg.provisioning.graph.Cloud;
import appreg.provisioning.graph.ConnectionSettings;
import appreg.provisioning.graph.GraphConnection;
import appreg.provisioning.graph.LocalTenant;
import appreg.provisioning.graph.RetryBudget;
import appreg.provisioning.graph.Trace;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import appreg.provisioning.secret.Sensitive;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;

/** Turns the connection options and the environment into an open {@link GraphConnection}. */
public final class Connections {
  public static final String TOKEN_VARIABLE = "APPREG_ACCESS_TOKEN";
  public static final Path DEFAULT_SANDBOX_STATE = Path.of(".appreg", "sandbox-tenant.json");

  private Connections() {}

  public static ConnectionSettings settings(ConnectionOptions o, Io io) {
    String token = io.env(TOKEN_VARIABLE);
    Path state = o.sandboxState != null ? io.resolve(o.sandboxState)
        : o.sandbox ? io.resolve(DEFAULT_SANDBOX_STATE) : null;
    Cloud cloud = o.cloud == null ? Cloud.GLOBAL : Cloud.valueOf(o.cloud.name().toUpperCase(java.util.Locale.ROOT));
    return new ConnectionSettings(cloud, o.graphUrl, o.authorityHost, o.tenant, o.deviceCode,
        token == null || token.isBlank() ? null : new Sensitive(token.trim()), state);
  }

  /** Trace lines go to stderr, prefixed, only with -v. */
  public static Trace trace(OutputOptions output, Io io) {
    if (!output.verbose) return Trace.NONE;
    return line -> {
      synchronized (io.err()) {
        io.err().println("  graph: " + line);
        io.err().flush();
      }
    };
  }

  public static GraphConnection open(ConnectionOptions o, OutputOptions output, Io io) {
    ConnectionSettings settings = settings(o, io);
    var options = new GraphConnection.Options(trace(output, io), io.sleeper(), io.clock(), RetryBudget.standard(), new Random());
    return GraphConnection.open(settings, options, sandbox(settings.sandboxState(), io));
  }

  /**
   * Starts the simulated tenant on a loopback port for this run. A small replication lag is on, as in Entra, so that
   * the same waits that real tenants need are exercised. State is written to the file after every change.
   */
  static Supplier<LocalTenant> sandbox(Path state, Io io) {
    return () -> {
      SimulatedTenant tenant;
      try {
        tenant = SimulatedTenant.load(state).replicationLag(SANDBOX_REPLICATION_LAG);
      } catch (IllegalStateException e) {
        throw new appreg.provisioning.UsageException("--sandbox-state " + state + ": " + e.getMessage()
            + "; delete the file to start from a fresh simulated tenant");
      }
      SandboxServer server = SandboxServer.start(tenant);
      Sensitive token = new Sensitive(SandboxTokens.allPermissions());
      return new LocalTenant() {
        @Override public String baseUrl() { return server.baseUrl(); }
        @Override public Sensitive token() { return token; }
        @Override public void close() { server.close(); }
      };
    };
  }

  /** Requests that fail as "not replicated yet" after each create in --sandbox runs. */
  static final int SANDBOX_REPLICATION_LAG = 1;
}
