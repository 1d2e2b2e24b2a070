package appreg.provisioning.sandbox;

import java.time.Duration;
import java.time.Instant;
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
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Pattern PATH = Pattern.compile("/(applications|servicePrincipals)(/[^/]+|\\([^/]*\\))?");

  private final Map<String, ArrayDeque<Instant>> counted = new HashMap<>();
  private int perMinute = PER_MINUTE;
  private int refused;

  synchronized void perMinute(int limit) {
    perMinute = limit;
  }

  synchronized int refused() {
    return refused;
  }

  /** Empty when {@code request} may go on (and is counted if it selects keyCredentials); else the seconds to wait. */
  OptionalLong admit(ApiRequest request, Instant now) {
    String collection = collection(request);
    return collection == null ? OptionalLong.empty() : admit(collection, now);
  }

  private synchronized OptionalLong admit(String collection, Instant now) {
    if (perMinute <= 0) return OptionalLong.empty();
    ArrayDeque<Instant> times = counted.computeIfAbsent(collection, c -> new ArrayDeque<>());
    Instant since = now.minus(MINUTE);
    while (!times.isEmpty() && !times.peekFirst().isAfter(since)) times.removeFirst();
    if (times.size() >= perMinute) {
      refused++;
      long millis = Duration.between(since, times.peekFirst()).toMillis();
      return OptionalLong.of(Math.max(1, (millis + 999) / 1000));
    }
    times.addLast(now);
    return OptionalLong.empty();
  }

  /** "applications" or "servicePrincipals" for a GET of either that selects keyCredentials; otherwise null. */
  static String collection(ApiRequest request) {
    if (!request.method().equals("GET")) return null;
    var m = PATH.matcher(request.path());
    if (!m.matches()) return null;
    String select = request.query().get("$select");
    if (select == null) return null;
    for (String field : select.split(",")) {
      if (field.trim().toLowerCase(Locale.ROOT).equals("keycredentials")) return m.group(1);
    }
    return null;
  }
}
