package appreg.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a command may touch outside the process: streams, environment, working directory, and whether a person is
 * at the terminal. Tests build one around buffers; {@link Main#main} builds the real one.
 */
public record Io(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, Path workDir,
                 boolean interactive) {
  public Io {
    env = Map.copyOf(env);
  }

  public String env(String name) {
    return env.get(name);
  }
}
