package appreg.provisioning.graph;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestAdapter;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.JsonParseNodeFactory;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends independent GETs as JSON batches (at most 20 per {@code $batch}; https://learn.microsoft.com/graph/json-batching).
 * Items that Graph throttles inside a batch (inner 429, or 503/504) are sent again in a new batch after the longest
 * {@code Retry-After}, since SDK retry middleware only sees the outer 200. The envelope is built here, not with the
 * SDK's BatchRequestContent, which copies request headers (the bearer token included) into each step and returns null
 * for failed items; each item's body is still read with the SDK's own parse nodes.
 */
final class Batch {
  static final int MAX = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One answer of a batch. {@code body} is null for a 204. {@code page}: when the request was read as a listing page
   * ({@link #post(RequestAdapter, String, List, Map)}), its items as records, and {@code body} then holds the rest
   * of the answer (next link, error) without {@code value}; otherwise null.
   */
  record Item(int status, JsonNode body, String retryAfter, Page<?> page) {
    Item(int status, JsonNode body, String retryAfter) {
      this(status, body, retryAfter, null);
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    GraphErrors.Failure failure() {
      ODataError e = body == null ? null : parse(body, ODataError::createFromDiscriminatorValue);
      String code = e != null && e.getError() != null && e.getError().getCode() != null ? e.getError().getCode() : "";
      String msg = e != null && e.getError() != null && e.getError().getMessage() != null ? e.getError().getMessage() : "";
      String rid = e != null && e.getError() != null && e.getError().getInnerError() != null
          && e.getError().getInnerError().getRequestId() != null ? e.getError().getInnerError().getRequestId() : "";
      return new GraphErrors.Failure(status, code, msg, rid);
    }
  }

  private final GraphConnection connection;
  private final Map<String, RequestInformation> steps = new LinkedHashMap<>();

  Batch(GraphConnection connection) {
    this.connection = connection;
  }

  Batch add(String id, RequestInformation get) {
    if (steps.putIfAbsent(id, get) != null) throw new IllegalArgumentException("duplicate batch id " + id);
    return this;
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Sends every step; answers by id. Transport failures and non-2xx outer answers throw (translated by the caller). */
  Map<String, Item> send() {
    Map<String, Item> answers = new HashMap<>();
    List<String> pending = new ArrayList<>(steps.keySet());
    int round = 0;
    while (!pending.isEmpty()) {
      round++;
      List<String> again = new ArrayList<>();
      Duration wait = Duration.ZERO;
      for (int from = 0; from < pending.size(); from += MAX) {
        List<String> chunk = pending.subList(from, Math.min(pending.size(), from + MAX));
        for (Map.Entry<String, Item> e : post(chunk).entrySet()) {
          Item item = e.getValue();
          boolean transientFailure = item.status == 0 || item.status == 429 || item.status == 503 || item.status == 504;
          if (transientFailure && round < connection.options().budget().maxAttempts()) {
            again.add(e.getKey());
            Duration d = ThrottleRetry.retryAfter(item.retryAfter, Instant.now(connection.options().clock()))
                .orElse(Duration.ofSeconds(1L << Math.min(round - 1, 5)));
            if (d.compareTo(wait) > 0) wait = d;
          }
          answers.put(e.getKey(), item);
        }
      }
      if (!again.isEmpty()) {
        if (!connection.options().budget().tryConsume(wait)) break;
        connection.options().trace().line("batch: " + again.size() + " throttled item(s), again in "
            + wait.toMillis() / 1000.0 + " s");
        try {
          connection.options().sleeper().sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      pending = again;
    }
    return answers;
  }

  /** One GET inside a {@code $batch}: its id, its URL relative to the versioned base URL, and its own headers. */
  record Get(String id, String url, Map<String, String> headers) {
    Get {
      headers = Map.copyOf(headers);
    }
  }

  /**
   * A request's URL as a batch item names it: relative to the versioned base URL ({@code pathAndQuery} when it is on
   * another root). Kiota writes {@code $select} as {@code %24select} and relies on a middleware to undo it on the
   * wire; a batch item's URL never passes through that middleware, so it is undone here.
   */
  static String itemUrl(String full, String base, String pathAndQuery) {
    String relative = full.startsWith(base) ? full.substring(base.length()) : pathAndQuery;
    return relative.replace("?%24", "?$").replace("&%24", "&$");
  }

  private Map<String, Item> post(List<String> ids) {
    String base = connection.baseUrl();
    List<Get> gets = new ArrayList<>();
    for (String id : ids) {
      RequestInformation ri = steps.get(id);
      ri.pathParameters.put("baseurl", base);
      URI uri;
      try {
        uri = ri.getUri();
      } catch (Exception e) {
        throw new IllegalStateException("cannot build batch step " + id, e);
      }
      String relative = itemUrl(uri.toString(), base,
          uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      Map<String, String> headers = new HashMap<>();
      for (String name : ri.headers.keySet()) {
        if (name.equalsIgnoreCase("ConsistencyLevel")) headers.put("ConsistencyLevel", String.join(",", ri.headers.get(name)));
      }
      gets.add(new Get(id, relative, headers));
    }
    return post(connection.client().getRequestAdapter(), base, gets);
  }

  /**
   * Sends one {@code $batch} of at most {@value #MAX} GETs and returns Graph's answers by id (Graph answers in any
   * order). An id Graph did not answer reads as status 0, which callers treat as transient.
   */
  static Map<String, Item> post(RequestAdapter adapter, String baseUrl, List<Get> gets) {
    return post(adapter, baseUrl, gets, Map.of());
  }

  /** The items of one listing page read as records, each with its id (as {@code path("id").asText("")} reads it). */
  record Page<T>(List<T> items, List<String> ids) {}

  /**
   * As {@link #post(RequestAdapter, String, List)}, but the answer is read as it streams in, and the answers of the ids
   * in {@code pages} are read as listing pages: their {@code value} items straight into records by the given reader,
   * never as a tree of the whole answer (at 999 registrations a page, the tree was most of the reading's work).
   */
  static Map<String, Item> post(RequestAdapter adapter, String baseUrl, List<Get> gets,
                                Map<String, TenantStream.ItemReader<?>> pages) {
    ObjectNode envelope = JSON.createObjectNode();
    ArrayNode requests = envelope.putArray("requests");
    for (Get g : gets) {
      ObjectNode r = requests.addObject().put("id", g.id()).put("method", "GET").put("url", g.url());
      if (!g.headers().isEmpty()) {
        ObjectNode h = r.putObject("headers");
        g.headers().forEach(h::put);
      }
    }
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(envelope);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    RequestInformation post = new RequestInformation();
    post.httpMethod = HttpMethod.POST;
    post.setUri(URI.create(baseUrl + "/$batch"));
    post.headers.add("Accept", "application/json");
    post.setStreamContent(new ByteArrayInputStream(bytes), "application/json");
    post.addRequestOptions(List.of(IdempotentPost.INSTANCE));
    Map<String, Item> out = new HashMap<>();
    send(adapter, post, p -> {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        if (p.currentToken() != null) p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("responses")) {
          p.skipChildren();
          continue;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
          for (JsonNode r : tree(p)) answer(r, pages, out);
          continue;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() == JsonToken.START_OBJECT) {
            readAnswer(p, pages, out);
          } else {
            answer(tree(p), pages, out);
          }
        }
      }
    });
    for (Get g : gets) out.putIfAbsent(g.id(), new Item(0, null, null));
    return out;
  }

  /** One element of {@code responses}, the parser at its start; field order is Graph's to choose. */
  private static void readAnswer(JsonParser p, Map<String, TenantStream.ItemReader<?>> pages, Map<String, Item> out)
      throws IOException {
    String id = "";
    int status = 0;
    String retryAfter = null;
    JsonNode body = null;
    Page<?> page = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "id" -> id = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : tree(p).asText();
        case "status" -> status = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : tree(p).asInt();
        case "headers" -> {
          retryAfter = null;
          JsonNode headers = tree(p);
          for (var it = headers.fields(); it.hasNext(); ) {
            var h = it.next();
            if (h.getKey().equalsIgnoreCase("Retry-After")) retryAfter = h.getValue().asText();
          }
        }
        case "body" -> {
          TenantStream.ItemReader<?> reader = pages.get(id);
          page = null;
          if (reader != null && p.currentToken() == JsonToken.START_OBJECT) {
            ObjectNode rest = JSON.createObjectNode();
            page = readPage(p, reader, rest);
            body = rest;
          } else {
            body = tree(p);
          }
        }
        default -> p.skipChildren();
      }
    }
    if (page == null && body != null && body.isObject() && pages.get(id) != null && body.path("value").isArray()) {
      // the body came before the id: read its items from the tree, with the same reader
      ObjectNode rest = JSON.createObjectNode();
      try (JsonParser q = body.traverse(JSON)) {
        q.nextToken();
        page = readPage(q, pages.get(id), rest);
      }
      body = rest;
    }
    out.put(id, new Item(status, body == null || body.isNull() ? null : body, retryAfter, page));
  }

  /** An answer that is not an object, or in a {@code responses} that is not a list: read as a tree, as ever. */
  private static void answer(JsonNode r, Map<String, TenantStream.ItemReader<?>> pages, Map<String, Item> out)
      throws IOException {
    String retryAfter = null;
    for (var it = r.path("headers").fields(); it.hasNext(); ) {
      var h = it.next();
      if (h.getKey().equalsIgnoreCase("Retry-After")) retryAfter = h.getValue().asText();
    }
    String id = r.path("id").asText();
    JsonNode body = r.get("body");
    Page<?> page = null;
    if (body != null && body.isObject() && pages.get(id) != null && body.path("value").isArray()) {
      ObjectNode rest = JSON.createObjectNode();
      try (JsonParser q = body.traverse(JSON)) {
        q.nextToken();
        page = readPage(q, pages.get(id), rest);
      }
      body = rest;
    }
    out.put(id, new Item(r.path("status").asInt(), body == null || body.isNull() ? null : body, retryAfter, page));
  }

  /**
   * A listing page, the parser at its start: {@code value}'s items into records; every other property into
   * {@code rest}. Null (and {@code value} kept in {@code rest}) when {@code value} is not a list.
   */
  static <T> Page<T> readPage(JsonParser p, TenantStream.ItemReader<T> reader, ObjectNode rest) throws IOException {
    Page<T> page = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("value") && p.currentToken() == JsonToken.START_ARRAY) {
        List<T> items = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String[] id = new String[1];
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(reader.read(p, id));
          ids.add(id[0]);
        }
        page = new Page<>(items, ids);
        rest.remove("value");
      } else {
        if (field.equals("value")) page = null;
        rest.set(field, tree(p));
      }
    }
    return page;
  }

  private static JsonNode tree(JsonParser p) throws IOException {
    JsonNode n = p.readValueAsTree();
    return n == null ? NullNode.getInstance() : n;
  }

  /** What reads an answer as it streams in. */
  interface Reader {
    void read(JsonParser p) throws IOException;
  }

  /** Sends a request through the SDK's adapter (Graph's errors become ODataError) and reads the answer with {@code reader}. */
  static void send(RequestAdapter adapter, RequestInformation request, Reader reader) {
    var errors = new HashMap<String, ParsableFactory<? extends Parsable>>();
    errors.put("XXX", ODataError::createFromDiscriminatorValue);
    try (InputStream in = adapter.sendPrimitive(request, errors, InputStream.class)) {
      if (in == null) return;
      try (JsonParser p = JSON.createParser(in)) {
        reader.read(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Sends a request through the SDK's adapter (Graph's errors become ODataError) and reads the JSON answer. */
  static JsonNode sendForJson(RequestAdapter adapter, RequestInformation request) {
    var errors = new HashMap<String, ParsableFactory<? extends Parsable>>();
    errors.put("XXX", ODataError::createFromDiscriminatorValue);
    try (InputStream in = adapter.sendPrimitive(request, errors, InputStream.class)) {
      if (in == null) return JSON.createObjectNode();
      JsonNode node = JSON.readTree(in);
      return node == null ? JSON.createObjectNode() : node;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A listing page by plain GET, its items read straight into records; {@code page} null when the answer has no list. */
  static Item getPage(RequestAdapter adapter, RequestInformation request, TenantStream.ItemReader<?> reader) {
    ObjectNode rest = JSON.createObjectNode();
    Page<?>[] page = {null};
    boolean[] object = {false};
    JsonNode[] other = {null};
    send(adapter, request, p -> {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        object[0] = true;
        page[0] = readPage(p, reader, rest);
      } else if (t != null) {
        other[0] = tree(p);
      }
    });
    JsonNode body = object[0] ? rest : other[0] == null || other[0].isNull() ? JSON.createObjectNode() : other[0];
    return new Item(200, body, null, page[0]);
  }

  static <T extends Parsable> T parse(JsonNode body, ParsableFactory<T> factory) {
    if (body == null) return null;
    try {
      byte[] bytes = JSON.writeValueAsBytes(body);
      return new JsonParseNodeFactory().getParseNode("application/json", new ByteArrayInputStream(bytes))
          .getObjectValue(factory);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read a batch answer", e);
    }
  }


}
