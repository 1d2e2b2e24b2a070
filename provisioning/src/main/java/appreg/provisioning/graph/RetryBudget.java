package appreg.provisioning.graph;

import java.time.Duration;

/**
 * How long one run may spend waiting on throttling and transient errors, in total, and how many times one request
 * may be tried. A {@code Retry-After} beyond what is left ends the run (exit 1) instead of hanging it.
 */
public final class RetryBudget {
  private final int maxAttempts;
  private long remainingMillis;

  public RetryBudget(int maxAttempts, Duration total) {
    this.maxAttempts = maxAttempts;
    this.remainingMillis = total.toMillis();
  }

  public static RetryBudget standard() {
    return new RetryBudget(8, Duration.ofMinutes(5));
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public synchronized boolean tryConsume(Duration wait) {
    long ms = wait.toMillis();
    if (ms > remainingMillis) return false;
    remainingMillis -= ms;
    return true;
  }

  public synchronized Duration remaining() {
    return Duration.ofMillis(remainingMillis);
  }
}
