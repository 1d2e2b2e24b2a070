package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Planned misbehaviour: which requests to answer with a canned error, slow down, cut off or truncate, and how often.
 * Rules are matched in the order they were added against the method and the path relative to {@code /v1.0}
 * (percent-decoded, without the query), e.g. {@code faults().on("POST", "/applications(/.*)?").respond(429, …)}.
 *
 * <p>A rule fires once unless told otherwise ({@link Fault#times}, {@link Fault#always}), after skipping
 * {@link Fault#after} matching calls. Inside a {@code $batch} each item is matched on its own; {@code respond} and
 * {@code delay} apply to the item, a dropped connection to the whole batch (one connection carries it): no item is
 * answered, the other items are carried out, and the matching one too when the fault is after commit.
 * Truncation does not apply inside a batch.
 */
public final class Faults {
  private final List<Fault> rules = new CopyOnWriteArrayList<>();

  Faults() {}

  /** A new rule for {@code method} ({@code *} for any) and a regular expression over the whole path. */
  public Fault on(String method, String pathRegex) {
    var fault = new Fault(method, Pattern.compile(pathRegex));
    rules.add(fault);
    return fault;
  }

  /** Removes every rule. */
  public void clear() {
    rules.clear();
  }

  /** The first rule that fires for this request, counting the match. */
  Optional<Fault> match(String method, String path) {
    return match(method, path, "");
  }

  /** As {@link #match(String, String)}, for a request with this (percent-decoded) query string. */
  Optional<Fault> match(String method, String path, String query) {
    for (Fault rule : rules) {
      if (rule.tryFire(method, path, query == null ? "" : query)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  /** One rule; every setter returns it so a rule reads as one sentence. */
  public static final class Fault {
    private final String method;
    private final Pattern path;
    private int after;
    private int times = 1;
    private int seen;
    private int fired;
    private Integer status;
    private Map<String, String> headers = Map.of();
    private String body;
    private Duration delay = Duration.ZERO;
    private boolean dropConnection;
    private boolean truncateBody;
    private boolean afterCommit;

    private String queryContains;

    /**
     * Only requests whose percent-decoded query contains {@code text}: one listing of a collection among several on
     * the same path, e.g. {@code whoseQueryContains("federatedIdentityCredentials/$count")}.
     */
    public synchronized Fault whoseQueryContains(String text) {
      queryContains = text;
      return this;
    }

    private Fault(String method, Pattern path) {
      this.method = Objects.requireNonNull(method);
      this.path = path;
    }

    /** Fires at most {@code n} times (default 1). */
    public Fault times(int n) {
      synchronized (this) {
        times = n;
      }
      return this;
    }

    /** Fires on every matching call: a permanent fault. */
    public Fault always() {
      return times(Integer.MAX_VALUE);
    }

    /** Lets the first {@code n} matching calls through before firing. */
    public Fault after(int n) {
      synchronized (this) {
        after = n;
      }
      return this;
    }

    /** Answers with this status, headers and body instead of processing the request. */
    public Fault respond(int status, Map<String, String> headers, String body) {
      synchronized (this) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
      }
      return this;
    }

    public Fault respond(int status, Map<String, String> headers, JsonNode body) {
      return respond(status, headers, body == null ? null : body.toString());
    }

    /** Answers with this status and the error Graph sends with it (for 429: the throttling sample). */
    public Fault respond(int status, Map<String, String> headers) {
      return respond(status, headers, standardError(status).toString());
    }

    public Fault respond(int status) {
      return respond(status, Map.of());
    }

    /**
     * Graph's answer to a token whose lifetime is over, as a run that outlives its token meets it: 401
     * {@code InvalidAuthenticationToken} "Lifetime validation failed, the token is expired." with a
     * {@code WWW-Authenticate: Bearer} challenge (the body as captured from Graph in public test suites, e.g.
     * firezone/firezone's Microsoft Entra directory sync tests and n8n-io/n8n's Microsoft OAuth2 refresh test).
     */
    public Fault tokenExpired() {
      var f = JsonNodeFactory.instance;
      var root = f.objectNode();
      text(root.putObject("error"), "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
      return respond(401, Map.of("WWW-Authenticate", "Bearer realm=\"\", authorization_uri="
          + "\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\""),
          root);
    }

    /** 429 with {@code Retry-After} (seconds, possibly fractional, as in concepts/throttling.md). */
    public Fault throttle(String retryAfter) {
      return respond(429, Map.of("Retry-After", retryAfter));
    }

    /** Waits this long before answering (or before the canned answer, if any). */
    public Fault delay(Duration delay) {
      synchronized (this) {
        this.delay = Objects.requireNonNull(delay);
      }
      return this;
    }

    /** Closes the connection without answering. */
    public Fault dropConnection() {
      synchronized (this) {
        dropConnection = true;
      }
      return this;
    }

    /** Sends the headers with the full Content-Length and then only half the body before closing. */
    public Fault truncateBody() {
      synchronized (this) {
        truncateBody = true;
      }
      return this;
    }

    /**
     * Processes the request first and misbehaves afterwards: a dropped connection, truncated body or canned error
     * then hides a change that did happen (the "504 after the server committed" case).
     */
    public Fault afterCommit() {
      synchronized (this) {
        afterCommit = true;
      }
      return this;
    }

    /** How many times this rule fired. */
    public synchronized int fired() {
      return fired;
    }

    private synchronized boolean tryFire(String requestMethod, String requestPath, String requestQuery) {
      if (!(method.equals("*") || method.equalsIgnoreCase(requestMethod)) || !path.matcher(requestPath).matches()) {
        return false;
      }
      if (queryContains != null && !requestQuery.contains(queryContains)) return false;
      seen++;
      if (seen <= after || fired >= times) {
        return false;
      }
      fired++;
      return true;
    }

    synchronized Optional<Integer> status() {
      return Optional.ofNullable(status);
    }

    synchronized Map<String, String> headers() {
      return headers;
    }

    synchronized String body() {
      return body;
    }

    synchronized Duration delayBy() {
      return delay;
    }

    synchronized boolean drops() {
      return dropConnection;
    }

    synchronized boolean truncates() {
      return truncateBody;
    }

    synchronized boolean isAfterCommit() {
      return afterCommit;
    }

    @Override
    public synchronized String toString() {
      return method + " " + path.pattern() + (status != null ? " -> " + status : "")
          + (dropConnection ? " drop" : "") + (truncateBody ? " truncate" : "");
    }
  }

  /**
   * The body Graph sends with common failure statuses: the throttling sample of concepts/throttling.md for 429, the
   * codes of concepts/errors.md otherwise. {@code innerError} ids are filled in when the error is sent.
   */
  static ObjectNode standardError(int status) {
    var f = JsonNodeFactory.instance;
    var error = f.objectNode();
    switch (status) {
      case 429 -> {
        error.put("code", "TooManyRequests");
        var inner = error.putObject("innerError");
        inner.put("code", "429");
        inner.put("message", "Please retry after");
        inner.put("status", "429");
        error.put("message", "Please retry again later.");
      }
      case 401 -> text(error, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
      case 403 -> text(error, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
      case 404 -> text(error, "Request_ResourceNotFound",
          "Resource '' does not exist or one of its queried reference-property objects are not present.");
      case 500 -> text(error, "generalException", "An unspecified error has occurred.");
      case 502 -> text(error, "UnknownError", "Bad Gateway");
      case 503 -> text(error, "serviceNotAvailable", "The service is temporarily unavailable for maintenance or is "
          + "overloaded. You may repeat the request after a delay, the length of which may be specified in a "
          + "Retry-After header.");
      case 504 -> text(error, "UnknownError", "The server, while acting as a proxy, did not receive a timely "
          + "response from the upstream server it needed to access in attempting to complete the request.");
      default -> text(error, status >= 500 ? "UnknownError" : "BadRequest", "HTTP " + status);
    }
    var root = f.objectNode();
    root.set("error", error);
    return root;
  }

  private static void text(ObjectNode error, String code, String message) {
    error.put("code", code);
    error.put("message", message);
  }
}
