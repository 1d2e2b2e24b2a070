package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.Connections;
import appreg.cli.option.OutputOptions;
import appreg.cli.option.SecretOptions;
import appreg.cli.render.ApplyOutput;
import appreg.cli.render.Json;
import appreg.cli.render.PlanText;
import appreg.cli.render.Style;
import appreg.provisioning.SignInScopes;
import appreg.provisioning.UsageException;
import appreg.provisioning.graph.GraphConnection;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.ManifestReader;
import appreg.provisioning.reconcile.ApplyReport;
import appreg.provisioning.reconcile.Plan;
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

@Command(name = "apply",
    description = {
        "Make the tenant match the manifest: create or adopt the registration, request its permissions, create "
            + "service principals, grant admin consent, issue and deliver a client secret, assign directory roles. "
            + "Then print the gathered settings (never the secret).",
        "Without --yes it shows the plan and asks for confirmation when stdin is a terminal, and refuses otherwise. "
            + "A second run changes nothing.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg apply -f appreg.yaml --yes --secret-dir ./secrets --sandbox",
        "  appreg apply -f appreg.yaml --tenant contoso.onmicrosoft.com \\",
        "    --secret-dir ~/.appreg/secrets",
        "  appreg apply -f appreg.yaml --yes --show-secret --format json",
        "",
        "Documentation: docs/reconcile.md, docs/permissions.md, docs/troubleshooting.md"})
public final class ApplyCommand extends Subcommand implements Callable<Integer> {
  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The manifest (YAML or JSON).")
  Path file;

  @Option(names = {"-y", "--yes"}, description = "Apply without asking.")
  boolean yes;

  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;
  @Mixin SecretOptions secrets;

  @Override
  public Integer call() {
    output.requireOneOf("text", "json");
    if (!yes && !io().interactive()) {
      throw new UsageException("apply changes the tenant: pass --yes to confirm (stdin is not a terminal, so appreg cannot ask)");
    }
    Manifest manifest = ManifestReader.read(io().resolve(file));
    if (!yes) {
      // a person who signed in to see the plan is not asked to sign in again to apply it
      GraphConnection c = Connections.open(connection, output, io(), SignInScopes.apply(manifest));
      boolean keep = Connections.settings(connection, io()).interactive();
      try {
        Plan declined = confirm(manifest, c);
        if (declined != null) {
          io().err().println("Nothing applied.");
          if (output.json()) Json.print(io().out(), ApplyOutput.json(notApplied(declined)));
          return ExitCodes.OK;
        }
        if (!keep) {
          c.close();
          c = null;
        }
        return ReconcileRun.apply(manifest, connection, output, secrets, io(), c);
      } finally {
        if (c != null) c.close();
      }
    }
    return ReconcileRun.apply(manifest, connection, output, secrets, io());
  }

  /**
   * Shows the plan and asks, both on stderr (stdout is for the result); null when the answer is yes or there is
   * nothing to write, else the plan that was declined.
   */
  private Plan confirm(Manifest manifest, GraphConnection c) {
    Plan plan = null;
    try {
      ReconcileRun.markSandbox(c, connection, io());
      var result = ReconcileRun.provisioner(c, output, io()).plan(manifest, ReconcileRun.secrets(secrets, io()), c.caller());
      plan = result.plan();
      PlanText.print(io().err(), result.tenant().organization(), plan,
          new Style(output.colourAllowed(io()) && io().terminal().stderr()));
      if (plan.writes().isEmpty()) return null;
      io().err().print("\nApply these changes? Only 'yes' is accepted: ");
      io().err().flush();
      String answer = new BufferedReader(new InputStreamReader(io().in(), StandardCharsets.UTF_8)).readLine();
      return answer != null && answer.trim().toLowerCase(Locale.ROOT).equals("yes") ? null : plan;
    } catch (IOException e) {
      return plan;
    }
  }

  /** A declined plan as an apply report: every step not attempted. */
  private static ApplyReport notApplied(Plan plan) {
    return new ApplyReport(plan.steps().stream()
        .map(s -> new ApplyReport.Outcome(s, ApplyReport.Status.NOT_ATTEMPTED, "")).toList(), java.util.Map.of());
  }
}
