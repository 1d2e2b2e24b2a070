package appreg.cli;

import appreg.cli.render.ApplyOutput;
import appreg.cli.render.Json;
import appreg.cli.render.Untrusted;
import appreg.provisioning.AppregException;
import appreg.provisioning.GraphCallException;
import appreg.provisioning.InterruptedRunException;
import appreg.provisioning.ManifestException;
import appreg.provisioning.MissingPrivilegeException;
import appreg.provisioning.RefusedException;
import appreg.provisioning.SignInException;
import appreg.provisioning.UsageException;
import appreg.provisioning.reconcile.ApplyFailedException;
import appreg.provisioning.secret.DeliveryException;
import appreg.provisioning.secret.Sensitive;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The one place where a failure becomes an exit code and a message. On stderr: {@code error: <message>} (tenant text
 * in it escaped), optional {@code hint:} lines, after a failed apply the steps not done, and a stack trace only with
 * {@code -v}. With {@code --format json}, stdout also gets exactly one document (docs/schemas/error.schema.json):
 * {@code {"error": {"exitCode", "kind", "message", ...}}}, plus {@code "report"} (the apply document) when an apply
 * was under way. A command gets all this by throwing the project's typed exceptions; it never prints an error itself.
 */
public final class Failures {
  private Failures() {}

  /** A failed apply together with the document --format json shows as its report (it may hold a shown secret). */
  public static final class WithReport extends RuntimeException {
    private final transient JsonNode report;

    private WithReport(ApplyFailedException failure, JsonNode report) {
      super(failure.getMessage(), failure);
      this.report = report;
    }
  }

  /** Lets a command that prints its own apply document on success give the same document for a failure. */
  public static RuntimeException withReport(ApplyFailedException failure, JsonNode report) {
    return new WithReport(failure, report);
  }

  public static int exitCode(Throwable e) {
    if (e instanceof WithReport && e.getCause() != null) return exitCode(e.getCause());
    if (e instanceof ApplyFailedException && e.getCause() != null) return exitCode(e.getCause());
    if (e instanceof InterruptedRunException) return ExitCodes.INTERRUPTED;
    if (e instanceof UsageException) return ExitCodes.USAGE;
    if (e instanceof ManifestException) return ExitCodes.INVALID_INPUT;
    if (e instanceof MissingPrivilegeException) return ExitCodes.NO_PERMISSION;
    if (e instanceof CommandLine.ParameterException) return ExitCodes.USAGE;
    return ExitCodes.FAILURE;
  }

  /** A failure while a command ran. */
  static int report(Exception e, CommandLine line, Io io) {
    return report(e, line, io, json(line.getParseResult()));
  }

  /**
   * A command line picocli could not parse: one error line and a pointer to the command's help. With
   * {@code --format json} (or {@code -o json}) anywhere among the arguments, stdout also gets the error document.
   */
  static int usage(CommandLine.ParameterException e, String[] args, Io io) {
    return report(e, e.getCommandLine(), io, jsonRequested(args));
  }

  private static int report(Exception e, CommandLine line, Io io, boolean json) {
    ParseResult parse = line.getParseResult();
    Throwable failure = e instanceof WithReport ? e.getCause() : e;
    Throwable cause = failure instanceof ApplyFailedException && failure.getCause() != null ? failure.getCause() : failure;
    boolean interrupted = io.interruption().requested() || cause instanceof InterruptedRunException;
    int code = interrupted ? ExitCodes.INTERRUPTED : exitCode(failure);
    String message = Sensitive.scrub(message(failure, cause, interrupted, io));
    PrintWriter err = io.err();
    err.println("error: " + Untrusted.text(message));
    if (e instanceof CommandLine.ParameterException p) usageHints(p, io);
    if (!interrupted && cause instanceof SignInException s && !s.hint().isEmpty()) {
      err.println("hint: " + Untrusted.text(s.hint()));
    }
    if (!interrupted && cause instanceof GraphCallException) {
      err.println("hint: re-run with -v to see each Graph request; see docs/troubleshooting.md");
    }
    if (cause instanceof HeapExhausted) err.println(HeapExhausted.HINT);
    if (failure instanceof ApplyFailedException a) {
      ParseResult command = parse;
      while (command != null && command.subcommand() != null) command = command.subcommand();
      boolean delete = command != null && command.commandSpec().name().equals("delete");
      ApplyOutput.notDone(err, a.report(), interrupted, delete ? "delete" : "apply");
    }
    if (verbose(parse)) stackTrace(err, e);
    err.flush();
    if (json) {
      JsonNode report = e instanceof WithReport w ? w.report
          : failure instanceof ApplyFailedException a ? ApplyOutput.json(a.report()) : null;
      Json.print(io.out(), document(code, message, cause, report));
      io.out().flush();
    }
    return code;
  }

