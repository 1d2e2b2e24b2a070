package appreg.cli;

import appreg.provisioning.graph.Sleeper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a command may touch outside the process: streams, environment, working directory, which streams are a
 * terminal, the clock, how to wait, and whether the user asked the run to stop. Tests build one around buffers with a
 * fixed clock and a sleeper that only records; {@link Main#main} builds the real one.
 */
public record Io(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, Path workDir,
                 Terminal terminal, Clock clock, Sleeper sleeper, Interruption interruption) {
  public Io {
    env = Map.copyOf(env);
  }

  public Io(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, Path workDir,
            Terminal terminal, Clock clock, Sleeper sleeper) {
    this(out, err, in, env, workDir, terminal, clock, sleeper, Interruption.none());
  }

  /** {@code interactive}: stdin is a terminal (a person can answer a prompt); stdout and stderr are not. */
  public Io(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, Path workDir,
            boolean interactive, Clock clock, Sleeper sleeper) {
    this(out, err, in, env, workDir, new Terminal(interactive, false, false), clock, sleeper);
  }

  public Io(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, Path workDir, boolean interactive) {
    this(out, err, in, env, workDir, interactive, Clock.systemUTC(), Sleeper.REAL);
  }

  /** A person can answer a prompt: stdin is a terminal. */
  public boolean interactive() {
    return terminal.stdin();
  }

  public String env(String name) {
    return env.get(name);
  }

  /** A path given on the command line, relative to the working directory. */
  public Path resolve(Path p) {
    return workDir.resolve(p);
  }
}
