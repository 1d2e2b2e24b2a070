package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.Failures;
import appreg.cli.Io;
import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.Connections;
import appreg.cli.option.OutputOptions;
import appreg.cli.option.RunLock;
import appreg.cli.option.SecretOptions;
import appreg.cli.render.AfterApply;
import appreg.cli.render.ApplyOutput;
import appreg.cli.render.Json;
import appreg.provisioning.Provisioner;
import appreg.provisioning.graph.GraphConnection;
import appreg.provisioning.graph.SdkGateway;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.reconcile.Applier;
import appreg.provisioning.reconcile.ApplyFailedException;
import appreg.provisioning.reconcile.ApplyReport;
import appreg.provisioning.secret.SecretDestination;
import appreg.provisioning.secret.SecretDirectory;
import appreg.provisioning.secret.SecretPrinter;
import java.util.ArrayList;
import java.util.List;

/** Shared by plan, apply and bootstrap: connect, build the provisioner, deliver, print. */
final class ReconcileRun {
  private ReconcileRun() {}

  static Provisioner provisioner(GraphConnection c, OutputOptions output, Io io) {
    return new Provisioner(new SdkGateway(c), io.clock(), Connections.trace(output, io));
  }

  /** Where new secrets go; null when the command line names no destination. {@code shown}: the --show-secret printer. */
  static SecretDestination secrets(SecretOptions s, SecretPrinter shown, Io io) {
    List<SecretDestination> all = new ArrayList<>();
    if (s.secretDir != null) all.add(new SecretDirectory(io.resolve(s.secretDir)));
    if (shown != null) all.add(shown);
    return all.isEmpty() ? null : SecretDestination.of(all);
  }

  /** For plan, which delivers nothing but must know where earlier secrets went. */
  static SecretDestination secrets(SecretOptions s, Io io) {
    return secrets(s, null, io);
  }

  /**
   * --show-secret: printed at once for people; with --format json, kept for the one document printed at the end, so
   * stdout holds that document and nothing else.
   */
  static SecretPrinter shownSecrets(SecretOptions s, OutputOptions output, Io io) {
    if (!s.showSecret) return null;
    return output.json() ? SecretPrinter.held() : SecretPrinter.immediate(io.out());
  }

  static void markSandbox(GraphConnection c, ConnectionOptions o, Io io) {
    if (c.sandbox()) {
      io.err().println("appreg: sandbox tenant (simulated, not Microsoft Entra): "
          + Connections.settings(o, io).sandboxState());
    }
  }

  /**
   * Applies under a lock and prints each step as it finishes (on stdout for people, on stderr beside a JSON document),
   * then the settings and, for applications made from a built-in profile, its checklist and first-token recipe. A
   * failed or interrupted apply goes to {@link appreg.cli.Failures} with its report.
   */
  static int apply(Manifest manifest, ConnectionOptions connection, OutputOptions output, SecretOptions secretOptions,
                   Io io) {
    return apply(manifest, connection, output, secretOptions, io, null);
  }

  /**
   * {@code signedIn}: the connection a confirmation already opened with an interactive sign-in, reused so that the
   * person signs in once per run (the caller closes it); null to open one here.
   */
  static int apply(Manifest manifest, ConnectionOptions connection, OutputOptions output, SecretOptions secretOptions,
                   Io io, GraphConnection signedIn) {
    SecretPrinter shown = shownSecrets(secretOptions, output, io);
    SecretDestination secrets = secrets(secretOptions, shown, io);
    var steps = output.json() ? io.err() : io.out();
    var style = output.json() ? new appreg.cli.render.Style(output.colourAllowed(io) && io.terminal().stderr())
        : output.style(io);
    Applier.Listener live = ApplyOutput.live(steps, style, io.interruption()::requested);
    var settings = Connections.settings(connection, io);
    AfterApply after = AfterApply.of(manifest, settings.resolve().authorityHost(), settings.cloud().graphRoot());
    try (RunLock lock = RunLock.acquire(Connections.settings(connection, io), io);
         GraphConnection opened = signedIn != null ? null
             : Connections.open(connection, output, io, appreg.provisioning.SignInScopes.apply(manifest))) {
      GraphConnection c = signedIn != null ? signedIn : opened;
      markSandbox(c, connection, io);
      try {
        ApplyReport report;
        try (var writing = io.interruption().protect()) {
          report = provisioner(c, output, io).apply(manifest, secrets,
              new Provisioner.ApplyOptions(secretOptions.pruneSecrets), c.caller(), live);
        }
        if (output.json()) {
          Json.print(io.out(), ApplyOutput.json(report, after, shown));
        } else {
          ApplyOutput.text(io.out(), report, after);
        }
        io.out().flush();
        return ExitCodes.OK;
      } catch (ApplyFailedException e) {
        if (output.json()) {
          throw Failures.withReport(e, ApplyOutput.json(e.report(), new AfterApply(List.of(), null, null), shown));
        }
        throw e;
      }
    }
  }
}
