package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.Connections;
import appreg.cli.option.OutputOptions;
import appreg.cli.option.SecretOptions;
import appreg.cli.render.Json;
import appreg.cli.render.PlanJson;
import appreg.cli.render.PlanText;
import appreg.provisioning.Provisioner;
import appreg.provisioning.SignInScopes;
import appreg.provisioning.graph.GraphConnection;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.ManifestReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plan",
    description = {
        "Read the tenant and print the drift between it and the manifest, and the actions apply would take. "
            + "Never writes to the tenant.",
        "Text output marks each drift with + (add), ~ (change), - (remove) or ! (manual step); "
            + "--format json prints {\"inSync\": bool, \"drift\": [{\"application\", \"kind\", \"detail\", \"action\"}]}.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg plan -f appreg.yaml --sandbox",
        "  appreg plan -f appreg.yaml --tenant contoso.onmicrosoft.com --format json",
        "  export APPREG_ACCESS_TOKEN=$(az account get-access-token \\",
        "    --resource-type ms-graph --query accessToken -o tsv)",
        "  appreg plan -f appreg.yaml",
        "",
        "Exit 0 when in sync, 2 when there is drift. Documentation: docs/reconcile.md"})
public final class PlanCommand extends Subcommand implements Callable<Integer> {
  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The manifest (YAML or JSON).")
  Path file;

  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;
  @Mixin SecretOptions secrets;

  @Override
  public Integer call() {
    output.requireOneOf("text", "json");
    Manifest manifest = ManifestReader.read(io().resolve(file));
    try (GraphConnection c = Connections.open(connection, output, io(), SignInScopes.plan(manifest))) {
      ReconcileRun.markSandbox(c, connection, io());
      Provisioner.PlanResult result = ReconcileRun.provisioner(c, output, io())
          .plan(manifest, ReconcileRun.secrets(secrets, io()), c.caller());
      if (output.json()) {
        Json.print(io().out(), PlanJson.of(result.plan()));
      } else {
        PlanText.print(io().out(), result.tenant().organization(), result.plan(), output.style(io()));
      }
      return result.plan().inSync() ? ExitCodes.OK : ExitCodes.DRIFT;
    }
  }
}
