package appreg.cli;

import appreg.cli.command.ApplyCommand;
import appreg.cli.command.AuditCommand;
import appreg.cli.command.BootstrapCommand;
import appreg.cli.command.ExportCommand;
import appreg.cli.command.InitCommand;
import appreg.cli.command.PlanCommand;
import appreg.cli.command.ProfilesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "appreg",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    exitCodeOnInvalidInput = ExitCodes.USAGE,               // 64: picocli's default 2 would read as "drift"
    exitCodeOnExecutionException = ExitCodes.FAILURE,
    sortOptions = false,
    usageHelpAutoWidth = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:done; in sync; no findings at the --fail-on level",
        " 1:a failure talking to Graph or applying a change (what was done and what was not is printed)",
        " 2:plan: drift found; audit: findings at or above --fail-on",
        "64:bad command line",
        "65:invalid manifest or snapshot (file, line and column named)",
        "77:the caller lacks a permission or directory role that the run needs (named)"},
    description = {
        "Provision and audit Microsoft Entra ID app registrations through Microsoft Graph, declared in a manifest.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg profiles",
        "  appreg bootstrap --profile partner-referrals --sandbox --secret-dir .appreg/secrets",
        "  appreg plan -f appreg.yaml --tenant contoso.onmicrosoft.com",
        "",
        "Documentation: docs/README.md"},
    subcommands = {
        ProfilesCommand.class, InitCommand.class, PlanCommand.class, ApplyCommand.class, BootstrapCommand.class,
        AuditCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class AppregCommand implements Runnable {
  @Spec CommandSpec spec;

  private final Io io;

  AppregCommand(Io io) {
    this.io = io;
  }

  public Io io() {
    return io;
  }

  @Override
  public void run() {
    spec.commandLine().usage(io.err());
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  static CommandLine commandLine(Io io) {
    AppregCommand root = new AppregCommand(io);
    CommandLine cli = new CommandLine(root);
    cli.setOut(io.out());
    cli.setErr(io.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((ex, line, parse) -> Failures.report(ex, line, io));
    return cli;
  }
}