  /**
   * The chain of causes with their frames, as Java prints it, but each message escaped on its own line: exceptions
   * quote Graph, and Graph quotes tenant text.
   */
  private static void stackTrace(PrintWriter err, Throwable e) {
    StackTraceElement[] enclosing = new StackTraceElement[0];
    String prefix = "";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      err.println(prefix + Untrusted.text(Sensitive.scrub(t.toString())));
      StackTraceElement[] frames = t.getStackTrace();
      int m = frames.length - 1;
      for (int n = enclosing.length - 1; m >= 0 && n >= 0 && frames[m].equals(enclosing[n]); m--, n--) {
        // frames shared with the enclosing trace are counted, not repeated
      }
      for (int i = 0; i <= m; i++) err.println("    at " + frames[i]);
      if (m < frames.length - 1) err.println("    ... " + (frames.length - 1 - m) + " more");
      enclosing = frames;
      prefix = "Caused by: ";
    }
  }

  private static String message(Throwable failure, Throwable cause, boolean interrupted, Io io) {
    String text = failure instanceof AppregException || failure instanceof CommandLine.ParameterException
        ? failure.getMessage()
        : "unexpected error: " + failure;
    if (failure instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption() && !u.getUnmatched().isEmpty()
        && u.getCommandLine().getParent() == null && u.getCommandLine().getParseResult() != null
        && !u.getCommandLine().getParseResult().hasSubcommand()) {
      text = "unknown command '" + u.getUnmatched().get(0) + "'";
    }
    if (!interrupted) return text;
    String by = io.interruption().requested() ? "interrupted by " + io.interruption().signal() : "interrupted";
    return cause instanceof InterruptedRunException ? by + "; " + cause.getMessage() : by + "; " + text;
  }

  static ObjectNode document(int code, String message, Throwable cause, JsonNode report) {
    ObjectNode root = Json.object();
    ObjectNode error = root.putObject("error");
    error.put("exitCode", code);
    error.put("kind", kind(code, cause));
    error.put("message", message);
    if (code == ExitCodes.INTERRUPTED) {
      // the cause below is how the run noticed the stop, not a failure of its own
    } else if (cause instanceof ManifestException m) {
      error.put("problem", Sensitive.scrub(m.problem()));
      ObjectNode at = error.putObject("location").put("file", m.file());
      if (m.line() > 0) at.put("line", m.line());
      if (m.column() > 0) at.put("column", m.column());
    } else if (cause instanceof MissingPrivilegeException p) {
      error.put("step", p.step());
      p.needed().forEach(error.putArray("needed")::add);
    } else if (cause instanceof GraphCallException g) {
      ObjectNode graph = error.putObject("graph").put("step", g.step());
      if (g.status() > 0) graph.put("status", g.status());
      if (!g.code().isEmpty()) graph.put("code", g.code());
      if (!g.requestId().isEmpty()) graph.put("requestId", g.requestId());
    }
    if (report != null) root.set("report", report);
    return root;
  }

  /** A word per row of the exit-code table, finer for exit 1: what kind of thing went wrong. */
  private static String kind(int code, Throwable cause) {
    if (code == ExitCodes.INTERRUPTED) return "interrupted";
    if (code == ExitCodes.USAGE) return "usage";
    if (code == ExitCodes.INVALID_INPUT) return "invalid-input";
    if (code == ExitCodes.NO_PERMISSION) return "permission";
    if (cause instanceof GraphCallException) return "graph";
    if (cause instanceof RefusedException) return "refused";
    if (cause instanceof SignInException) return "sign-in";
    if (cause instanceof DeliveryException) return "delivery";
    return cause instanceof AppregException ? "failure" : "unexpected";
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

  /** The format the command ran with: the value of the innermost --format option, given or defaulted. */
  static boolean json(ParseResult parse) {
    Object value = null;
    for (ParseResult p = parse; p != null; p = p.subcommand()) {
      CommandSpec spec = p.commandSpec();
      OptionSpec format = spec.findOption("--format");
      if (format != null && format.getValue() != null) value = format.getValue();
    }
    return value != null && "json".equalsIgnoreCase(value.toString());
  }

  /**
   * Whether the arguments ask for JSON, for a command line that did not parse: {@code --format json},
   * {@code --format=json}, {@code -o json}, {@code -o=json}, {@code -ojson}, or {@code -o} last in a cluster such as
   * {@code -vo json}. Arguments after {@code --} are not options.
   */
  static boolean jsonRequested(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) return false;
      String value = null;
      if (a.equals("--format") || a.matches("-[A-Za-z]*o")) {
        value = i + 1 < args.length ? args[i + 1] : null;
      } else if (a.startsWith("--format=")) {
        value = a.substring("--format=".length());
      } else if (a.matches("-[A-Za-z]*o=?json")) {
        value = "json";
      }
      if (value != null && value.toLowerCase(Locale.ROOT).equals("json")) return true;
    }
    return false;
  }
}
