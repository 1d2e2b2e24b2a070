package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Query options and rendering shared by every resource (concepts/query-parameters.md, concepts/paging.md,
 * concepts/aad-advanced-queries.md): lists, $count, $select, $expand, skip tokens and next links.
 */
final class Query {
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 999;

  private static final int MAX_RESUMES = 64;

  private final SimulatedTenant tenant;
  private final String baseUrl;
  /** Where listings paged by position stopped, by the next link that continues them (oldest first). */
  private final Map<String, Resume> resumes = new LinkedHashMap<>();

  /** The collection walked and the walk, just before the next page's first item. */
  private record Resume(Collection<ObjectNode> items, Iterator<ObjectNode> rest) {}

  /** Where filtered listings' next pages come from, by the next link that continues them (oldest first). */
  private final Map<String, Matches> matches = new LinkedHashMap<>();

  /** Every item of {@code items} a filter matched, while the tenant's {@link SimulatedTenant#changes} were {@code changes}. */
  private record Matches(Collection<ObjectNode> items, long changes, List<ObjectNode> all) {}

  Query(SimulatedTenant tenant, String baseUrl) {
    this.tenant = tenant;
    this.baseUrl = baseUrl;
  }

  /**
   * A collection read with {@code $filter}, {@code $search}, {@code $orderby}, {@code $select}, {@code $expand},
   * {@code $top}, {@code $count} and paging (concepts/query-parameters.md, concepts/paging.md,
   * concepts/aad-advanced-queries.md). Default page 100, maximum 999 (application-list.md); 100 when expanding.
   */
  ApiResponse list(ApiRequest r, String collection, Collection<ObjectNode> items, String contextPath,
      Set<String> filterable) {
    Schema schema = Entities.schema(collection);
    Map<String, String> q = r.query();
    boolean advanced = r.eventualConsistency() && "true".equalsIgnoreCase(q.get("$count"));
    List<String> select = select(r, schema);
    List<String> expand = expand(r, schema);

    boolean derived = false;
    if (q.containsKey("$search")) {
      derived = true;
      if (!r.eventualConsistency()) {
        throw GraphError.unsupportedQuery("Request with $search query parameter only works through MSGraph with a "
            + "special request header: 'ConsistencyLevel: eventual'");
      }
      items = search(items, q.get("$search"));
    }
    Predicate<ObjectNode> kept = null;
    if (q.containsKey("$filter") && !q.get("$filter").isBlank()) {
      Filter filter = Filter.parse(q.get("$filter"), property -> checkFilterable(schema, filterable, property));
      if (filter.countsNavigation && !advanced) {
        throw GraphError.badRequest("$count is not currently supported.");
      }
      if (!filter.advancedOperators.isEmpty() && !advanced) {
        throw GraphError.unsupportedQuery("Operator '" + filter.advancedOperators.iterator().next() + "' is not "
            + "supported because the required parameters might be missing. Try adding $count=true query parameter "
            + "and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more "
            + "information");
      }
      Filter.Context context = (object, navigation) -> switch (navigation) {
        case "owners" -> {
          Set<String> owners = tenant.ownersMap().get(object.path("id").asText());
          yield owners == null ? 0 : owners.size();
        }
        case FederatedIdentityCredentialsResource.NAVIGATION -> object.path(navigation).size();
        default -> 0;
      };
      kept = o -> filter.test(o, context);
    }
    if (q.containsKey("$orderby")) {
      derived = true;
      Predicate<ObjectNode> k = kept;
      items = orderBy(k == null ? items : items.stream().filter(k).toList(), q.get("$orderby"), schema);
      kept = null;
    }

    int top = DEFAULT_PAGE;
    if (q.containsKey("$top")) {
      try {
        top = Integer.parseInt(q.get("$top").trim());
      } catch (NumberFormatException e) {
        throw GraphError.badRequest("Invalid $top value: '" + q.get("$top") + "'.");
      }
      if (top < 1 || top > MAX_PAGE) {
        throw GraphError.unsupportedQuery("Invalid page size specified: '" + top + "'. Must be between 1 and 999 "
            + "inclusive.");
      }
    }
    if (!expand.isEmpty()) {
      top = Math.min(top, 100);
    }
    int offset = 0;
    if (q.containsKey("$skiptoken")) {
      offset = decodeSkipToken(q.get("$skiptoken"));
      if (offset < 0) {
        throw new IndexOutOfBoundsException("skip token offset " + offset); // answered as Graph's 500, as ever
      }
    }

    // One pass over the collection, no copy of it: the page's items are taken as they go by, and the pass stops one
    // item after the page (enough to know a next page exists), unless the first page of an advanced query needs the
    // whole count. (Without $filter, $search or $orderby, the pass resumes where the previous page stopped: below.)
    boolean counted = advanced && offset == 0;
    long end = (long) offset + top;
    List<ObjectNode> page = new ArrayList<>((int) Math.min(top, Math.max(0, items.size() - offset)));
    // A listing without $filter, $search or $orderby pages by position alone: the next page resumes where this one
    // stopped instead of walking the collection from its start again. Any change to the collection in between makes
    // the resumed walk fail (ConcurrentModificationException), and the page is then taken from the start, as ever.
    boolean positional = kept == null && !derived;
    int matched = 0;
    if (positional) {
      Resume resume = offset > 0 ? resumes.remove(nextLink(r, offset)) : null;
      Iterator<ObjectNode> walk = null;
      try {
        Iterator<ObjectNode> it = resume != null && resume.items() == items ? resume.rest() : items.iterator();
        int at = resume != null && resume.items() == items ? offset : 0;
        while (at < end && it.hasNext()) {
          ObjectNode o = it.next();
          if (at >= offset) page.add(o);
          at++;
        }
        if (it.hasNext()) walk = it;
      } catch (ConcurrentModificationException e) {
        page.clear();
        walk = null;
        int at = 0;
        Iterator<ObjectNode> it = items.iterator();
        while (at < end && it.hasNext()) {
          ObjectNode o = it.next();
          if (at >= offset) page.add(o);
          at++;
        }
      }
      // what the walk below would have counted: every item matches, so all of them, or one past the page
      matched = counted ? items.size() : (int) Math.min(items.size(), end + 1);
      if (walk != null && !counted) {
        if (resumes.size() >= MAX_RESUMES) resumes.remove(resumes.keySet().iterator().next());
        resumes.put(nextLink(r, (int) end), new Resume(items, walk));
      }
    } else if (kept != null && !derived) {
      // A listing with $filter finds all its matches on its first page, and later pages take theirs from them, as
      // long as nothing in the tenant changed in between (else they are found again, from the start, as ever).
      Matches m = offset > 0 ? matches.remove(nextLink(r, offset)) : null;
      if (m == null || m.items() != items || m.changes() != tenant.changes()) {
        List<ObjectNode> all = new ArrayList<>();
        for (ObjectNode o : items) {
          if (kept.test(o)) {
            all.add(o);
          }
        }
        m = new Matches(items, tenant.changes(), all);
      }
      matched = m.all().size();
      if (offset < matched) {
        page.addAll(m.all().subList(offset, (int) Math.min(matched, end)));
      }
      if (matched > end) {
        if (matches.size() >= MAX_RESUMES) matches.remove(matches.keySet().iterator().next());
        matches.put(nextLink(r, (int) end), m);
      }
    } else {
      for (ObjectNode o : items) {
        if (kept != null && !kept.test(o)) {
          continue;
        }
        if (matched >= end && !counted) {
          matched++;
          break;
        }
        if (matched >= offset && matched < end) {
          page.add(o);
        }
        matched++;
      }
    }
    String context = baseUrl + "/$metadata#" + contextPath + selectSuffix(select);
    String next = matched > end ? nextLink(r, (int) end) : null;
    if (!select.isEmpty() && expand.isEmpty()) {
      // each item written as it is rendered, shaped and projected below, without building it
      return written(context, counted ? matched : null, next, page, collection, select);
    }
    var body = Entities.JSON.createObjectNode();
    body.put("@odata.context", context);
    if (counted) {
      body.put("@odata.count", matched);
    }
    if (next != null) {
      body.put("@odata.nextLink", next);
    }
    ArrayNode value = body.putArray("value");
    List<String> shown = withExpanded(select, expand);
    for (ObjectNode stored : page) {
      ObjectNode rendered = listed(collection, stored, select, expand);
      expandInto(rendered, expand);
      value.add(project(rendered, shown));
    }
    return ApiResponse.json(200, body);
  }

