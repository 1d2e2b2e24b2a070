package appreg.provisioning.graph;

import java.time.Duration;

/** Waits. Injected so that tests of retry and replication waits never sleep for real. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
