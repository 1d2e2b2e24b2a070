package appreg.cli;

import appreg.cli.option.OutputOptions;
import appreg.provisioning.graph.Sleeper;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Entry point. {@link #run} is the seam every CLI test uses: no static state, no {@code System.exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Counting stdout = new Counting(System.out);
    PrintWriter out = writer(stdout);
    if (isVersion(args)) {
      System.exit(version(out));                  // before anything else is set up: see version()
    }
    warmUpGraph(args);
    PrintWriter err = writer(System.err);
    Interruption interruption = Interruption.none();
    Io io = new Io(out, err, System.in, System.getenv(), Path.of("").toAbsolutePath(), Terminal.detect(),
        Clock.systemUTC(), interruption.sleeper(Sleeper.REAL), interruption);
    Signals.install(interruption, Thread.currentThread(), err, () -> {
      String message = "interrupted by " + interruption.signal();
      synchronized (err) {
        err.println("error: " + message);
        err.flush();
      }
      if (stdout.count == 0 && Failures.jsonRequested(args)) {
        appreg.cli.render.Json.print(out, Failures.document(ExitCodes.INTERRUPTED, message, null, null));
        out.flush();
      }
    });
    int code = run(io, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** The commands that talk to Graph. */
  private static final java.util.Set<String> GRAPH_COMMANDS = java.util.Set.of("plan", "apply", "bootstrap", "delete",
      "audit", "export");

  /**
   * For a command that talks to Graph, the Graph client's one-time set-up (TLS, the HTTP and serialization libraries)
   * starts on a thread of its own while this one reads the command line and the manifest: on two cores the first
   * request goes out about a tenth of a second sooner ({@link appreg.provisioning.graph.GraphConnection#warmUp}).
   */
  private static void warmUpGraph(String[] args) {
    for (String arg : args) {
      if (GRAPH_COMMANDS.contains(arg)) {
        Thread warm = new Thread(() -> appreg.provisioning.graph.GraphConnection.warmUp(System.getenv()), "warm-up");
        warm.setDaemon(true);
        // whatever it meets (even an Error, e.g. a heap too small), the real connection meets again and reports:
        // the JVM's default handler would print a stack trace on stderr
        warm.setUncaughtExceptionHandler((thread, e) -> {});
        warm.start();
        return;
      }
    }
  }

  /** stdout, counting what was written to it: a process that must leave early prints JSON only on an empty stdout. */
  private static final class Counting extends java.io.FilterOutputStream {
    volatile long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws java.io.IOException {
      count++;
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      count += len;
      out.write(b, off, len);
    }
  }

  /** Runs one appreg command line and returns its exit code. */
  public static int run(Io io, String... args) {
    if (isVersion(args)) {
      return version(io.out());
    }
    CommandLine cli = AppregCommand.commandLine(io, args);
    int code;
    try {
      code = cli.execute(args);
    } catch (OutOfMemoryError e) {
      // picocli hands Errors on; by now the run's objects are unreachable, so there is room to say what happened
      code = Failures.report(new HeapExhausted(e), cli, io);
    }
    io.out().flush();
    timingSummary(cli, io);
    io.err().flush();
    return code;
  }

  /**
   * {@code appreg --version} without picocli: the same lines picocli prints, in a fraction of the time, because building
   * picocli's command model (reflection, in Java 5 class files that the class-data archive cannot hold) is most of
   * the cost of a run that does nothing else.
   */
  private static int version(PrintWriter out) {
    try {
      for (String line : new Version().getVersion()) out.println(line);
    } catch (java.io.IOException e) {
      out.println("appreg unknown");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** With -v, the run's last line on stderr says where the time went (never on stdout, where JSON goes). */
  private static void timingSummary(CommandLine cli, Io io) {
    CommandLine.ParseResult parsed = cli.getParseResult();
    if (parsed == null || parsed.subcommand() == null) return;
    for (CommandLine.Model.CommandSpec mixin : parsed.subcommand().commandSpec().mixins().values()) {
      if (mixin.userObject() instanceof OutputOptions output && output.verbose) {
        io.err().println("appreg: " + output.timing().summary());
      }
    }
  }

  private static boolean isVersion(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
  }

  /** Convenience for tests and embedders: streams in, exit code out. */
  public static int run(OutputStream out, OutputStream err, InputStream in, Map<String, String> env, Path workDir,
                        String... args) {
    return run(new Io(writer(out), writer(err), in, env, workDir, false), args);
  }

  private static PrintWriter writer(OutputStream s) {
    return new PrintWriter(new OutputStreamWriter(s, StandardCharsets.UTF_8), true);
  }
}
