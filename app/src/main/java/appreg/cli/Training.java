package appreg.cli;

import appreg.provisioning.graph.Sleeper;
import appreg.provisioning.profile.Profile;
import appreg.provisioning.profile.Profiles;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind the class-data-sharing archive that {@code mvn package} writes beside the jar
 * ({@code -XX:ArchiveClassesAtExit}, JDK 17): every command, through the same code paths a user's run takes, in one
 * JVM, so that the archive holds the classes those runs load already parsed and verified. Offline and deterministic:
 * the tenants are simulated ones served on loopback, the synthetic registrations have a fixed seed, waits are not
 * slept, and all output is discarded. A command that ends with an unexpected exit code is named on stderr; the build
 * goes on (the archive then covers less, nothing else changes).
 */
final class Training {
  private final Path dir;
  private final List<String> surprises = new ArrayList<>();
  private Map<String, String> env = Map.of();

  private Training(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("appreg-training");
    try {
      var training = new Training(dir);
      training.run();
      training.surprises.forEach(s -> System.err.println("appreg training: " + s));
    } finally {
      delete(dir);
    }
  }

  private void run() {
    expect(0, "--version");
    expect(0, "--help");
    expect(64, "no-such-command");
    expect(0, "profiles");
    expect(0, "profiles", "--format", "json");
    expect(0, "-o", "json", "profiles");
    expect(0, "completion", "bash");
    for (Profile p : Profiles.all()) {
      expect(0, "init", "--profile", p.name(), "--out", p.name() + ".yaml");
      expect(0, "init", "--profile", p.name(), "--format", "json");
    }
    write("broken.yaml", "applications:\n  - key: x\n    displayName: [unclosed\n");
    expect(65, "plan", "-f", "broken.yaml", "--sandbox-state", "broken.json");

    // The embedded sandbox (--sandbox), as the README's tour runs it: drift, apply, no-op, re-run, audit, export,
    // delete.
    String state = "sandbox-tenant.json";
    expect(2, "plan", "-f", "partner-referrals.yaml", "--sandbox-state", state);
    expect(0, "apply", "-f", "partner-referrals.yaml", "--sandbox-state", state, "--yes", "--secret-dir", "secrets");
    expect(0, "plan", "-f", "partner-referrals.yaml", "--sandbox-state", state, "--format", "json");
    expect(0, "bootstrap", "--profile", "partner-referrals", "--sandbox-state", state, "--secret-dir", "secrets", "-v");
    for (Profile p : Profiles.all()) {
      expect(0, "bootstrap", "--profile", p.name(), "--sandbox-state", p.name() + "-tenant.json",
          "--secret-dir", "secrets", "--format", "json");
    }
    expect(-1, "audit", "--sandbox-state", state);
    expect(0, "export", "--sandbox-state", state, "--out", "snapshot.json");
    expect(-1, "audit", "--from", "snapshot.json", "-f", "partner-referrals.yaml");
    expect(0, "delete", "-f", "partner-referrals.yaml", "--sandbox-state", state, "--yes", "--secret-dir", "secrets",
        "--format", "json");

    // A tenant named by --graph-url with a ready token: the path a real tenant takes, short of signing in.
    SimulatedTenant tenant = SimulatedTenant.fresh();
    tenant.seedSyntheticRegistrations(300, 42);
    try (SandboxServer server = SandboxServer.start(tenant)) {
      env = Map.of("APPREG_ACCESS_TOKEN", SandboxTokens.allPermissions());
      String url = server.baseUrl().substring(0, server.baseUrl().length() - "/v1.0".length());
      for (Profile p : Profiles.all()) {
        expect(0, "bootstrap", "--profile", p.name(), "--graph-url", url, "--secret-dir", "secrets");
        expect(0, "plan", "-f", p.name() + ".yaml", "--graph-url", url);
      }
      expect(0, "apply", "-f", "partner-referrals.yaml", "--graph-url", url, "--yes", "--format", "json", "-v");
      for (String format : List.of("text", "json", "csv", "sarif", "html")) {
        expect(-1, "audit", "--graph-url", url, "--format", format, "--out", "audit." + format);
      }
      expect(-1, "audit", "--graph-url", url, "--format", "json");
      expect(0, "export", "--graph-url", url, "--out", "tenant.json");
      expect(0, "delete", "-f", "entra-reporting.yaml", "--graph-url", url, "--yes", "--secret-dir", "secrets");
    } finally {
      env = Map.of();
    }
  }

  /** Runs one command line; {@code code} -1 takes any exit code but a failure's (1). */
  private void expect(int code, String... args) {
    PrintWriter discard = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
    Sleeper noWait = d -> {};
    Io io = new Io(discard, discard, new ByteArrayInputStream(new byte[0]), env, dir, Terminal.NONE,
        Clock.systemUTC(), noWait);
    int actual = Main.run(io, args);
    if (code >= 0 ? actual != code : actual == ExitCodes.FAILURE) {
      surprises.add("'appreg " + String.join(" ", args) + "' exited " + actual + (code >= 0 ? ", not " + code : "")
          + "; the class-data archive covers less");
    }
  }

  private void write(String name, String text) {
    try {
      Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
