package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.regex.Pattern;

/** Request bodies and checks every resource shares: JSON payloads, @odata.type, GUIDs, dates, Prefer, methods. */
final class Requests {
  static final Pattern GUID = Pattern.compile(
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private Requests() {
  }

  static ObjectNode body(ApiRequest r) {
    if (r.body().length == 0) {
      throw new GraphError(400, "BadRequest", "Empty Payload. JSON content expected.");
    }
    try {
      JsonNode node = Entities.JSON.readTree(r.body());
      if (node == null || !node.isObject()) {
        throw new IOException("not an object");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type "
          + "header is set and payload is of valid JSON format.");
    }
  }

  /** An {@code @odata.type} naming another type fails like in msgraph-sdk-dotnet#601. */
  static void checkType(ObjectNode body, Schema schema) {
    JsonNode type = body.get("@odata.type");
    if (type == null || type.isNull()) {
      return;
    }
    String t = type.asText().replaceFirst("^#", "");
    if (!t.equalsIgnoreCase("microsoft.graph." + schema.graphName())) {
      throw GraphError.badRequest("A type named '" + t + "' could not be resolved by the model. When a model is "
          + "available, each type name must resolve to a valid type.");
    }
  }

  static String requiredGuid(ObjectNode body, String property, String type) {
    String v = body.path(property).asText(null);
    if (v == null || !GUID.matcher(v).matches()) {
      throw GraphError.badRequest("Invalid value specified for property '" + property + "' of resource '" + type
          + "'.");
    }
    return v.toLowerCase(Locale.ROOT);
  }

  static Instant instant(JsonNode node, String property, String type) {
    Instant i = parseInstant(node.path(property).asText(null));
    if (i == null) {
      throw GraphError.badRequest("Invalid value specified for property '" + property + "' of resource '" + type
          + "'.");
    }
    return i;
  }

  static Instant parseInstant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static boolean prefersCreate(ApiRequest r) {
    String prefer = r.header("Prefer");
    return prefer != null && prefer.toLowerCase(Locale.ROOT).contains("create-if-missing");
  }

  static void requireMethod(ApiRequest r, String method) {
    if (!r.method().equals(method)) {
      throw GraphError.methodNotAllowed();
    }
  }

  /** Nulls in a create body mean "not set": keep the stored form small. */
  static ObjectNode stripNulls(ObjectNode body) {
    var names = new ArrayList<String>();
    body.fieldNames().forEachRemaining(names::add);
    for (String n : names) {
      if (body.get(n).isNull()) {
        body.remove(n);
      }
    }
    return body;
  }

  /** "New password credentials must be generated using service actions." (msgraph-sdk-dotnet#2788). */
  static void rejectPasswordCredentials(ObjectNode body) {
    JsonNode pc = body.get("passwordCredentials");
    if (pc != null && !pc.isNull() && !(pc.isArray() && pc.isEmpty())) {
      throw GraphError.badRequest("New password credentials must be generated using service actions.");
    }
    body.remove("passwordCredentials");
  }

  static void rejectReadOnly(ObjectNode body, String type, String... properties) {
    for (String p : properties) {
      if (body.has(p) && !p.equals("id")) {
        throw GraphError.badRequest("Property '" + p + "' is read-only and cannot be set.");
      }
    }
    body.remove("id");
  }
}