  /**
   * An item as a listing shows it before expanding and projecting: rendered with only the selected (and expanded)
   * properties and {@code id} when there is a {@code $select}, and shaped. {@link Entities#writeListed} writes the
   * same, projected, without building it.
   */
  static ObjectNode listed(String collection, ObjectNode stored, List<String> select, List<String> expand) {
    List<String> shown = withExpanded(select, expand);
    Set<String> rendering = shown.isEmpty() ? null : new HashSet<>(shown);
    if (rendering != null) {
      rendering.add("id");
    }
    // With $select only the selected properties are rendered: project() would drop the rest anyway.
    ObjectNode rendered = Entities.render(collection, stored, rendering);
    shape(collection, rendered, false, select);
    return rendered;
  }

  /** A page of a listing with $select and no $expand, written straight to bytes: the same bytes as its tree. */
  private ApiResponse written(String context, Integer count, String next, List<ObjectNode> page,
                              String collection, List<String> select) {
    var out = new java.io.ByteArrayOutputStream(1024 + 1536 * page.size());
    try (var g = Entities.JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("@odata.context", context);
      if (count != null) {
        g.writeNumberField("@odata.count", count);
      }
      if (next != null) {
        g.writeStringField("@odata.nextLink", next);
      }
      g.writeArrayFieldStart("value");
      g.flush();
      // the items as written once: each with a comma before it but the first, as the generator separates them
      for (int i = 0; i < page.size(); i++) {
        if (i > 0) out.write(',');
        out.write(listed(collection, page.get(i), select));
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new ApiResponse(200, java.util.Map.of("Content-Type", ApiResponse.JSON_TYPE), out.toByteArray(), true);
  }

  /**
   * Listed items as written ({@link Entities#writeListed}), by collection and selection and by the stored object,
   * kept while nothing in the tenant changes ({@link SimulatedTenant#changes}): an audit lists the same tens of
   * thousands of objects with the same $select each time, and the sandbox, which shares the machine with appreg in
   * the benchmark, then writes each of them once. At most {@link #LISTED_BYTES} bytes are kept.
   */
  private final Map<String, java.util.IdentityHashMap<ObjectNode, byte[]>> listed = new java.util.HashMap<>();
  private long listedAt = -1;
  private long listedBytes;
  private static final long LISTED_BYTES = 256L << 20;

  private byte[] listed(String collection, ObjectNode stored, List<String> select) throws java.io.IOException {
    if (listedAt != tenant.changes()) {
      listed.clear();
      listedBytes = 0;
      listedAt = tenant.changes();
    }
    var items = listed.computeIfAbsent(collection + "?" + String.join(",", select), k -> new java.util.IdentityHashMap<>());
    byte[] bytes = items.get(stored);
    if (bytes == null) {
      var out = new java.io.ByteArrayOutputStream(512);
      try (var g = Entities.JSON.getFactory().createGenerator(out)) {
        Entities.writeListed(g, Entities.JSON.getSerializerProviderInstance(), collection, stored, select);
      }
      bytes = out.toByteArray();
      if (listedBytes + bytes.length <= LISTED_BYTES) {
        items.put(stored, bytes);
        listedBytes += bytes.length;
      }
    }
    return bytes;
  }

  ApiResponse plainCollection(String contextPath, List<ObjectNode> items, ApiRequest r) {
    var body = Entities.JSON.createObjectNode();
    body.put("@odata.context", baseUrl + "/$metadata#directoryObjects");
    ArrayNode value = body.putArray("value");
    items.forEach(value::add);
    return ApiResponse.json(200, body);
  }

  private static void checkFilterable(Schema schema, Set<String> filterable, String property) {
    String root = property.contains("/") ? property.substring(0, property.indexOf('/')) : property;
    if (!schema.declares(root)) {
      throw GraphError.unsupportedQuery("Property '" + property + "' does not exist as a declared property or "
          + "extension property.");
    }
    if (!filterable.contains(property)) {
      throw GraphError.unsupportedQuery("Unsupported or invalid query filter clause specified for property '"
          + property + "' of resource '" + schema.directoryName() + "'.");
    }
  }

  private static List<ObjectNode> search(Collection<ObjectNode> items, String search) {
    String s = search.trim();
    if (s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2) {
      s = s.substring(1, s.length() - 1);
    }
    int colon = s.indexOf(':');
    if (colon < 0) {
      throw GraphError.badRequest("Syntax error: $search must be of the form \"property:value\".");
    }
    String property = s.substring(0, colon);
    String term = s.substring(colon + 1).toLowerCase(Locale.ROOT);
    return items.stream().filter(o -> o.path(property).asText("").toLowerCase(Locale.ROOT).contains(term)).toList();
  }

  private static List<ObjectNode> orderBy(Collection<ObjectNode> items, String orderBy, Schema schema) {
    String[] parts = orderBy.trim().split("\\s+");
    String property = parts[0];
    if (!schema.properties().containsKey(property)) {
      throw GraphError.unsupportedQuery("Property '" + property + "' does not exist as a declared property or "
          + "extension property.");
    }
    if (!Set.of("displayName", "createdDateTime", "userPrincipalName").contains(property)) {
      throw GraphError.unsupportedQuery("Sorting by property '" + property + "' is not supported.");
    }
    Comparator<ObjectNode> c = Comparator.comparing(o -> o.path(property).asText("").toLowerCase(Locale.ROOT));
    if (parts.length > 1 && parts[1].equalsIgnoreCase("desc")) {
      c = c.reversed();
    }
    return items.stream().sorted(c).toList();
  }

  /**
   * {@code $select}: only the named properties (and {@code id}). An unknown one is the 400 Entra sends for
   * directory objects: "Property 'x' does not exist as a declared property or extension property."
   */
  static List<String> select(ApiRequest r, Schema schema) {
    String value = r.query().get("$select");
    if (value == null || value.isBlank()) {
      return List.of();
    }
    var out = new ArrayList<String>();
    for (String p : value.split(",")) {
      String name = p.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!schema.declares(name)) {
        throw GraphError.unsupportedQuery("Property '" + name + "' does not exist as a declared property or "
            + "extension property.");
      }
      out.add(name);
    }
    return out;
  }

  private static List<String> expand(ApiRequest r, Schema schema) {
    String value = r.query().get("$expand");
    if (value == null || value.isBlank()) {
      return List.of();
    }
    var out = new ArrayList<String>();
    for (String p : value.split(",")) {
      String name = p.trim();
      int paren = name.indexOf('(');
      if (paren > 0) {
        name = name.substring(0, paren);
      }
      if (!schema.navigation().contains(name)) {
        throw new GraphError(400, "BadRequest", "Parsing OData Select and Expand failed: Could not find a property "
            + "named '" + name + "' on type 'microsoft.graph." + schema.graphName() + "'.");
      }
      out.add(name);
    }
    return out;
  }

  /**
   * What an application read shows of what is stored with it: federated credentials only when expanded (they are a
   * relationship), certificate bytes only to a read of one application that selects keyCredentials (keycredential.md).
   */
  private static void shape(String collection, ObjectNode rendered, boolean single, List<String> select) {
    if (!collection.equals("applications")) return;
    rendered.remove(FederatedIdentityCredentialsResource.NAVIGATION);
    if (!(single && select.contains("keyCredentials"))) ApplicationKeys.hideKeys(rendered);
  }

  private void expandInto(ObjectNode rendered, List<String> expand) {
    for (String nav : expand) {
      ArrayNode related = rendered.putArray(nav);
      if (nav.equals(FederatedIdentityCredentialsResource.NAVIGATION)) {
        ObjectNode stored = tenant.collection("applications").get(rendered.path("id").asText());
        if (stored != null) stored.path(nav).forEach(f -> related.add(f.deepCopy()));
      }
      if (nav.equals("owners")) {
        for (String ownerId : tenant.ownersMap().getOrDefault(rendered.path("id").asText(), new LinkedHashSet<>())) {
          ObjectNode owner = directoryObjectWithType(ownerId);
          if (owner != null) {
            related.add(owner);
          }
        }
      }
    }
  }

  /** {@code $select} with {@code $expand}: the expanded relationships are returned beside the selected properties. */
  private static List<String> withExpanded(List<String> select, List<String> expand) {
    if (select.isEmpty() || expand.isEmpty()) return select;
    List<String> out = new ArrayList<>(select);
    for (String e : expand) if (!out.contains(e)) out.add(e);
    return out;
  }

  static ObjectNode project(ObjectNode rendered, List<String> select) {
    if (select.isEmpty()) {
      return rendered;
    }
    var out = Entities.JSON.createObjectNode();
    rendered.fields().forEachRemaining(e -> {
      if (e.getKey().startsWith("@odata.")) {
        out.set(e.getKey(), e.getValue());
      }
    });
    out.set("id", rendered.get("id"));
    for (String p : select) {
      JsonNode v = rendered.get(p);
      out.set(p, v == null ? Entities.JSON.nullNode() : v);
    }
    if (out.get("id") == null) {
      out.remove("id");
    }
    return out;
  }

  static String selectSuffix(List<String> select) {
    return select.isEmpty() ? "" : "(" + String.join(",", select) + ")";
  }

  ApiResponse entity(ApiRequest r, String collection, ObjectNode stored, String context) {
    Schema schema = Entities.schema(collection);
    List<String> select = r.method().equals("GET") ? select(r, schema) : List.of();
    List<String> expand = r.method().equals("GET") ? expand(r, schema) : List.of();
    ObjectNode rendered = Entities.render(collection, stored);
    shape(collection, rendered, true, select);
    expandInto(rendered, expand);
    String ctx = select.isEmpty() ? context : context.replace("/$entity", selectSuffix(select) + "/$entity");
    int status = r.method().equals("GET") ? 200 : 201;
    return ApiResponse.json(status, withContext(project(rendered, withExpanded(select, expand)), ctx));
  }

  ObjectNode withContext(ObjectNode object, String contextPath) {
    var out = Entities.JSON.createObjectNode();
    out.put("@odata.context", baseUrl + "/$metadata#" + contextPath);
    object.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("@odata.context")) {
        out.set(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  /** {@code GET /applications/$count}: text/plain with ConsistencyLevel, else 400 (aad-advanced-queries.md). */
  static ApiResponse countSegment(ApiRequest r, int count) {
    if (!r.eventualConsistency()) {
      throw GraphError.badRequest("$count is not currently supported.");
    }
    return ApiResponse.text(Integer.toString(count));
  }

  private String nextLink(ApiRequest r, int offset) {
    var kept = new ArrayList<String>();
    for (String pair : r.rawQuery().split("&")) {
      String name = ApiRequest.decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
      if (!pair.isEmpty() && !name.equals("$skiptoken")) {
        kept.add(pair);
      }
    }
    kept.add("$skiptoken=" + encodeSkipToken(offset));
    return baseUrl + (r.rawPath().startsWith("/") ? "" : "/") + r.rawPath() + "?" + String.join("&", kept);
  }

  /** Opaque to clients, like Graph's; here it carries the next offset. */
  private static String encodeSkipToken(int offset) {
    return "RFNwdAIA" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("sandbox-page:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodeSkipToken(String token) {
    try {
      if (!token.startsWith("RFNwdAIA")) {
        throw new IllegalArgumentException();
      }
      String s = new String(Base64.getUrlDecoder().decode(token.substring(8)), StandardCharsets.UTF_8);
      if (!s.startsWith("sandbox-page:")) {
        throw new IllegalArgumentException();
      }
      return Integer.parseInt(s.substring("sandbox-page:".length()));
    } catch (IllegalArgumentException e) {
      throw GraphError.badRequest("Invalid skip token '" + token + "'.");
    }
  }

  ObjectNode directoryObjectWithType(String id) {
    String collection = tenant.directoryCollectionOf(id);
    if (collection == null) {
      return null;
    }
    ObjectNode rendered = Entities.render(collection, tenant.collection(collection).get(id));
    shape(collection, rendered, false, List.of());
    var out = Entities.JSON.createObjectNode();
    out.put("@odata.type", "#microsoft.graph." + Entities.schema(collection).graphName());
    out.setAll(rendered);
    return out;
  }
}
