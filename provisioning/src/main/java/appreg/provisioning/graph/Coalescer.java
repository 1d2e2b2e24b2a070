package appreg.provisioning.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Sends the requests of calls running side by side ({@link Together}) as one JSON batch: a request from a member
 * thread waits until every member of its group waits on Graph (or has finished), and then all the waiting requests
 * go out as one {@code POST /$batch} (json-batching.md: up to 20 requests, writes included; each answered with its
 * own status, headers and body, in any order). A lone request goes out as itself.
 *
 * <p>Each request gets back its own answer as an HTTP response, so everything above this interceptor is unchanged:
 * the SDK parses it, conflicts and replication delays are handled where they were, and {@link ThrottleRetry} (which
 * sits above) retries an item Graph throttled inside the batch after that item's own {@code Retry-After}, as the
 * page asks ("throttled requests that were part of a batch are not retried automatically"); the retry joins the
 * group's next batch. A batch that fails as a whole fails each of its requests the same way, so a request that is not
 * safe to repeat ({@code addPassword}) is never sent twice. The batch carries the bearer token once, on the outer
 * request, never inside the items.
 */
final class Coalescer implements Interceptor, Together {
  static final int MAX = Batch.MAX;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  /** Item headers Graph needs (Content-Type with a body) or appreg sets on purpose; never Authorization. */
  private static final List<String> ITEM_HEADERS = List.of("Content-Type", "Prefer", "ConsistencyLevel", "If-Match");

  private final String baseUrl;
  private final Trace trace;
  private final Object lock = new Object();
  private final ThreadLocal<Place> current = new ThreadLocal<>();
  private final List<Pending> queue = new ArrayList<>();
  private int members;
  private long joined;
  private boolean flushing;

  Coalescer(String baseUrl, Trace trace) {
    this.baseUrl = baseUrl;
    this.trace = trace;
  }

  @Override
  public Member join() {
    synchronized (lock) {
      members++;
      return new Place(joined++);
    }
  }

  private final class Place implements Member {
    /** When it joined: a batch lists its requests in this order (the plan's), however the threads were scheduled. */
    private final long order;
    private boolean left;

    Place(long order) {
      this.order = order;
    }

    @Override
    public void enter() {
      current.set(this);
    }

    @Override
    public void leave() {
      synchronized (lock) {
        if (left) return;
        left = true;
        members--;
        lock.notifyAll();
      }
      if (current.get() == this) current.remove();
    }
  }

  /** One request waiting for its batch; {@code chain} is its own, used if it is the one to send the batch. */
  private static final class Pending {
    final Request request;
    final long order;
    Response response;
    Throwable failure;
    boolean done;

    Pending(Request request, long order) {
      this.request = request;
      this.order = order;
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Place place = current.get();
    if (place == null || place.left || request.url().encodedPath().endsWith("/$batch")) return chain.proceed(request);
    Pending mine = new Pending(request, place.order);
    List<Pending> flush = null;
    synchronized (lock) {
      queue.add(mine);
      queue.sort(java.util.Comparator.comparingLong(p -> p.order));
      lock.notifyAll();
      while (!mine.done) {
        if (!flushing && queue.get(0) == mine && queue.size() >= members) {
          flush = new ArrayList<>(queue.subList(0, Math.min(queue.size(), MAX)));
          queue.subList(0, flush.size()).clear();
          flushing = true;
          break;
        }
        try {
          lock.wait();
        } catch (InterruptedException e) {
          queue.remove(mine);
          lock.notifyAll();
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for the batch");
        }
      }
    }
    if (flush != null) {
      try {
        send(chain, flush);
      } finally {
        synchronized (lock) {
          flushing = false;
          for (Pending p : flush) p.done = true;
          lock.notifyAll();
        }
      }
    }
    if (mine.failure instanceof IOException e) throw e;
    if (mine.failure instanceof RuntimeException e) throw e;
    if (mine.failure instanceof Error e) throw e;
    return mine.response;
  }

