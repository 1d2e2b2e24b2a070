package appreg.cli.option;

import appreg.cli.Io;
import appreg.cli.render.Untrusted;
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
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;

/** Turns the connection options and the environment into an open {@link GraphConnection}. */
public final class Connections {
  public static final String TOKEN_VARIABLE = "APPREG_ACCESS_TOKEN";
  /** Defaults for {@code --tenant} and {@code --cloud}, as AZURE_TENANT_ID is for az; the command line wins. */
  public static final String TENANT_VARIABLE = "APPREG_TENANT";
  public static final String CLOUD_VARIABLE = "APPREG_CLOUD";
  public static final Path DEFAULT_SANDBOX_STATE = Path.of(".appreg", "sandbox-tenant.json");
  /** Milliseconds the embedded sandbox waits before each answer, to feel a network's round trips (default 0). */
  public static final String SANDBOX_LATENCY_VARIABLE = "APPREG_SANDBOX_LATENCY_MS";

  private Connections() {}

  public static ConnectionSettings settings(ConnectionOptions o, Io io) {
    String token = io.env(TOKEN_VARIABLE);
    Path state = o.sandboxState != null ? io.resolve(o.sandboxState)
        : o.sandbox ? io.resolve(DEFAULT_SANDBOX_STATE) : null;
    // the simulated tenant has no cloud and one tenant: the environment's defaults do not apply to it
    boolean fromEnvironment = !o.sandboxed();
    ConnectionOptions.Cloud chosen = o.cloud != null ? o.cloud : fromEnvironment ? cloudFromEnvironment(io) : null;
    Cloud cloud = chosen == null ? Cloud.GLOBAL : Cloud.valueOf(chosen.name().toUpperCase(java.util.Locale.ROOT));
    String tenant = o.tenant != null ? o.tenant : fromEnvironment ? nonBlank(io.env(TENANT_VARIABLE)) : null;
    if (o.deviceCode && o.browser) {
      throw new appreg.provisioning.UsageException("--device-code and --browser are two ways to sign in: give one");
    }
    if (o.clientId != null && !o.deviceCode && !o.browser) {
      throw new appreg.provisioning.UsageException("--client-id names the public client to sign in as: give it with "
          + "--device-code or --browser");
    }
    if (o.clientId != null && !o.clientId.trim().matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      throw new appreg.provisioning.UsageException("--client-id " + o.clientId + ": give the application (client) id of a "
          + "public client, a GUID such as " + ConnectionSettings.GRAPH_COMMAND_LINE_TOOLS);
    }
    ConnectionSettings.SignIn signIn = o.deviceCode ? ConnectionSettings.SignIn.DEVICE_CODE
        : o.browser ? ConnectionSettings.SignIn.BROWSER : ConnectionSettings.SignIn.CHAIN;
    return new ConnectionSettings(cloud, o.graphUrl, o.authorityHost, tenant, signIn,
        o.clientId == null ? null : o.clientId.trim().toLowerCase(java.util.Locale.ROOT), java.util.List.of(),
        token == null || token.isBlank() ? null : new Sensitive(token.trim()), state, io.env());
  }

  private static ConnectionOptions.Cloud cloudFromEnvironment(Io io) {
    String value = nonBlank(io.env(CLOUD_VARIABLE));
    if (value == null) return null;
    try {
      return new ConnectionOptions.CloudConverter().convert(value.trim());
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new appreg.provisioning.UsageException(CLOUD_VARIABLE + "=" + value + ": " + e.getMessage()
          + " (or unset it, or pass --cloud)");
    }
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Trace lines go to stderr, prefixed, only with -v; they quote Graph, so tenant text in them is escaped. */
  public static Trace trace(OutputOptions output, Io io) {
    if (!output.verbose) return Trace.NONE;
    Timing timing = output.timing();
    return new Trace() {
      @Override
      public void line(String text) {
        synchronized (io.err()) {
          io.err().println("  graph: " + Untrusted.text(Sensitive.scrub(text)));
          io.err().flush();
        }
      }

      @Override
      public void exchange(long startNanos, long endNanos) {
        timing.request(startNanos, endNanos);
      }
    };
  }

  /**
   * Opens the connection a command uses. {@code scopes}: the delegated scopes an interactive sign-in asks for (see
   * {@link appreg.provisioning.SignInScopes}); its prompts go to stderr, so stdout keeps only the command's output.
   */
  public static GraphConnection open(ConnectionOptions o, OutputOptions output, Io io, java.util.List<String> scopes) {
    ConnectionSettings settings = settings(o, io).withScopes(scopes);
    var sleeper = output.verbose ? output.timing().recording(io.sleeper()) : io.sleeper();
    var options = new GraphConnection.Options(trace(output, io), sleeper, io.clock(), RetryBudget.standard(), new Random(),
        line -> prompt(io, line));
    return GraphConnection.open(settings, options, sandbox(settings.sandboxState(), io));
  }

  /** A sign-in prompt: on stderr, at once; it quotes the sign-in service, so control characters are escaped. */
  private static void prompt(Io io, String line) {
    synchronized (io.err()) {
      io.err().println(Untrusted.text(line));
      io.err().flush();
    }
  }

  /**
   * Starts the simulated tenant on a loopback port for this run, signed in as its Global Administrator. A small replication lag is on, as in Entra, so that
   * the same waits that real tenants need are exercised. State is written to the file after every change.
   */
  static Supplier<LocalTenant> sandbox(Path state, Io io) {
    return () -> {
      Duration latency = latency(io);
      // a state file that cannot be used is a ManifestException (exit 65) that says what to do
      SimulatedTenant tenant = SimulatedTenant.load(state).replicationLag(SimulatedTenant.SANDBOX_REPLICATION_LAG);
      SandboxServer server = SandboxServer.start(tenant).latency(latency);
      // signed in as the tenant's administrator, as a person trying appreg would be; a state file whose
      // administrator is gone gets an app-only token with every permission instead
      Sensitive token = new Sensitive(tenant.globalAdministrator().map(SandboxTokens::administrator)
          .orElseGet(SandboxTokens::allPermissions));
      return new LocalTenant() {
        @Override public String baseUrl() { return server.baseUrl(); }
        @Override public Sensitive token() { return token; }
        @Override public void close() { server.close(); }
      };
    };
  }

  private static Duration latency(Io io) {
    String value = io.env(SANDBOX_LATENCY_VARIABLE);
    if (value == null || value.isBlank()) return Duration.ZERO;
    try {
      long ms = Long.parseLong(value.trim());
      if (ms >= 0) return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      // falls through to the message
    }
    throw new appreg.provisioning.UsageException(SANDBOX_LATENCY_VARIABLE + "=" + value
        + ": give the sandbox's latency per round trip in whole milliseconds, e.g. 100");
  }
}
