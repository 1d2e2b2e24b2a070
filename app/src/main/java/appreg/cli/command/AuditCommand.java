package appreg.cli.command;

import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "audit", description = "Report findings on every app registration in the tenant, or in a snapshot.")
public final class AuditCommand extends Subcommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    return NotYet.answer(io(), "audit");
  }
}
