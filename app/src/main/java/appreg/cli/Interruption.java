package appreg.cli;

import appreg.provisioning.graph.Sleeper;
import java.time.Duration;

/**
 * Whether the user asked the run to stop (Ctrl-C, or a kill), and what that changes: an apply stops between two steps,
 * never inside one, so an issued secret is always delivered or revoked; a wait before a retry ends at once; a read
 * stops at its next page. The run then reports what was done and what was not, and exits 130.
 *
 * <p>{@link Main#main} asks for this on SIGINT and SIGTERM; tests call {@link #request} themselves.
 */
public final class Interruption {
  private volatile String signal;
  private int protecting;   // guarded by this

  /** A stretch of work that must not be cut short by a thread interrupt: the writes of an apply. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Never requested unless {@link #request} is called: what in-process runs and tests get. */
  public static Interruption none() {
    return new Interruption();
  }

  /**
   * Asks the run to stop. Returns true when the run is inside a {@link #protect} scope, where it stops at its next safe
   * point by itself; false when the caller may also interrupt the thread, to end a read or a prompt sooner.
   */
  public synchronized boolean request(String signal) {
    if (this.signal == null) this.signal = signal;
    notifyAll();
    return protecting > 0;
  }

  /**
   * Marks the writes of an apply: a stop request inside only sets the flag (the apply stops between two steps), so
   * no request in flight and no secret file being written is cut off. Refuses to start once a stop was requested.
   */
  public synchronized Scope protect() {
    if (requested()) throw new appreg.provisioning.InterruptedRunException("stopped on request before any change");
    protecting++;
    return () -> {
      synchronized (Interruption.this) {
        protecting--;
      }
    };
  }

  public boolean requested() {
    return signal != null;
  }

  /** The signal's name, such as {@code SIGINT}; empty until requested. */
  public String signal() {
    String s = signal;
    return s == null ? "" : s;
  }

  /**
   * Waits like {@code real}, but a request to stop ends the wait at once with {@link InterruptedException}, which the
   * Graph client turns into a failed request that was never sent: the retry it was waiting for does not happen.
   */
  public Sleeper sleeper(Sleeper real) {
    return d -> {
      if (requested()) throw new InterruptedException("interrupted by " + signal());
      if (real != Sleeper.REAL) {
        real.sleep(d);
        return;
      }
      long deadline = System.nanoTime() + Math.max(0, d.toNanos());
      synchronized (this) {
        while (!requested()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) return;
          wait(Math.max(1, Duration.ofNanos(left).toMillis()));
        }
      }
      throw new InterruptedException("interrupted by " + signal());
    };
  }
}
