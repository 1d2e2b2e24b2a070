package appreg.cli;

import appreg.cli.command.ApplyCommand;
import appreg.cli.command.AuditCommand;
import appreg.cli.command.BootstrapCommand;
import appreg.cli.command.CompletionCommand;
import appreg.cli.command.DeleteCommand;
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
import picocli.CommandLine.Model.OptionSpec;
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
        "Documentation: docs/README.md"})
public final class AppregCommand implements Runnable {
  /**
   * The verbs, in the order help lists them. Registered per run ({@link #commandLine}): building the model of a verb
   * (reflection over its options and mixins, in picocli's Java 5 class files, which the class-data archive cannot
   * hold) costs a few hundredths of a second of CPU each, so a run builds only the one it executes.
   */
  static final List<Class<?>> COMMANDS = List.of(ProfilesCommand.class, InitCommand.class, PlanCommand.class,
      ApplyCommand.class, BootstrapCommand.class, DeleteCommand.class, AuditCommand.class, ExportCommand.class,
      CompletionCommand.class, CommandLine.HelpCommand.class);

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

  /** The command line for {@code args}; without them, the whole command tree. */
  static CommandLine commandLine(Io io, String... args) {
    AppregCommand root = new AppregCommand(io);
    CommandLine cli = new CommandLine(root);
    for (Class<?> command : commandsFor(cli.getCommandSpec(), args)) {
      cli.addSubcommand(command);
    }
    cli.setOut(io.out());
    cli.setErr(io.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // help is 80 columns wide unless a person reads it on a terminal that has more; then picocli asks stty
    cli.setUsageHelpWidth(80);
    cli.setUsageHelpAutoWidth(io.terminal().stdout());
    cli.setParameterExceptionHandler((ex, given) -> Failures.usage(ex, given, io));
    cli.setExecutionExceptionHandler((ex, line, parse) -> Failures.report(ex, line, io));
    cli.setExecutionStrategy(parse -> {
      passGlobalOptionsDown(parse);
      return new CommandLine.RunLast().execute(parse);
    });
    return cli;
  }

  /**
   * The verbs a command line needs: the one it names, after the global options, and all of them otherwise, so that
   * usage help, {@code help VERB}, {@code completion} (which describes them all) and the "did you mean" of a mistyped
   * verb see every verb. Anything unusual before the verb (help, version, an unknown or clustered option) also gets
   * them all: picocli then parses as it always did.
   */
  static List<Class<?>> commandsFor(CommandSpec root, String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("-") && !arg.equals("-") && !arg.equals("--")) {
        int eq = arg.indexOf('=');
        OptionSpec option = root.findOption(eq < 0 ? arg : arg.substring(0, eq));
        if (option == null || option.usageHelp() || option.versionHelp()) break;
        if (eq < 0 && option.arity().max() > 0) i++;                 // its value
        continue;
      }
      for (Class<?> command : COMMANDS) {
        if (command != CommandLine.HelpCommand.class && command != CompletionCommand.class
            && arg.equals(command.getAnnotation(Command.class).name())) {
          return List.of(command);
        }
      }
      break;
    }
    return COMMANDS;
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
