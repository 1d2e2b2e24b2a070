package appreg.cli.command;

import appreg.cli.AppregCommand;
import appreg.cli.Io;
import picocli.CommandLine.ParentCommand;

/** Gives each verb the process's streams and environment. */
abstract class Subcommand {
  @ParentCommand AppregCommand root;

  Io io() {
    return root.io();
  }
}
