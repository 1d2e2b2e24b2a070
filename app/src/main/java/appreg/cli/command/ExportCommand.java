package appreg.cli.command;

import appreg.cli.option.ConnectionOptions;
import appreg.cli.option.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "export", description = "Save a JSON snapshot of registrations, service principals, grants and assignments.")
public final class ExportCommand extends Subcommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    return NotYet.answer(io(), "export");
  }
}
