package appreg.cli;

import appreg.cli.command.ApplyCommand;
import appreg.cli.command.AuditCommand;
import appreg.cli.command.BootstrapCommand;
import appreg.cli.command.CompletionCommand;
import appreg.cli.command.ExportCommand;
import appreg.cli.command.InitCommand;
import appreg.cli.command.PlanCommand;
import appreg.cli.command.ProfilesCommand;
import appreg.cli.option.OutputOptions;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
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
        "77:the caller lacks a permission or directory role that the run needs (named)",
        "130:interrupted (Ctrl-C or kill); what was done and what was not is printed"},
    description = {
        "Provision and audit Microsoft Entra ID app registrations through Microsoft Graph, declared in a manifest.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  appreg profiles",
        "  appreg bootstrap --profile partner-referrals --sandbox \\",
        "    --secret-dir .appreg/secrets",
        "  appreg plan -f appreg.yaml --tenant contoso.onmicrosoft.com",
        "",
        "Documentation: docs/README.md"},
    subcommands = {
        ProfilesCommand.class, InitCommand.class, PlanCommand.class, ApplyCommand.class, BootstrapCommand.class,
        AuditCommand.class, ExportCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class AppregCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Accepted before the subcommand too; {@link #passGlobalOptionsDown} hands them to it. */
  @Mixin OutputOptions output;

  private final Io io;

  AppregCommand(Io io) {
    this.io = io;
  }

  public Io io() {
    return io;
  }

  @Override
  public void run() {
    List<String> commands = spec.subcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden() && !e.getKey().equals("help"))
        .map(Map.Entry::getKey).distinct().toList();
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: " + String.join(", ", commands));
  }

  static CommandLine commandLine(Io io) {
    AppregCommand root = new AppregCommand(io);
    CommandLine cli = new CommandLine(root);
    cli.setOut(io.out());
    cli.setErr(io.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // help is 80 columns wide unless a person reads it on a terminal that has more; then picocli asks stty
    cli.setUsageHelpWidth(80);
    cli.setUsageHelpAutoWidth(io.terminal().stdout());
    cli.setParameterExceptionHandler((ex, args) -> Failures.usage(ex, args, io));
    cli.setExecutionExceptionHandler((ex, line, parse) -> Failures.report(ex, line, io));
    cli.setExecutionStrategy(parse -> {
      passGlobalOptionsDown(parse);
      return new CommandLine.RunLast().execute(parse);
    });
    return cli;
  }

  /** {@code appreg -v -o json plan …} means the same as {@code appreg plan … -v -o json}. */
  private static void passGlobalOptionsDown(ParseResult parse) {
    OutputOptions global = ((AppregCommand) parse.commandSpec().userObject()).output;
    for (ParseResult sub = parse.subcommand(); sub != null; sub = sub.subcommand()) {
      for (CommandSpec mixin : sub.commandSpec().mixins().values()) {
        if (mixin.userObject() instanceof OutputOptions own) own.inheritFrom(global, sub.hasMatchedOption("--format"));
      }
    }
  }
}
