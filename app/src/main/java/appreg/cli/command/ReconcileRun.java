package appreg.cli.command;

import appreg.cli.ExitCodes;
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

  /** Where new secrets go; null when the command line names no destination. */
  static SecretDestination secrets(SecretOptions s, Io io) {
    List<SecretDestination> all = new ArrayList<>();
    if (s.secretDir != null) all.add(new SecretDirectory(io.resolve(s.secretDir)));
    if (s.showSecret) all.add(new SecretPrinter(io.out()));
    return all.isEmpty() ? null : SecretDestination.of(all);
  }

  static void markSandbox(GraphConnection c, ConnectionOptions o, Io io) {
    if (c.sandbox()) {
      io.err().println("appreg: sandbox tenant (simulated, not Microsoft Entra): "
          + Connections.settings(o, io).sandboxState());
    }
  }

  /**
   * Applies under a lock, prints the report and, for applications made from a built-in profile, its checklist and
   * first-token recipe; maps a failed apply to its exit code.
   */
  static int apply(Manifest manifest, ConnectionOptions connection, OutputOptions output, SecretOptions secretOptions,
                   Io io) {
    SecretDestination secrets = secrets(secretOptions, io);
    var settings = Connections.settings(connection, io);
    AfterApply after = AfterApply.of(manifest, settings.resolve().authorityHost(), settings.cloud().graphRoot());
    try (RunLock lock = RunLock.acquire(Connections.settings(connection, io), io);
         GraphConnection c = Connections.open(connection, output, io)) {
      markSandbox(c, connection, io);
      try {
        ApplyReport report = provisioner(c, output, io).apply(manifest, secrets,
            new Provisioner.ApplyOptions(secretOptions.pruneSecrets), c.caller());
        print(report, output, io, after);
        return ExitCodes.OK;
      } catch (ApplyFailedException e) {
        print(e.report(), output, io, new AfterApply(List.of(), after.authorityHost(), after.graphRoot()));
        throw e;
      }
    }
  }

  private static void print(ApplyReport report, OutputOptions output, Io io, AfterApply after) {
    if (output.json()) {
      Json.print(io.out(), ApplyOutput.json(report, after));
    } else {
      ApplyOutput.text(io.out(), report, after);
    }
    io.out().flush();
  }
}
