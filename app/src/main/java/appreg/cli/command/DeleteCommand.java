package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.Failures;
import appreg.cli.Io;
import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.Connections;
import appreg.cli.option.OutputOptions;
import appreg.cli.option.RunLock;
import appreg.cli.render.ApplyOutput;
import appreg.cli.render.DeleteOutput;
import appreg.cli.render.Json;
import appreg.cli.render.Style;
import appreg.provisioning.Provisioner;
import appreg.provisioning.UsageException;
import appreg.provisioning.graph.GraphConnection;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.ManifestReader;
import appreg.provisioning.reconcile.Applier;
import appreg.provisioning.reconcile.ApplyFailedException;
import appreg.provisioning.reconcile.ApplyReport;
import appreg.provisioning.secret.SecretDestination;
import appreg.provisioning.secret.SecretDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "delete",
    description = {
        "Remove the registrations whose uniqueName is one of the manifest's keys, with their service principals, "
            + "consents and directory role assignments, and (with --secret-dir) the secret files apply delivered "
            + "for them. A registration without the key is never touched, whatever its name.",
        "Shows what it will remove first; without --yes it asks when stdin is a terminal and refuses otherwise. "
            + "Entra keeps deleted registrations restorable for 30 days; --purge removes them for good. "
            + "Running it again changes nothing.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg delete -f appreg.yaml --sandbox",
        "  appreg delete -f appreg.yaml --yes --secret-dir ./secrets",
        "  appreg delete -f appreg.yaml --yes --purge --format json",
        "",
        "Documentation: docs/commands.md#delete, docs/permissions.md"})
public final class DeleteCommand extends Subcommand implements Callable<Integer> {
  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The manifest (YAML or JSON).")
  Path file;

  @Option(names = {"-y", "--yes"}, description = "Delete without asking.")
  boolean yes;

  @Option(names = "--purge", description = "Also delete them permanently from deleted items: no restore after this.")
  boolean purge;

  @Option(names = "--secret-dir", paramLabel = "DIR",
      description = "Where apply delivered the secrets: DIR/<key>.json is removed when it holds the deleted "
          + "registration's secret.")
  Path secretDir;

  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    output.requireOneOf("text", "json");
    Io io = io();
    if (!yes && !io.interactive()) {
      throw new UsageException("delete removes registrations from the tenant: pass --yes to confirm (stdin is not a "
          + "terminal, so appreg cannot ask)");
    }
    Manifest manifest = ManifestReader.read(io.resolve(file));
    SecretDestination secrets = secretDir == null ? null : new SecretDirectory(io.resolve(secretDir));
    try (RunLock lock = RunLock.acquire(Connections.settings(connection, io), io);
         GraphConnection c = Connections.open(connection, output, io, appreg.provisioning.SignInScopes.delete(manifest))) {
      ReconcileRun.markSandbox(c, connection, io);
      Provisioner provisioner = ReconcileRun.provisioner(c, output, io);
      var planned = provisioner.destroyPlan(manifest, secrets, purge);
      // the preview goes where people read: stderr beside a JSON document, stdout otherwise
      var shown = output.json() ? io.err() : io.out();
      DeleteOutput.plan(shown, planned.tenant().organization(), planned.plan(), purge,
          new Style(output.colourAllowed(io) && (output.json() ? io.terminal().stderr() : io.terminal().stdout())));
      shown.flush();
      if (planned.plan().writes().isEmpty()) {
        if (output.json()) Json.print(io.out(), DeleteOutput.json(DeleteOutput.notRun(planned.plan()), purge));
        return ExitCodes.OK;
      }
      if (!yes && !confirmed(io)) {
        io.err().println("Nothing deleted.");
        if (output.json()) Json.print(io.out(), DeleteOutput.json(DeleteOutput.notRun(planned.plan()), purge));
        return ExitCodes.OK;
      }
      Applier.Listener live = ApplyOutput.live(shown, io.interruption()::requested);
      try {
        ApplyReport report;
        try (var writing = io.interruption().protect()) {
          report = provisioner.destroy(planned, secrets, c.caller(), live);
        }
        if (output.json()) {
          Json.print(io.out(), DeleteOutput.json(report, purge));
        } else {
          DeleteOutput.text(io.out(), report, purge);
        }
        io.out().flush();
        return ExitCodes.OK;
      } catch (ApplyFailedException e) {
        throw Failures.withReport(e, DeleteOutput.json(e.report(), purge));
      }
    }
  }

  private static boolean confirmed(Io io) {
    io.err().print("\nDelete these? Only 'yes' is accepted: ");
    io.err().flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)).readLine();
      return answer != null && answer.trim().toLowerCase(Locale.ROOT).equals("yes");
    } catch (IOException e) {
      return false;
    }
  }
}
