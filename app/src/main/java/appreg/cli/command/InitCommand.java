package appreg.cli.command;

import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "init", description = "Print a manifest for a built-in profile.")
public final class InitCommand extends Subcommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    return NotYet.answer(io(), "init");
  }
}
