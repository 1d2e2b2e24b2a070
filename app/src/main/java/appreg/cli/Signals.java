package appreg.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Ctrl-C (SIGINT) and kill (SIGTERM) for the real process. The first signal asks the run to stop
 * ({@link Interruption}): an apply finishes the step in flight, prints what was done and what was not, and exits 130;
 * anything else (a read, a prompt) is also interrupted, and if it has not ended a few seconds later the process exits
 * 130 on its own. A second signal exits 130 at once: each apply step was printed as it finished, so what was done has
 * already been shown.
 *
 * <p>Java has no public API for signals; {@code sun.misc.Signal} (module jdk.unsupported) is the one every JVM ships.
 * Where it is missing, or the signal is ignored (a background job of a non-interactive shell ignores SIGINT), the JVM's
 * default stays: exit without a summary.
 */
final class Signals {
  /** How long a read or a prompt may take to notice a stop before the process leaves without it. */
  static final Duration GRACE = Duration.ofSeconds(5);

  private Signals() {}

  /** {@code lastWords} prints the error when the process has to leave without the run's own report. */
  static void install(Interruption interruption, Thread worker, PrintWriter err, Runnable lastWords) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> received("SIG" + s.getName(), interruption, worker, err, lastWords));
      } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
        // this JVM or platform does not let us handle it: the default (exit) stays
      }
    }
  }

  private static void received(String signal, Interruption interruption, Thread worker, PrintWriter err, Runnable lastWords) {
    if (interruption.requested()) {
      synchronized (err) {
        err.println();
        err.println("appreg: " + signal + " again: stopping at once");
        err.flush();
      }
      Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }
    boolean applying = interruption.request(signal);
    synchronized (err) {
      err.println();
      err.println(applying
          ? "appreg: " + signal + ": finishing the step in flight, then stopping (again to stop at once)"
          : "appreg: " + signal + ": stopping");
      err.flush();
    }
    if (applying) return;
    worker.interrupt();
    Thread watchdog = new Thread(() -> {
      try {
        worker.join(GRACE.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      if (worker.isAlive()) {
        lastWords.run();
        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
      }
    }, "appreg-stop");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
