package appreg.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which of the standard streams is a terminal, learned without native code. This is the one place appreg asks:
 * colour looks at {@link #stdout()}, progress at {@link #stderr()}, the apply prompt at {@link #stdin()}; reuse it
 * rather than {@code System.console()}, which on Java 17 is non-null only when stdin <em>and</em> stdout are both
 * terminals (so it says nothing about stderr, and is wrong for {@code appreg audit > report.txt}), and from Java 22
 * is non-null even when nothing is a terminal.
 *
 * <p>How: on Linux {@code /proc/self/fd/N} names what descriptor N is open on, and a terminal is {@code /dev/pts/*},
 * {@code /dev/tty*} or {@code /dev/console}. Elsewhere on Unix (macOS, the BSDs) {@code /dev/fd/N} stats as the file
 * behind descriptor N, and a terminal is a character device other than {@code /dev/null}. Where neither exists
 * (Windows), the console is asked, which answers for stdin and stdout together.
 */
public record Terminal(boolean stdin, boolean stdout, boolean stderr) {
  /** No terminal at all: what tests and pipelines see. */
  public static final Terminal NONE = new Terminal(false, false, false);

  /** Looks at descriptors 0, 1 and 2 of this process. */
  public static Terminal detect() {
    return new Terminal(isTerminal(0), isTerminal(1), isTerminal(2));
  }

  static boolean isTerminal(int fd) {
    Boolean byName = byProcLink(fd);
    if (byName != null) return byName;
    Boolean byDevice = byDeviceType(fd);
    if (byDevice != null) return byDevice;
    return consoleIsTerminal();
  }

  /** Linux: the descriptor's link target, or null when there is no /proc. */
  static Boolean byProcLink(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** Other Unix: a character device that is not /dev/null; null when /dev/fd or the unix attribute view is missing. */
  static Boolean byDeviceType(int fd) {
    try {
      Map<String, Object> file = Files.readAttributes(Path.of("/dev/fd/" + fd), "unix:mode,rdev");
      Object nullDevice = Files.getAttribute(Path.of("/dev/null"), "unix:rdev");
      int mode = (Integer) file.get("mode");
      boolean characterDevice = (mode & 0170000) == 0020000;
      return characterDevice && !file.get("rdev").equals(nullDevice);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      return null;
    }
  }

  /** Java 22 added {@code Console.isTerminal()}; before it, a console exists only when stdin and stdout are terminals. */
  private static boolean consoleIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) return false;
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * Columns of the terminal, for a line that must not wrap (progress): {@code COLUMNS} when the environment has it,
   * else what {@code stty size} says about the controlling terminal, else 80. Runs a process: ask once per run.
   */
  public static int width(Map<String, String> env) {
    Integer columns = positive(env.get("COLUMNS"));
    if (columns != null) return columns;
    File tty = new File("/dev/tty");
    if (tty.exists()) {
      try {
        Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream in = stty.getInputStream()) {
          if (stty.waitFor(1, TimeUnit.SECONDS) && stty.exitValue() == 0) {
            String[] rowsColumns = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            if (rowsColumns.length == 2 && (columns = positive(rowsColumns[1])) != null) return columns;
          }
        } finally {
          stty.destroy();
        }
      } catch (IOException e) {
        // no stty on PATH: fall through
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return 80;
  }

  private static Integer positive(String s) {
    if (s == null) return null;
    try {
      int n = Integer.parseInt(s.trim());
      return n > 0 ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
