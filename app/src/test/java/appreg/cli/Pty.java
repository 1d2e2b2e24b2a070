package appreg.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a JVM with the test classpath as a separate process, either inside a real pseudo-terminal (util-linux
 * {@code script}, so stdin, stdout and stderr are a terminal unless the shell line redirects them) or with plain
 * pipes. What the terminal showed comes back as one string, CR LF as the terminal sends it.
 */
final class Pty {
  private Pty() {}

  /** The shell words that start {@code mainClass} on the test classpath. */
  static String java(String mainClass, String... args) {
    List<String> words = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), mainClass));
    words.addAll(List.of(args));
    return String.join(" ", words.stream().map(Pty::quote).toList());
  }

  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Runs {@code shellLine} with {@code sh -c} in a pseudo-terminal; skips the test where {@code script} is missing. */
  static Result inTerminal(String shellLine, Map<String, String> env, Path dir) {
    Assumptions.assumeTrue(onPath("script"), "util-linux script is not installed; no pseudo-terminal to test in");
    return run(List.of("script", "-q", "-e", "-c", shellLine, "/dev/null"), env, dir);
  }

  /** Runs {@code shellLine} with {@code sh -c}, stdout and stderr to pipes, stdin from nothing. */
  static Result piped(String shellLine, Map<String, String> env, Path dir) {
    return run(List.of("sh", "-c", shellLine), env, dir);
  }

  private static Result run(List<String> command, Map<String, String> env, Path dir) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.equals("NO_COLOR") || k.startsWith("APPREG_") || k.equals("COLUMNS"));
    pb.environment().put("TERM", "xterm-256color");
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      byte[] shown = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("still running after 120 s: " + command);
      }
      return new Result(p.exitValue(), new String(shown, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, program))) return true;
    }
    return false;
  }

  record Result(int exitCode, String shown) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + shown.replace("\u001b", "<ESC>");
    }
  }
}
