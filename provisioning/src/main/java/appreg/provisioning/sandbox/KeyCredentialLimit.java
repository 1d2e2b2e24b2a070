package appreg.provisioning.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Graph's limit on reads that select keyCredentials: "The use of $select to get keyCredentials for applications has a
 * throttling limit of 150 requests per minute for every tenant" (microsoft-graph-docs-contrib
 * api-reference/v1.0/api/application-get.md and application-list.md; serviceprincipal-get.md and
 * serviceprincipal-list.md say the same for service principals). The docs do not say how the minute is counted; the
 * sandbox counts the strictest way, a sliding minute, each collection on its own. A request over the limit is answered
 * 429 with {@code Retry-After} (the seconds until the oldest counted request is a minute old) and the throttling body
 * of concepts/throttling.md, and is not counted. The minute is kept in memory: a state file does not carry it from one
 * process to the next.
 */
final class KeyCredentialLimit {
  static final int PER_MINUTE = 150;
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();
  private static final Pattern COLLECTION = Pattern.compile("(applications|servicePrincipals)(\\(.*\\))?");

  /** Per collection, when each counted request came (nanoTime plus {@link #ahead}), oldest first. */
  private final Map<String, ArrayDeque<Long>> counted = new HashMap<>();
  private int perMinute = PER_MINUTE;
  private int refused;
  /** How far this limit's minute runs ahead of the machine's monotonic clock ({@link #advance}). */
  private long ahead;

  synchronized void perMinute(int limit) {
    perMinute = limit;
  }

  synchronized int refused() {
    return refused;
  }

  /**
   * Moves the minute on by {@code by}: what a test calls for each wait its client records instead of sleeping. Waits
   * reported at once by parallel requests add up, so the clock may run ahead of them: more lenient than Graph, never
   * stricter.
   */
  synchronized void advance(Duration by) {
    ahead += by.toNanos();
  }

  /** Empty when {@code request} may go on (and is counted if it selects keyCredentials); else the seconds to wait. */
  OptionalLong admit(ApiRequest request) {
    String collection = collection(request);
    return collection == null ? OptionalLong.empty() : admit(collection);
  }

  private synchronized OptionalLong admit(String collection) {
    if (perMinute <= 0) return OptionalLong.empty();
    long now = System.nanoTime() + ahead;   // read under the lock, so the queue stays in order
    ArrayDeque<Long> times = counted.computeIfAbsent(collection, c -> new ArrayDeque<>());
    while (!times.isEmpty() && now - times.peekFirst() >= MINUTE) times.removeFirst();
    if (times.size() >= perMinute) {
      refused++;
      long nanos = times.peekFirst() + MINUTE - now;
      return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }
    times.addLast(now);
    return OptionalLong.empty();
  }

  /**
   * "applications" or "servicePrincipals" for a GET of either collection, or of one object in it, that selects
   * keyCredentials; otherwise null. Matched on the decoded segments, so a key such as {@code uniqueName='a/b'} stays
   * one segment.
   */
  static String collection(ApiRequest request) {
    if (!request.method().equals("GET")) return null;
    var segments = request.segments();
    if (segments.isEmpty() || segments.size() > 2) return null;
    var m = COLLECTION.matcher(segments.get(0));
    if (!m.matches() || (segments.size() == 2 && m.group(2) != null)) return null;
    String select = request.query().get("$select");
    if (select == null) return null;
    for (String field : select.split(",")) {
      if (field.trim().toLowerCase(Locale.ROOT).equals("keycredentials")) return m.group(1);
    }
    return null;
  }
}
