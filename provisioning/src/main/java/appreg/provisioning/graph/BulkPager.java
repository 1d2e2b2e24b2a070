package appreg.provisioning.graph;

import appreg.provisioning.AppregException;
import appreg.provisioning.GraphCallException;
import appreg.provisioning.MissingPrivilegeException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestAdapter;
import com.microsoft.kiota.RequestInformation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads many independent Graph collections at once, in as few round trips as Graph allows: every round gathers the
 * next page of each unfinished collection and sends them together as one {@code $batch} (at most 20 requests; more
 * than 20 are split and the batches sent in parallel on a small fixed pool), or as a plain GET when only one is left.
 *
 * <p>Paging follows {@code @odata.nextLink} verbatim (inside a batch, as the same path relative to the base URL) and
 * re-sends each collection's own headers (ConsistencyLevel) on every page, as Graph's paging guide requires. A page
 * that repeats an item is deduplicated by id; a next link seen before ends that collection; a long run of empty pages
 * is an error rather than an endless loop. Pages throttled inside a batch (429, 503, 504) come back as item statuses
 * that the SDK does not retry: they are retried here, after the longest Retry-After, within the run's retry budget.
 * Items are handed over one page at a time, so memory holds one page per collection, never the raw tenant.
 *
 * <p>Sources: microsoft-graph-docs-contrib concepts/paging.md, json-batching.md, throttling.md, aad-advanced-queries.md.
 */
final class BulkPager {
  static final int MAX_BATCH = 20;
  static final int MAX_EMPTY_PAGES = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What to do when Graph refuses a collection outright (400, 403, 404, 405, 501: the tenant cannot answer this query,
   * or the caller may not read it): fail the run, or record the refusal on the chain and go on without it. Throttling,
   * server errors and a refused token (401) always fail, whatever this says: they are not about the collection.
   */
  enum OnRefused { FAIL, GO_ON }

  /** The statuses that {@link OnRefused#GO_ON} records instead of failing. */
  static final Set<Integer> REFUSALS = Set.of(400, 403, 404, 405, 501);

  /**
   * One collection (or one entity, when {@code entity}) to read. {@code items} receives each item once; for an entity
   * it receives the whole body. {@code needed} names the permissions for the exit-77 message.
   */
  static final class Chain {
    final String step;
    final String firstUrl;
    final Map<String, String> headers;
    final boolean entity;
    final Consumer<JsonNode> items;
    /** When set, pages are read straight into records by its reader and handed to it instead of {@link #items}. */
    final Streamed<?> streamed;
    final List<String> needed;
    final OnRefused onRefused;
    private String next;
    private final Set<String> visited = new HashSet<>();
    private final IdSet seenIds = new IdSet();
    private int emptyPages;
    private int attempts;
    private volatile int count;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean done;
    private GraphErrors.Failure refusal;

    Chain(String step, String firstUrl, Map<String, String> headers, boolean entity, List<String> needed, OnRefused onRefused,
          Consumer<JsonNode> items) {
      this(step, firstUrl, headers, entity, needed, onRefused, items, null);
    }

    /** A collection whose items {@code streamed} reads (on the reading threads) and takes; {@code items} takes any page that is not a list. */
    Chain(String step, String firstUrl, Map<String, String> headers, boolean entity, List<String> needed, OnRefused onRefused,
          Consumer<JsonNode> items, Streamed<?> streamed) {
      this.streamed = entity ? null : streamed;
      this.step = step;
      this.firstUrl = firstUrl;
      this.headers = Map.copyOf(headers);
      this.entity = entity;
      this.items = items;
      this.needed = List.copyOf(needed);
      this.onRefused = onRefused;
      this.next = firstUrl;
    }

