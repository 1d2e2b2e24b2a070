package appreg.cli.command;

import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", description = "Read the tenant and print the drift and the actions apply would take. Never writes.")
public final class PlanCommand extends Subcommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    return NotYet.answer(io(), "plan");
  }
}
