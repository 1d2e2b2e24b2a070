package appreg.cli.command;

import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "bootstrap", description = "init + apply in one step, for a first run.")
public final class BootstrapCommand extends Subcommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    return NotYet.answer(io(), "bootstrap");
  }
}
