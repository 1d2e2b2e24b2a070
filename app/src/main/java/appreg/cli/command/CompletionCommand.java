package appreg.cli.command;

import appreg.cli.ExitCodes;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion",
    description = {
        "Print a shell completion script for bash, zsh or fish: commands, options, profile names and files.",
        "bash and zsh load the same script (zsh through its bashcompinit); fish gets its own. Reads no tenant.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  source <(appreg completion bash)          # in ~/.bashrc",
        "  source <(appreg completion zsh)           # in ~/.zshrc",
        "  appreg completion fish > ~/.config/fish/completions/appreg.fish",
        "",
        "Documentation: docs/install.md"})
public final class CompletionCommand extends Subcommand implements Callable<Integer> {
  @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash, zsh or fish.")
  String shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String script = switch (shell) {
      case "bash" -> AutoComplete.bash("appreg", root);
      case "zsh" -> "# zsh: appreg's bash completion, loaded through zsh's bashcompinit (the script enables it).\n"
          + AutoComplete.bash("appreg", root);
      case "fish" -> FishCompletion.script(root.getCommandSpec());
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "'" + shell + "' is not a shell appreg completes; use bash, zsh or fish");
    };
    io().out().print(script);
    return ExitCodes.OK;
  }

  static final class Shells implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("bash", "zsh", "fish").iterator();
    }
  }
}
