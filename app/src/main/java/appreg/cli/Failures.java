package appreg.cli;

import appreg.provisioning.AppregException;
import appreg.provisioning.GraphCallException;
import appreg.provisioning.ManifestException;
import appreg.provisioning.MissingPrivilegeException;
import appreg.provisioning.UsageException;
import appreg.provisioning.secret.Sensitive;
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
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption() && !u.getUnmatched().isEmpty()
        && u.getCommandLine().getParent() == null && u.getCommandLine().getParseResult() != null
        && !u.getCommandLine().getParseResult().hasSubcommand()) {
      message = "unknown command '" + u.getUnmatched().get(0) + "'";
    }
    io.err().println("error: " + Sensitive.scrub(message));
    if (e instanceof CommandLine.ParameterException p) usageHints(p, io);
    if (e instanceof GraphCallException || e.getCause() instanceof GraphCallException) {
      io.err().println("hint: re-run with -v to see each Graph request; see docs/troubleshooting.md");
    }
    if (verbose) {
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(trace));
      io.err().print(Sensitive.scrub(trace.toString()));
    }
    io.err().flush();
    return exitCode(e);
  }

  /** A usage error is one line and a pointer to the command's help, not the whole help. */
  private static void usageHints(CommandLine.ParameterException e, Io io) {
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      String prefix = u.isUnknownOption() ? "" : e.getCommandLine().getCommandSpec().qualifiedName() + " ";
      io.err().println("hint: did you mean " + String.join(" or ", u.getSuggestions().stream()
          .map(s -> "'" + prefix + s + "'").toList()) + "?");
    }
    io.err().println("hint: see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
  }

  private static boolean verbose(ParseResult parse) {
    for (ParseResult p = parse; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) return true;
    }
    return false;
  }
}
