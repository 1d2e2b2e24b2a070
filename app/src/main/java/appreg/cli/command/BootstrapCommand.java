package appreg.cli.command;

import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.OutputOptions;
import appreg.cli.option.SecretOptions;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.profile.Profile;
import appreg.provisioning.profile.Profiles;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bootstrap",
    description = {
        "init + apply in one step, for a first run: from nothing to a working, consented registration with a "
            + "delivered client secret, then the settings and the profile's manual-step checklist. Does not ask.",
        "Running it again changes nothing.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg bootstrap --profile partner-referrals --sandbox \\",
        "    --secret-dir .appreg/secrets",
        "  appreg bootstrap --profile partner-insights --tenant contoso.onmicrosoft.com \\",
        "    --device-code --secret-dir ./secrets",
        "  appreg bootstrap --profile entra-reporting --name \"Contoso sign-in reports\" \\",
        "    --key contoso-reports --show-secret",
        "",
        "Documentation: docs/profiles.md, docs/reconcile.md"})
public final class BootstrapCommand extends Subcommand implements Callable<Integer> {
  @Option(names = "--profile", required = true, paramLabel = "PROFILE", completionCandidates = InitCommand.ProfileNames.class,
      description = "The built-in profile: ${COMPLETION-CANDIDATES}.")
  String profile;

  @Option(names = "--name", paramLabel = "DISPLAYNAME", description = "The registration's display name (default: the profile's).")
  String displayName;

  @Option(names = "--key", paramLabel = "KEY", description = "The registration's key, its uniqueName (default: the profile's name).")
  String key;

  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;
  @Mixin SecretOptions secrets;

  @Override
  public Integer call() {
    output.requireOneOf("text", "json");
    Profile p = Profiles.get(profile);
    String k = key != null ? key : p.name();
    String name = displayName != null ? displayName : p.defaultDisplayName();
    Manifest manifest = new Manifest("profile " + p.name(), List.of(p.application(k, name)));
    return ReconcileRun.apply(manifest, connection, output, secrets, io());
  }
}