    int count() { return count; }
    /** The page requests sent for this chain so far, alone or in a batch (a request the HTTP layer retried counts once). */
    int requests() { return requests.get(); }
    void finish() { done = true; }
    boolean done() { return done; }
    /** Graph's answer when it refused this chain and {@link OnRefused#GO_ON} let the run go on. */
    java.util.Optional<GraphErrors.Failure> refusal() { return java.util.Optional.ofNullable(refusal); }

    private void refuse(GraphErrors.Failure f) {
      refusal = f;
      done = true;
    }
  }

  /** How a collection's items become records as its pages stream in, and who takes them (on the calling thread). */
  record Streamed<T>(TenantStream.ItemReader<T> reader, Consumer<T> sink) {
    @SuppressWarnings("unchecked")
    void accept(Object item) {
      sink.accept((T) item);
    }
  }

  /** Called after every round with the chains so far; may return new chains (for example once a listing is complete). */
  interface Rounds {
    List<Chain> after(List<Chain> chains);

    /**
     * Whether {@link #after} may add chains once the items read so far are handed over: while it may not, the next
     * round is sent before they are, so that Graph answering and appreg judging what it read overlap.
     */
    default boolean waitsForItems(List<Chain> chains) {
      return true;
    }
  }

  private final RequestAdapter adapter;
  private final String baseUrl;
  private final GraphConnection.Options options;
  private final int parallelism;

  BulkPager(RequestAdapter adapter, String baseUrl, GraphConnection.Options options, int parallelism) {
    this.adapter = adapter;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.options = options;
    this.parallelism = parallelism;
  }

