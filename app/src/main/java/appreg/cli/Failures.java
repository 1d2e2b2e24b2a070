package appreg.cli;

import appreg.provisioning.AppregException;
import appreg.provisioning.GraphCallException;
import appreg.provisioning.ManifestException;
import appreg.provisioning.MissingPrivilegeException;
import appreg.provisioning.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The one place where a failure becomes an exit code and a message. */
public final class Failures {
  private Failures() {}

  public static int exitCode(Throwable e) {
    if (e instanceof appreg.provisioning.reconcile.ApplyFailedException && e.getCause() != null) return exitCode(e.getCause());
    if (e instanceof UsageException) return ExitCodes.USAGE;
    if (e instanceof ManifestException) return ExitCodes.INVALID_INPUT;
    if (e instanceof MissingPrivilegeException) return ExitCodes.NO_PERMISSION;
    if (e instanceof CommandLine.ParameterException) return ExitCodes.USAGE;
    return ExitCodes.FAILURE;
  }

  static int report(Exception e, CommandLine line, Io io) {
    boolean verbose = verbose(line.getParseResult());
    String message = e instanceof AppregException || e instanceof CommandLine.ParameterException
        ? e.getMessage()
        : "unexpected error: " + e;
    io.err().println("error: " + message);
    if (e instanceof GraphCallException || e.getCause() instanceof GraphCallException) {
      io.err().println("hint: re-run with -v to see each Graph request; see docs/troubleshooting.md");
    }
    if (verbose) e.printStackTrace(io.err());
    io.err().flush();
    return exitCode(e);
  }

  private static boolean verbose(ParseResult parse) {
    for (ParseResult p = parse; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) return true;
    }
    return false;
  }
}
