package appreg.cli;

import appreg.provisioning.graph.Sleeper;
import appreg.provisioning.sandbox.RecordedRequest;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * appreg run in-process against a simulated tenant served on loopback, through the production path: the command line
 * names the tenant with --graph-url and the token comes from APPREG_ACCESS_TOKEN, as a user would run it. Waits are
 * recorded, not slept.
 */
final class Cli implements AutoCloseable {
  final SimulatedTenant tenant;
  final SandboxServer server;
  final Path dir;
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> env = new HashMap<>();
  private Terminal terminal = Terminal.NONE;
  private byte[] stdin = new byte[0];

  private Cli(SimulatedTenant tenant, Path dir) {
    this.tenant = tenant;
    this.dir = dir;
    this.server = SandboxServer.start(tenant);
    env.put("APPREG_ACCESS_TOKEN", SandboxTokens.allPermissions());
  }

  /** DIR/secrets, not created: appreg creates it (mode 0700) the first time a secret needs it, as users see it. */
  static Path secretDir(Path dir) {
    return dir.resolve("secrets");
  }

  static Cli against(SimulatedTenant tenant, Path dir) {
    return new Cli(tenant, dir);
  }

  Cli withToken(String token) {
    env.put("APPREG_ACCESS_TOKEN", token);
    return this;
  }

  /** What the following runs read on stdin (a person's answer to a prompt); nothing by default. */
  Cli answering(String input) {
    this.stdin = input.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** Which standard streams the run believes are a terminal (none by default). */
  Cli withTerminal(Terminal t) {
    this.terminal = t;
    return this;
  }

  /** Sets an environment variable for the following runs; null removes it. */
  Cli withEnv(String name, String value) {
    if (value == null) env.remove(name);
    else env.put(name, value);
    return this;
  }

  String graphUrl() {
    String base = server.baseUrl();
    return base.substring(0, base.length() - "/v1.0".length());
  }

  /** Runs a command that talks to the tenant: --graph-url is appended. */
  CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--graph-url");
    all.add(graphUrl());
    return runRaw(all.toArray(String[]::new));
  }

  CliRun runRaw(String... args) {
    return runStopping(null, args);
  }

  /**
   * Runs a command that talks to the tenant and asks it to stop, as Ctrl-C does, the moment {@code marker} is printed
   * on stdout or stderr (for apply: when a step's line appears). In-process, so no signal: {@link Interruption} is what
   * the signal handler would set.
   */
  CliRun runInterruptedAt(String marker, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--graph-url");
    all.add(graphUrl());
    return runStopping(marker, all.toArray(String[]::new));
  }

  private CliRun runStopping(String marker, String... args) {
    Interruption interruption = Interruption.none();
    Watch out = new Watch(marker, interruption);
    Watch err = new Watch(marker, interruption);
    // not slept, but the tenant's clock moves on by it, so that its time-based limits see the wait
    Sleeper sleeper = d -> {
      sleeps.add(d);
      tenant.advanceClock(d);
    };
    Io io = new Io(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true),
        new ByteArrayInputStream(stdin), env, dir, terminal, Clock.systemUTC(), interruption.sleeper(sleeper),
        interruption);
    int code = Main.run(io, args);
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A buffer that asks for a stop once {@code marker} (nullable) has been written to it. */
  private static final class Watch extends ByteArrayOutputStream {
    private final String marker;
    private final Interruption interruption;

    Watch(String marker, Interruption interruption) {
      this.marker = marker;
      this.interruption = interruption;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, len);
      if (marker != null && !interruption.requested() && toString(StandardCharsets.UTF_8).contains(marker)) {
        interruption.request("SIGINT");
      }
    }
  }

  /** Requests that change the tenant: anything but GET, the writes inside a {@code $batch} included. */
  List<RecordedRequest> writes() {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : tenant.requests()) {
      if (!r.path().endsWith("$batch")) {
        if (!r.method().equals("GET")) out.add(r);
        continue;
      }
      try {
        for (var item : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("requests")) {
          String method = item.path("method").asText();
          if (method.equals("GET")) continue;
          String url = item.path("url").asText();
          int q = url.indexOf('?');
          String path = java.net.URLDecoder.decode((q < 0 ? url : url.substring(0, q)).replace("+", "%2B"), StandardCharsets.UTF_8);
          out.add(new RecordedRequest(method, path.startsWith("/") ? path : "/" + path, q < 0 ? "" : url.substring(q + 1),
              Map.of(), item.path("body").toString()));
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.close();
  }
}
