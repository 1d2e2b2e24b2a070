package appreg.provisioning.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Retries throttling (429) and transient service errors (503, 504, dropped connections, truncated JSON), replacing the
 * SDK's RetryHandler, which reads a fractional {@code Retry-After} such as Graph's own sample "2.128" as unparsable
 * (retrying after a few milliseconds) and re-sends POSTs after a 503/504 that the server may already have carried out.
 *
 * <p>Rules: a 429 is always retried (Graph did not process the request) after {@code Retry-After} (seconds, possibly
 * fractional, or an HTTP date; a date in the past means a short backoff); without the header, jittered exponential
 * backoff. 503/504 and transport failures are retried only for requests that are safe to repeat: GET, PATCH, PUT,
 * DELETE, and POSTs tagged {@link IdempotentPost}. Every wait counts against the run's {@link RetryBudget}.
 * See https://learn.microsoft.com/graph/throttling.
 */
final class ThrottleRetry implements Interceptor {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Sleeper sleeper;
  private final Clock clock;
  private final Trace trace;
  private final RetryBudget budget;
  private final Random random;

  ThrottleRetry(Sleeper sleeper, Clock clock, Trace trace, RetryBudget budget, Random random) {
    this.sleeper = sleeper;
    this.clock = clock;
    this.trace = trace;
    this.budget = budget;
    this.random = random;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    boolean repeatable = !"POST".equals(request.method()) || request.tag(IdempotentPost.class) != null;
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = requireCompleteJson(chain.proceed(request));
      } catch (InterruptedIOException e) {
        if (Thread.currentThread().isInterrupted()) throw e;
        if (!repeatable || attempt >= budget.maxAttempts()) throw e;
        waitBeforeRetry(request, attempt, backoff(attempt), "timed out");
        continue;
      } catch (Network.Unreachable e) {
        // a name that does not resolve, a refusing proxy, an untrusted certificate: the same in a few seconds
        if (e.lasting()) throw e;
        if (!repeatable || attempt >= budget.maxAttempts()) throw e;
        waitBeforeRetry(request, attempt, backoff(attempt), "connection failed");
        continue;
      } catch (IOException e) {
        if (!repeatable || attempt >= budget.maxAttempts()) throw e;
        waitBeforeRetry(request, attempt, backoff(attempt), "connection failed (" + e.getClass().getSimpleName() + ")");
        continue;
      }
      int status = response.code();
      boolean throttled = status == 429;
      boolean unavailable = status == 503 || status == 504;
      if (!throttled && !(unavailable && repeatable)) return response;
      if (attempt >= budget.maxAttempts()) {
        trace.line("giving up on " + describe(request) + " after " + attempt + " attempts (" + status + ")");
        return response;
      }
      Optional<Duration> retryAfter = retryAfter(response.header("Retry-After"), clock.instant());
      Duration wait = retryAfter.isPresent() ? retryAfter.get() : backoff(attempt);
      if (!budget.tryConsume(wait)) {
        trace.line("giving up on " + describe(request) + ": Graph asks to wait " + seconds(wait)
            + " s, more than the " + seconds(budget.remaining()) + " s left of this run's retry budget");
        return response;
      }
      response.close();
      sleep(request, attempt, wait, status + (retryAfter.isPresent() ? " Retry-After " + seconds(wait) + " s" : ""));
    }
  }

  private void waitBeforeRetry(Request request, int attempt, Duration wait, String why) throws IOException {
    if (!budget.tryConsume(wait)) throw new IOException(why + "; retry budget exhausted");
    sleep(request, attempt, wait, why);
  }

  private void sleep(Request request, int attempt, Duration wait, String why) throws IOException {
    trace.line("retry " + attempt + " of " + describe(request) + " in " + seconds(wait) + " s: " + why);
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  /** Full jitter between half and all of 2^(n-1) seconds, capped. */
  private Duration backoff(int attempt) {
    long base = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(attempt - 1, 10));
    long ms = base / 2 + (long) (random.nextDouble() * (base / 2));
    return Duration.ofMillis(Math.max(MIN_BACKOFF.toMillis(), ms));
  }

  /** Parses Retry-After: decimal seconds ("2.128") or an HTTP date; a past date gives a short backoff. */
  static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) return Optional.empty();
    String v = header.trim();
    try {
      BigDecimal secs = new BigDecimal(v);
      if (secs.signum() <= 0) return Optional.of(MIN_BACKOFF);
      return Optional.of(Duration.ofNanos(secs.movePointRight(9).setScale(0, java.math.RoundingMode.CEILING).longValueExact()));
    } catch (NumberFormatException | ArithmeticException e) {
      // not a number: try a date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.compareTo(MIN_BACKOFF) < 0 ? MIN_BACKOFF : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads a JSON body to its end so that a truncated answer (connection cut mid-body) surfaces here, as a transport
   * error that can be retried, instead of as a parse failure deep in the SDK.
   */
  private static Response requireCompleteJson(Response response) throws IOException {
    ResponseBody body = response.body();
    if (body == null) return response;
    MediaType type = body.contentType();
    if (type == null || !"json".equalsIgnoreCase(type.subtype())) return response;
    byte[] bytes;
    try {
      bytes = body.bytes();
    } catch (IOException e) {
      response.close();
      throw e;
    }
    if (bytes.length > 0 && !closes(bytes)) {
      try (JsonParser p = JSON.createParser(bytes)) {
        while (p.nextToken() != null) {
          p.skipChildren();
        }
      } catch (IOException e) {
        throw new IOException("incomplete JSON in the answer to " + describe(response.request()), e);
      }
    }
    return response.newBuilder().body(ResponseBody.create(bytes, type)).build();
  }

  /**
   * True when {@code json} is one object or array that ends where it should: every bracket outside strings closed by
   * its partner, every string closed, nothing after it but white space. A body cut short anywhere before its last
   * bracket fails this, whatever it held, so Graph's answers (always an object) are checked by this one pass over
   * the bytes instead of tokenizing them (which was a tenth of an audit's CPU). Anything else, a body that is not one
   * object or array included, is for the tokenizer to judge. Multi-byte UTF-8 never holds a byte below 0x80, so
   * quotes, backslashes and brackets are found byte by byte.
   */
  static boolean closes(byte[] json) {
    int i = 0;
    int n = json.length;
    while (i < n && whitespace(json[i])) i++;
    if (i == n || (json[i] != '{' && json[i] != '[')) return false;
    byte[] open = new byte[64];
    int depth = 0;
    for (; i < n; i++) {
      byte b = json[i];
      if (b == '"') {
        for (i++; i < n; i++) {
          byte c = json[i];
          if (c == '"') break;
          if (c == '\\') i++;
        }
        if (i >= n) return false;   // a string left open
      } else if (b == '{' || b == '[') {
        if (depth == open.length) open = java.util.Arrays.copyOf(open, depth * 2);
        open[depth++] = b;
      } else if (b == '}' || b == ']') {
        if (depth == 0 || open[depth - 1] != (b == '}' ? '{' : '[')) return false;
        if (--depth == 0) break;
      }
    }
    if (depth != 0) return false;
    for (i++; i < n; i++) if (!whitespace(json[i])) return false;
    return true;
  }

  private static boolean whitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  static String describe(Request request) {
    return request.method() + " " + request.url().encodedPath();
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
  }
}
