package appreg.provisioning.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a {@link SimulatedTenant} as Microsoft Graph v1.0 on {@code http://127.0.0.1:PORT/v1.0}, for
 * {@code appreg --sandbox} and as the fake Graph in tests. The path is exactly {@code /v1.0} because the Graph SDK
 * builds {@code $batch} item URLs by cutting the first five characters (graph-java-sdk.md §1).
 *
 * <p>Every answer carries {@code request-id} and {@code client-request-id}; errors use Graph's envelope. The
 * tenant's {@link Faults} are applied before (or, with {@code afterCommit}, after) a request is processed.
 */
public final class SandboxServer implements AutoCloseable {
  private static final int MAX_BATCH = 20;
  private static final DateTimeFormatter ERROR_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private final SimulatedTenant tenant;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final GraphApi api;
  private volatile Duration latency = Duration.ZERO;

  private SandboxServer(SimulatedTenant tenant) throws IOException {
    this.tenant = tenant;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    var count = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(4, r -> {
      var t = new Thread(r, "sandbox-graph-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0";
    this.api = new GraphApi(tenant, baseUrl);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
  }

  /** Starts serving {@code tenant} on an ephemeral loopback port. */
  public static SandboxServer start(SimulatedTenant tenant) {
    try {
      var s = new SandboxServer(tenant);
      s.server.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sandbox Graph server", e);
    }
  }

  /**
   * Answers every round trip {@code perRequest} late (a {@code $batch} once, not per item), as a tenant across a
   * network would: a benchmark's way to show what each round trip costs. Zero (the default) answers at once.
   */
  public SandboxServer latency(Duration perRequest) {
    if (perRequest.isNegative()) throw new IllegalArgumentException("negative latency " + perRequest);
    this.latency = perRequest;
    return this;
  }

  /** {@code http://127.0.0.1:PORT/v1.0}. */
  public String baseUrl() {
    return baseUrl;
  }

  public SimulatedTenant tenant() {
    return tenant;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- HTTP

  private void serve(HttpExchange exchange) {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      pause(latency);
      URI uri = exchange.getRequestURI();
      String rawPath = uri.getRawPath();
      var headers = new LinkedHashMap<String, String>();
      var recordedHeaders = new LinkedHashMap<String, List<String>>();
      exchange.getRequestHeaders().forEach((k, v) -> {
        if (!v.isEmpty()) {
          headers.put(k, v.get(0));
        }
        if (!k.equalsIgnoreCase("Authorization")) {
          recordedHeaders.put(k, List.copyOf(v));
        }
      });
      // Graph echoes the caller's client-request-id; without one it answers with its request-id in both (as in the
      // error bodies quoted in Azure/azure-cli issue 28009)
      String requestId = UUID.randomUUID().toString();
      String clientRequestId = Optional.ofNullable(exchange.getRequestHeaders().getFirst("client-request-id"))
          .orElse(requestId);

      if (!rawPath.equals("/v1.0") && !rawPath.startsWith("/v1.0/")) {
        tenant.record(new RecordedRequest(exchange.getRequestMethod(), ApiRequest.decode(rawPath), uri.getRawQuery(),
            recordedHeaders, new String(body, StandardCharsets.UTF_8)));
        String version = rawPath.split("/").length > 1 ? rawPath.split("/")[1] : "";
        send(exchange, error(new GraphError(400, "BadRequest", "Invalid version: " + version), requestId,
            clientRequestId), requestId, clientRequestId, false);
        return;
      }
      var request = new ApiRequest(exchange.getRequestMethod(), rawPath.substring("/v1.0".length()),
          uri.getRawQuery(), headers, body);
      tenant.record(new RecordedRequest(request.method(), request.path(), request.rawQuery(), recordedHeaders,
          new String(body, StandardCharsets.UTF_8)));

      var fault = tenant.faults().match(request.method(), request.path(), request.decodedQuery());
      if (fault.isPresent() && !fault.get().isAfterCommit()) {
        var f = fault.get();
        pause(f.delayBy());
        if (f.drops()) {
          return; // closing the exchange before any header is sent closes the connection without an answer
        }
        if (f.status().isPresent()) {
          send(exchange, canned(f, requestId, clientRequestId), requestId, clientRequestId, f.truncates());
          return;
        }
      }
      ApiResponse response = request.path().equals("/$batch")
          ? batch(request, requestId, clientRequestId)
          : call(request, requestId, clientRequestId);
      if (response == DROPPED) {
        return; // an item's fault dropped the batch's connection: no answer for any of its items
      }
      if (fault.isPresent() && fault.get().isAfterCommit()) {
        var f = fault.get();
        pause(f.delayBy());
        if (f.drops()) {
          return;
        }
        if (f.status().isPresent()) {
          response = canned(f, requestId, clientRequestId);
        }
      }
      send(exchange, response, requestId, clientRequestId, fault.map(Faults.Fault::truncates).orElse(false));
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  private ApiResponse call(ApiRequest request, String requestId, String clientRequestId) {
    var wait = tenant.admit(request);
    if (wait.isPresent()) {
      // KeyCredentialLimit: Graph's 150 a minute for reads selecting keyCredentials
      byte[] body = fillInnerError(Faults.standardError(429).toString(), requestId, clientRequestId)
          .getBytes(StandardCharsets.UTF_8);
      return new ApiResponse(429, Map.of("Retry-After", Long.toString(wait.getAsLong()),
          "Content-Type", "application/json"), body);
    }
    try {
      return api.handle(request);
    } catch (GraphError e) {
      return error(e, requestId, clientRequestId);
    } catch (RuntimeException e) {
      return error(new GraphError(500, "generalException", "An unspecified error has occurred."), requestId,
          clientRequestId);
    }
  }

  private static void send(HttpExchange exchange, ApiResponse response, String requestId, String clientRequestId,
      boolean truncate) throws IOException {
    var h = exchange.getResponseHeaders();
    response.headers().forEach(h::set);
    h.set("request-id", requestId);
    h.set("client-request-id", clientRequestId);
    h.set("x-ms-ags-diagnostic", "{\"ServerInfo\":{\"DataCenter\":\"Sandbox\",\"Slice\":\"E\",\"Ring\":\"0\"}}");
    h.set("Cache-Control", "no-cache");
    h.set("OData-Version", "4.0");
    h.set("Strict-Transport-Security", "max-age=31536000");
    byte[] body = response.body();
    if (response.status() == 204 || body.length == 0) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    if (truncate) {
      // Chunked, so the stream ends cleanly but the JSON is cut in half: the client gets a broken document.
      exchange.sendResponseHeaders(response.status(), 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body, 0, body.length / 2);
      }
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void pause(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ApiResponse canned(Faults.Fault f, String requestId, String clientRequestId) {
    var headers = new LinkedHashMap<>(f.headers());
    byte[] body = null;
    String text = f.body();
    if (text != null) {
      body = fillInnerError(text, requestId, clientRequestId).getBytes(StandardCharsets.UTF_8);
      headers.putIfAbsent("Content-Type", "application/json");
    }
    return new ApiResponse(f.status().orElseThrow(), headers, body);
  }

  /** Adds date and request ids to a canned Graph error, as Graph would. */
  private static String fillInnerError(String text, String requestId, String clientRequestId) {
    try {
      JsonNode node = Entities.JSON.readTree(text);
      if (node != null && node.path("error").isObject()) {
        ObjectNode inner = ((ObjectNode) node.get("error")).with("innerError");
        if (!inner.has("date")) {
          inner.put("date", now());
        }
        inner.put("request-id", requestId);
        inner.put("client-request-id", clientRequestId);
        return node.toString();
      }
    } catch (IOException e) {
      // not JSON: send as given
    }
    return text;
  }

  private static ApiResponse error(GraphError e, String requestId, String clientRequestId) {
    var response = ApiResponse.json(e.status, e.body(requestId, clientRequestId, now()));
    if (e.status == 401) {
      response = response.withHeader("WWW-Authenticate", "Bearer realm=\"\", authorization_uri="
          + "\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
    }
    return response;
  }

  private static String now() {
    return LocalDateTime.now(ZoneOffset.UTC).format(ERROR_DATE);
  }

  // ---- $batch (concepts/json-batching.md)

  /**
   * Up to 20 requests with relative URLs, answered one by one (in order, honouring {@code dependsOn}; a request
   * whose dependency failed gets 424). Faults and permissions apply per item; the whole batch is one round trip.
   */
  /** What {@link #batch} answers when an item's fault drops the connection the batch came on. */
  private static final ApiResponse DROPPED = ApiResponse.noContent();

  /** Set while a batch runs when one of its items met a connection-dropping fault. */
  private final ThreadLocal<Boolean> dropBatch = ThreadLocal.withInitial(() -> false);

  private ApiResponse batch(ApiRequest outer, String requestId, String clientRequestId) {
    dropBatch.set(false);
    ApiResponse answer = batchAnswer(outer, requestId, clientRequestId);
    boolean drop = dropBatch.get();
    dropBatch.remove();
    return drop ? DROPPED : answer;
  }

  private ApiResponse batchAnswer(ApiRequest outer, String requestId, String clientRequestId) {
    if (!outer.method().equals("POST")) {
      return error(GraphError.methodNotAllowed(), requestId, clientRequestId);
    }
    try {
      AccessRules.authenticate(outer.header("Authorization"));
    } catch (GraphError e) {
      return error(e, requestId, clientRequestId);
    }
    JsonNode root;
    try {
      root = Entities.JSON.readTree(outer.body());
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.path("requests").isArray()) {
      return error(new GraphError(400, "BadRequest", "Invalid batch payload format."), requestId, clientRequestId);
    }
    ArrayNode requests = (ArrayNode) root.get("requests");
    if (requests.size() > MAX_BATCH) {
      return error(new GraphError(400, "BadRequest", "Number of requests in the batch exceeds the maximum of "
          + MAX_BATCH + "."), requestId, clientRequestId);
    }
    var ids = new HashSet<String>();
    for (JsonNode item : requests) {
      String id = item.path("id").asText(null);
      if (id == null || !ids.add(id)) {
        return error(new GraphError(400, "BadRequest", "Batch request ids must be unique and non-empty."),
            requestId, clientRequestId);
      }
      if (!item.hasNonNull("method") || !item.hasNonNull("url")) {
        return error(new GraphError(400, "BadRequest", "Invalid batch payload format: a request lacks method or "
            + "url."), requestId, clientRequestId);
      }
    }
    Map<String, Integer> statuses = new HashMap<>();
    var responses = new LinkedHashMap<String, ApiResponse>();
    var pending = new ArrayList<JsonNode>();
    requests.forEach(pending::add);
    while (!pending.isEmpty()) {
      boolean progressed = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        JsonNode item = it.next();
        List<String> deps = new ArrayList<>();
        item.path("dependsOn").forEach(d -> deps.add(d.asText()));
        if (!statuses.keySet().containsAll(deps.stream().filter(ids::contains).toList())) {
          continue;
        }
        it.remove();
        progressed = true;
        String id = item.get("id").asText();
        ApiResponse response;
        boolean failedDependency = deps.stream().anyMatch(d -> !ids.contains(d)
            || statuses.getOrDefault(d, 500) >= 400);
        if (failedDependency) {
          response = error(new GraphError(424, "FailedDependency", "Dependent request failed."), requestId,
              clientRequestId);
        } else {
          response = batchItem(outer, item, clientRequestId);
        }
        statuses.put(id, response.status());
        responses.put(id, response);
      }
      if (!progressed) {
        return error(new GraphError(400, "BadRequest", "Batch dependsOn references form a cycle."), requestId,
            clientRequestId);
      }
    }
    return batchBody(responses);
  }

  /**
   * The batch's answer, {@code {"responses":[...]}}, each item's answer in the order carried out. A JSON body this
   * sandbox wrote itself is copied in as its bytes, unparsed (the same bytes a parse and a second serialization would
   * give); any other JSON body is parsed and written again, anything else becomes a string.
   */
  private static ApiResponse batchBody(Map<String, ApiResponse> responses) {
    int size = 64;
    for (ApiResponse r : responses.values()) size += r.body().length + 256;
    var out = new ByteArrayOutputStream(size);
    try (JsonGenerator g = Entities.JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("responses");
      for (var e : responses.entrySet()) {
        ApiResponse response = e.getValue();
        g.writeStartObject();
        g.writeStringField("id", e.getKey());
        g.writeNumberField("status", response.status());
        g.writeObjectFieldStart("headers");
        for (var h : response.headers().entrySet()) g.writeStringField(h.getKey(), h.getValue());
        g.writeEndObject();
        if (response.body().length > 0) {
          String type = response.headers().getOrDefault("Content-Type", "").toLowerCase(Locale.ROOT);
          g.writeFieldName("body");
          if (type.startsWith("application/json") && response.serialized()) {
            g.writeRawValue("");   // the separator only: the bytes follow as they are
            g.flush();
            out.write(response.body());
          } else if (type.startsWith("application/json")) {
            JsonNode parsed;
            try {
              parsed = Entities.JSON.readTree(response.body());
            } catch (IOException ex) {
              parsed = null;
            }
            if (parsed != null) {
              g.writeTree(parsed);
            } else {
              g.writeString(new String(response.body(), StandardCharsets.UTF_8));
            }
          } else {
            g.writeString(new String(response.body(), StandardCharsets.UTF_8));
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new ApiResponse(200, Map.of("Content-Type", ApiResponse.JSON_TYPE), out.toByteArray(), true);
  }

  private ApiResponse batchItem(ApiRequest outer, JsonNode item, String clientRequestId) {
    String requestId = UUID.randomUUID().toString();
    String url = item.get("url").asText();
    if (url.startsWith("http://") || url.startsWith("https://")) {
      return error(new GraphError(400, "BadRequest", "Invalid request URL: batch requests use relative URLs."),
          requestId, clientRequestId);
    }
    if (!url.startsWith("/")) {
      url = "/" + url;
    }
    int q = url.indexOf('?');
    String rawPath = q < 0 ? url : url.substring(0, q);
    String rawQuery = q < 0 ? "" : url.substring(q + 1);
    var headers = new LinkedHashMap<String, String>();
    Optional.ofNullable(outer.header("Authorization")).ifPresent(a -> headers.put("Authorization", a));
    item.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    byte[] body = null;
    if (item.has("body") && !item.get("body").isNull()) {
      JsonNode b = item.get("body");
      body = b.isTextual() ? decodeBody(b.asText()) : b.toString().getBytes(StandardCharsets.UTF_8);
    }
    var request = new ApiRequest(item.get("method").asText(), rawPath, rawQuery, headers, body);
    var fault = tenant.faults().match(request.method(), request.path(), request.decodedQuery());
    if (fault.isPresent()) {
      pause(fault.get().delayBy());
      if (fault.get().drops()) {
        // one connection carries the whole batch: dropping it loses every item's answer. Before commit this item is
        // not carried out, after commit it is; the other items are carried out either way (a half-applied batch)
        dropBatch.set(true);
        if (!fault.get().isAfterCommit()) return error(new GraphError(500, "dropped", "dropped"), requestId, clientRequestId);
      }
      if (fault.get().status().isPresent() && !fault.get().isAfterCommit()) {
        return canned(fault.get(), requestId, clientRequestId);
      }
    }
    ApiResponse response = call(request, requestId, clientRequestId);
    if (fault.isPresent() && fault.get().isAfterCommit() && fault.get().status().isPresent()) {
      response = canned(fault.get(), requestId, clientRequestId);
    }
    return response;
  }

  private static byte[] decodeBody(String text) {
    try {
      return java.util.Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }



}