  /**
   * Reads every chain to its end (and whatever {@code rounds} adds), round after round. A round is sent, and its
   * answers read, on a thread of its own; the items it brought are handed over on the calling thread, while the next
   * round is already on its way when nothing that decides that round waits on them ({@link Rounds#waitsForItems}).
   * The rounds, and so the round trips, are the same either way.
   */
  void run(List<Chain> initial, Rounds rounds, Runnable progress) {
    List<Chain> all = new ArrayList<>(initial);
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "appreg-bulk-read");
      t.setDaemon(true);
      return t;
    });
    ExecutorService driver = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "appreg-bulk-round");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<Applied> inFlight = null;
      while (true) {
        if (inFlight == null) {
          List<Chain> pending = all.stream().filter(c -> !c.done).toList();
          if (pending.isEmpty()) {
            List<Chain> more = rounds.after(all);
            if (more.isEmpty()) return;
            all.addAll(more);
            continue;
          }
          inFlight = driver.submit(() -> round(pending, pool));
        }
        Applied applied = await(inFlight);
        inFlight = null;
        List<Chain> next = all.stream().filter(c -> !c.done).toList();
        if (applied.retryIn().isZero() && !next.isEmpty() && !rounds.waitsForItems(all)) {
          inFlight = driver.submit(() -> round(next, pool));
        }
        applied.handOver().forEach(Runnable::run);
        progress.run();
        all.addAll(rounds.after(all));
        if (!applied.retryIn().isZero()) pause(applied.retryIn());
      }
    } finally {
      driver.shutdownNow();
      pool.shutdownNow();
    }
  }

  /** A round's answers applied to their chains: how long to wait before retrying throttled pages, and the items to hand over. */
  private record Applied(Duration retryIn, List<Runnable> handOver) {}

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error error) throw error;   // out of memory is not "no answer from Graph"
      throw new GraphCallException("reading the tenant", 0, "", String.valueOf(e.getCause()), "", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GraphCallException("reading the tenant", 0, "", "interrupted", "", e);
    }
  }

  /** Sends one page request per pending chain and applies the answers; the items are handed over by the caller. */
  private Applied round(List<Chain> pending, ExecutorService pool) {
    List<Runnable> handOver = new ArrayList<>();
    if (pending.size() == 1) {
      Chain c = pending.get(0);
      Batch.Item page = get(c);
      return new Applied(page == null ? Duration.ZERO : handle(c, page, handOver), handOver);
    }
    List<List<Chain>> batches = new ArrayList<>();
    for (int i = 0; i < pending.size(); i += MAX_BATCH) batches.add(pending.subList(i, Math.min(pending.size(), i + MAX_BATCH)));
    List<Future<Map<Chain, Batch.Item>>> futures = new ArrayList<>();
    for (List<Chain> b : batches) futures.add(pool.submit(() -> batch(b)));
    Duration wait = Duration.ZERO;
    for (Future<Map<Chain, Batch.Item>> f : futures) {
      Map<Chain, Batch.Item> pages = await(f);
      for (Map.Entry<Chain, Batch.Item> e : pages.entrySet()) {
        Duration w = handle(e.getKey(), e.getValue(), handOver);
        if (w.compareTo(wait) > 0) wait = w;
      }
    }
    return new Applied(wait, handOver);
  }

  /** One page by plain GET; null when Graph refused it and the chain goes on without it. */
  private Batch.Item get(Chain c) {
    c.requests.incrementAndGet();
    RequestInformation ri = new RequestInformation();
    ri.httpMethod = HttpMethod.GET;
    ri.setUri(URI.create(absolute(c.next)));
    ri.headers.add("Accept", "application/json");
    c.headers.forEach(ri.headers::add);
    try {
      if (c.streamed != null) return Batch.getPage(adapter, ri, c.streamed.reader());
      return new Batch.Item(200, Batch.sendForJson(adapter, ri), null);
    } catch (RuntimeException e) {
      var failure = GraphErrors.failure(e);
      if (c.onRefused == OnRefused.GO_ON && failure.isPresent() && REFUSALS.contains(failure.get().status())) {
        refused(c, failure.get());
        return null;
      }
      throw GraphErrors.translate(c.step, c.needed, e);
    }
  }

  private void refused(Chain c, GraphErrors.Failure f) {
    c.refuse(f);
    options.trace().line(c.step + ": Graph " + f.status() + (f.code().isEmpty() ? "" : " " + f.code())
        + "; going on without it (the audit rules that need it are not evaluated)");
  }

  private Map<Chain, Batch.Item> batch(List<Chain> chains) {
    Map<String, Chain> byId = new LinkedHashMap<>();
    List<Batch.Get> gets = new ArrayList<>();
    Map<String, TenantStream.ItemReader<?>> pages = new HashMap<>();
    for (Chain c : chains) {
      String id = Integer.toString(byId.size() + 1);
      byId.put(id, c);
      gets.add(new Batch.Get(id, relative(c.next), c.headers));
      c.requests.incrementAndGet();
      if (c.streamed != null) pages.put(id, c.streamed.reader());
    }
    String step = "reading " + String.join(", ", chains.stream().map(c -> c.step).distinct().toList());
    Map<String, Batch.Item> answers = GraphErrors.call(step, List.of(), () -> Batch.post(adapter, baseUrl, gets, pages));
    // In the order the chains were given (Graph answers in any order), so the first failure reported is the most basic one.
    Map<Chain, Batch.Item> out = new LinkedHashMap<>();
    byId.forEach((id, c) -> out.put(c, answers.get(id)));
    return out;
  }

  /**
   * Applies one answer to its chain (next link, end, repeated items); returns the wait Graph asked for when the page
   * must be tried again. Its items go to {@code handOver}, to be handed to the chain's consumer in order.
   */
  private Duration handle(Chain c, Batch.Item page, List<Runnable> handOver) {
    int status = page.status();
    if (status == 429 || status == 503 || status == 504 || status == 0) {
      c.attempts++;
      if (c.attempts >= options.budget().maxAttempts()) {
        throw new GraphCallException(c.step, status, status == 429 ? "TooManyRequests" : "",
            "still refused after " + c.attempts + " attempts", "", null);
      }
      Duration wait = ThrottleRetry.retryAfter(page.retryAfter(), options.clock().instant())
          .orElse(Duration.ofMillis(Math.min(30_000L, 500L << Math.min(c.attempts, 6))));
      options.trace().line("page of " + c.step + " answered " + status + " inside $batch; retrying in "
          + wait.toMillis() / 1000.0 + " s");
      return wait;
    }
    if (c.onRefused == OnRefused.GO_ON && REFUSALS.contains(status)) {
      refused(c, page.failure());
      return Duration.ZERO;
    }
    if (status < 200 || status >= 300) throw denied(c, page);
    c.attempts = 0;
    JsonNode body = page.body() == null ? JSON.createObjectNode() : page.body();
    if (c.entity) {
      handOver.add(() -> c.items.accept(body));
      c.count++;
      c.done = true;
      return Duration.ZERO;
    }
    int fresh = 0;
    int size;
    Batch.Page<?> records = page.page();
    if (records != null && c.streamed != null) {
      size = records.items().size();
      List<Object> kept = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        String id = records.ids().get(i);
        if (!id.isEmpty() && !c.seenIds.add(id)) continue;
        kept.add(records.items().get(i));
        c.count++;
        fresh++;
      }
      handOver.add(() -> kept.forEach(c.streamed::accept));
    } else {
      JsonNode value = body.path("value");
      size = value.size();
      List<JsonNode> kept = new ArrayList<>(size);
      for (JsonNode item : value) {
        String id = item.path("id").asText("");
        if (!id.isEmpty() && !c.seenIds.add(id)) continue;
        kept.add(item);
        c.count++;
        fresh++;
      }
      handOver.add(() -> kept.forEach(c.items));
    }
    c.emptyPages = size == 0 ? c.emptyPages + 1 : 0;
    String next = body.path("@odata.nextLink").asText(null);
    if (next == null || next.isBlank()) {
      c.done = true;
    } else if (!c.visited.add(next)) {
      options.trace().line(c.step + ": next link repeats one already followed; stopping after " + c.count + " items");
      c.done = true;
    } else if (c.emptyPages >= MAX_EMPTY_PAGES) {
      throw new GraphCallException(c.step, 200, "", "Graph answered " + MAX_EMPTY_PAGES
          + " empty pages in a row, each with a next link; stopping instead of paging forever", "", null);
    } else {
      checkOrigin(c, next);
      c.next = next;
    }
    if (fresh < size) options.trace().line(c.step + ": skipped " + (size - fresh) + " repeated items");
    return Duration.ZERO;
  }

  private AppregException denied(Chain c, Batch.Item page) {
    GraphErrors.Failure f = page.failure();
    if (f.status() == 403 && !c.needed.isEmpty()) {
      return new MissingPrivilegeException(c.step, c.needed,
          "Graph 403 " + f.code() + (f.requestId().isEmpty() ? "" : " (request-id " + f.requestId() + ")"));
    }
    return new GraphCallException(c.step, f.status(), f.code(), f.message(), f.requestId(), null);
  }

  private void checkOrigin(Chain c, String next) {
    if (!next.regionMatches(true, 0, baseUrl, 0, baseUrl.length())) {
      throw new GraphCallException(c.step, 200, "", "Graph's next link leaves " + baseUrl + "; not following it", "", null);
    }
  }

  private String absolute(String url) {
    return url.startsWith("http://") || url.startsWith("https://") ? url : baseUrl + url;
  }

  /** The same link as a path relative to the base URL, which is how a $batch item names it. */
  private String relative(String url) {
    if (url.startsWith("http://") || url.startsWith("https://")) return url.substring(baseUrl.length());
    return url;
  }

  private void pause(Duration wait) {
    if (!options.budget().tryConsume(wait)) {
      throw new GraphCallException("reading the tenant", 429, "TooManyRequests", "Graph asks to wait "
          + wait.toSeconds() + " s, more than this run's retry budget allows", "", null);
    }
    try {
      options.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GraphCallException("reading the tenant", 0, "", "interrupted while waiting to retry", "", e);
    }
  }
}
