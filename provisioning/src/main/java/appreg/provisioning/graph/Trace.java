package appreg.provisioning.graph;

/**
 * Where {@code -v} output goes: one line per Graph request, retry and replication wait. Callers never pass tokens,
 * secrets or response bodies here.
 */
@FunctionalInterface
public interface Trace {
  void line(String text);

  /** One Graph request attempt took from {@code startNanos} to {@code endNanos} ({@link System#nanoTime}). */
  default void exchange(long startNanos, long endNanos) {}

  Trace NONE = text -> {};
}
