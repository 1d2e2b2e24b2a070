package appreg.cli.option;

import appreg.provisioning.graph.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a {@code -v} run's time went, for the one line that ends its output: from the process's start to the first
 * Graph request (JVM start-up, reading the manifest, building the client), time with a Graph request in flight, time
 * spent only waiting (Retry-After, backoff, Entra replication), and the rest, local work. The four add up to the
 * run's wall time. Requests and waits may overlap (the bulk reader sends batches in parallel), so each counts the
 * union of its intervals, and a wait counts only while no request is in flight. Numbers only: nothing from a request.
 */
public final class Timing {
  private final List<long[]> requests = new ArrayList<>();
  private final List<long[]> waits = new ArrayList<>();

  /** Records one Graph request attempt (System.nanoTime bounds). */
  public synchronized void request(long startNanos, long endNanos) {
    requests.add(new long[] {startNanos, endNanos});
  }

  /** The same sleeper, with the time it spends recorded as waiting. */
  public Sleeper recording(Sleeper sleeper) {
    return d -> {
      long start = System.nanoTime();
      try {
        sleeper.sleep(d);
      } finally {
        synchronized (this) {
          waits.add(new long[] {start, System.nanoTime()});
        }
      }
    };
  }

  /** The summary line, as of now. */
  public synchronized String summary() {
    long now = System.nanoTime();
    long start = processStart(now);
    long total = now - start;
    if (requests.isEmpty()) {
      return String.format(Locale.ROOT, "timing: %s in all, no Graph request", seconds(total));
    }
    long first = requests.stream().mapToLong(r -> r[0]).min().orElseThrow();
    long graph = union(requests);
    var busy = new ArrayList<>(requests);
    busy.addAll(waits);
    long waiting = union(busy) - graph;
    long local = Math.max(0, now - first - graph - waiting);
    return String.format(Locale.ROOT, "timing: %s = start-up %s (to the first Graph request) + Graph %s (%d %s) "
            + "+ waits %s (Retry-After, backoff, replication) + local work %s", seconds(total),
        seconds(Math.max(0, first - start)), seconds(graph), requests.size(), requests.size() == 1 ? "request" : "requests",
        seconds(waiting), seconds(local));
  }

  /** Total length of the union of [start, end] intervals. */
  static long union(List<long[]> intervals) {
    var sorted = new ArrayList<>(intervals);
    sorted.sort((a, b) -> Long.compare(a[0], b[0]));
    long total = 0;
    long from = Long.MIN_VALUE;
    long to = Long.MIN_VALUE;
    for (long[] i : sorted) {
      if (i[0] > to) {
        if (to > from) total += to - from;
        from = i[0];
        to = i[1];
      } else {
        to = Math.max(to, i[1]);
      }
    }
    if (to > from) total += to - from;
    return total;
  }

  /**
   * When this process started, on the {@link System#nanoTime} scale: on Linux from {@code /proc} (10 ms resolution, and
   * it includes the launcher script, which execs java in the same process), else from the JVM's own start time.
   * {@code ProcessHandle.info().startInstant()} is not used: on Linux the JDK adds the boot time of {@code /proc/stat},
   * which is in whole seconds, so its answer may be up to a second early.
   */
  private static long processStart(long now) {
    long ago;
    try {
      ago = startedAgo(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")),
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime")));
    } catch (java.io.IOException | RuntimeException e) {
      long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
      ago = Duration.between(Instant.ofEpochMilli(started), Instant.now()).toNanos();
    }
    return now - Math.max(0, ago);
  }

  /**
   * Nanoseconds since this process started, from {@code /proc/self/stat} (field 22, {@code starttime}: clock ticks
   * after boot, at USER_HZ = 100 on Linux, proc(5)) and {@code /proc/uptime} (seconds since boot).
   */
  static long startedAgo(String stat, String uptime) {
    // the command name (field 2) is in parentheses and may hold spaces or parentheses itself: count after the last ')'
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long startTicks = Long.parseLong(after[22 - 3]);
    double up = Double.parseDouble(uptime.trim().split("\\s+")[0]);
    return Math.round((up - startTicks / 100.0) * 1e9);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