  private void send(Chain chain, List<Pending> batch) {
    if (batch.size() == 1) {
      Pending p = batch.get(0);
      try {
        p.response = chain.proceed(p.request);
      } catch (IOException | RuntimeException | Error e) {
        p.failure = e;
      }
      return;
    }
    Request outer;
    try {
      outer = envelope(batch);
    } catch (IOException | RuntimeException | Error e) {
      batch.forEach(p -> p.failure = e);
      return;
    }
    try (Response response = chain.proceed(outer)) {
      byte[] bytes = response.body() == null ? new byte[0] : response.body().bytes();
      if (!response.isSuccessful()) {
        // the batch as a whole was throttled or failed: each request gets that answer, and is retried or not by its own rules
        for (Pending p : batch) p.response = copy(p.request, response, bytes);
        return;
      }
      JsonNode root = JSON.readTree(bytes);
      Map<String, JsonNode> byId = new HashMap<>();
      for (JsonNode r : root.path("responses")) byId.put(r.path("id").asText(), r);
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        JsonNode item = byId.get(Integer.toString(i + 1));
        if (item == null) {
          p.failure = new IOException("no answer for " + ThrottleRetry.describe(p.request) + " in the batch");
          continue;
        }
        p.response = answer(p.request, response, item);
        trace.line("  in the batch: " + p.request.method() + " " + relative(p.request) + " -> " + p.response.code());
      }
    } catch (IOException | RuntimeException e) {
      batch.forEach(p -> {
        if (p.response == null) p.failure = e instanceof IOException ? e : new IOException("unreadable batch answer", e);
      });
    } catch (Error e) {
      // every request of the batch gets an answer or a failure, or its caller would be handed nothing
      batch.forEach(p -> {
        if (p.response == null) p.failure = e;
      });
    }
  }

  private Request envelope(List<Pending> batch) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode requests = root.putArray("requests");
    for (int i = 0; i < batch.size(); i++) {
      Request r = batch.get(i).request;
      ObjectNode item = requests.addObject().put("id", Integer.toString(i + 1)).put("method", r.method())
          .put("url", relative(r));
      ObjectNode headers = JSON.createObjectNode();
      for (String name : ITEM_HEADERS) {
        String v = r.header(name);
        if (v != null) headers.put(name, v);
      }
      RequestBody body = r.body();
      if (body != null && body.contentLength() != 0) {
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        byte[] bytes = buffer.readByteArray();
        MediaType type = body.contentType();
        if (type != null) headers.put("Content-Type", type.toString());
        if (type != null && "json".equalsIgnoreCase(type.subtype())) {
          item.set("body", JSON.readTree(bytes));
        } else {
          item.put("body", Base64.getEncoder().encodeToString(bytes));
        }
      }
      if (!headers.isEmpty()) item.set("headers", headers);
    }
    Request first = batch.get(0).request;
    Request.Builder b = new Request.Builder().url(baseUrl + "/$batch")
        .post(RequestBody.create(JSON.writeValueAsBytes(root), JSON_TYPE))
        .header("Accept", "application/json")
        .header(ClientRequestIds.HEADER, UUID.randomUUID().toString());
    String auth = first.header("Authorization");
    if (auth != null) b.header("Authorization", auth);
    String agent = first.header("User-Agent");
    if (agent != null) b.header("User-Agent", agent);
    return b.build();
  }

  /** The request's URL relative to the versioned base URL, as a batch item wants it. */
  private String relative(Request r) {
    return Batch.itemUrl(r.url().toString(), baseUrl,
        r.url().encodedPath() + (r.url().encodedQuery() == null ? "" : "?" + r.url().encodedQuery()));
  }

  private static Response answer(Request request, Response outer, JsonNode item) {
    Headers.Builder headers = new Headers.Builder();
    item.path("headers").fields().forEachRemaining(h -> headers.add(h.getKey(), h.getValue().asText()));
    if (headers.get("request-id") == null && outer.header("request-id") != null) headers.add("request-id", outer.header("request-id"));
    JsonNode body = item.get("body");
    byte[] bytes = body == null || body.isNull() ? new byte[0]
        : body.isTextual() ? body.asText().getBytes(StandardCharsets.UTF_8) : body.toString().getBytes(StandardCharsets.UTF_8);
    int status = item.path("status").asInt();
    return new Response.Builder().request(request).protocol(outer.protocol()).code(status).message(reason(status))
        .headers(headers.build())
        .body(ResponseBody.create(bytes, bytes.length == 0 ? null : JSON_TYPE))
        .sentRequestAtMillis(outer.sentRequestAtMillis()).receivedResponseAtMillis(outer.receivedResponseAtMillis())
        .build();
  }

  private static Response copy(Request request, Response outer, byte[] bytes) {
    MediaType type = outer.body() == null ? null : outer.body().contentType();
    return outer.newBuilder().request(request).body(ResponseBody.create(bytes, type)).build();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 424 -> "Failed Dependency";
      case 429 -> "Too Many Requests";
      default -> "";
    };
  }
}
