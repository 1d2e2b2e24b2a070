package appreg.cli.command;

import appreg.cli.ExitCodes;
import appreg.cli.Io;

/** Answer of a command whose implementation has not landed yet. */
final class NotYet {
  private NotYet() {}

  static int answer(Io io, String command) {
    io.err().println("appreg " + command + ": not implemented yet");
    return ExitCodes.FAILURE;
  }
}
