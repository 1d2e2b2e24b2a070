package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code /applications/{id}/federatedIdentityCredentials}: application-list-federatedidentitycredentials.md,
 * application-post-federatedidentitycredentials.md, federatedidentitycredential-get.md, -update.md, -delete.md; an item is
 * addressed by id or by name. Kept inside the application object (so it goes with it), shown only when asked for or
 * expanded ({@code $expand=federatedIdentityCredentials}).
 *
 * <p>Rules, with their sources: at most 20 per application (federatedidentitycredentials-overview.md); name 3 to 120
 * characters, letters, digits, '-' and '_', the first a letter or digit, immutable (MicrosoftDocs/entra-docs
 * federated-credential-configuration-considerations.md; its error text "Federated Identity Credential name '{name}' is
 * invalid." is from workload-identity-federation-considerations.md); exactly one audience ("Federated identity
 * credentials must have exactly one audience.", same page); issuer, subject, audience and description at most 600
 * characters (federatedidentitycredential.md); issuer and subject unique per application, answered with
 * {@code InvalidFederatedIdentityCredentialValue} (Azure/azure-workload-identity#434 quotes the body). Not documented,
 * so chosen here: a 21st credential is a 400 {@code Request_BadRequest}; a second credential of the same name a 409
 * {@code Request_MultipleObjectsWithSameKeyValue}, as other alternate keys are; an issuer that is not an absolute URL a
 * 400 naming the property. Concurrent writes (409 for managed identities) cannot happen here: the sandbox serves one
 * request at a time.
 */
final class FederatedIdentityCredentialsResource {
  static final String NAVIGATION = "federatedIdentityCredentials";
  static final int MAX_PER_APPLICATION = 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{2,119}");
  private static final List<String> PROPERTIES = List.of("name", "issuer", "subject", "audiences", "description");

  private final SimulatedTenant tenant;
  private final String baseUrl;

  FederatedIdentityCredentialsResource(SimulatedTenant tenant, String baseUrl) {
    this.tenant = tenant;
    this.baseUrl = baseUrl;
  }

  ApiResponse answer(ApiRequest r, ObjectNode app, List<String> rest) {
    String appId = app.get("id").asText();
    ArrayNode list = app.path(NAVIGATION).isArray() ? (ArrayNode) app.get(NAVIGATION) : Entities.JSON.createArrayNode();
    if (rest.isEmpty()) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
          ObjectNode body = Entities.JSON.createObjectNode();
          body.put("@odata.context", baseUrl + "/$metadata#applications('" + appId + "')/" + NAVIGATION);
          ArrayNode value = body.putArray("value");
          list.forEach(f -> value.add(f.deepCopy()));
          yield ApiResponse.json(200, body);
        }
        case "POST" -> {
          AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
          yield create(app, list, Requests.body(r));
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    if (rest.size() > 1) throw GraphError.unknownSegment(rest.get(1));
    int index = find(list, rest.get(0));
    if (index < 0) throw GraphError.notFound(rest.get(0));
    ObjectNode item = (ObjectNode) list.get(index);
    return switch (r.method()) {
      case "GET" -> {
        AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
        ObjectNode body = Entities.JSON.createObjectNode();
        body.put("@odata.context", baseUrl + "/$metadata#applications('" + appId + "')/" + NAVIGATION + "/$entity");
        body.setAll(item.deepCopy());
        yield ApiResponse.json(200, body);
      }
      case "PATCH" -> {
        AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
        update(list, item, Requests.body(r));
        yield ApiResponse.noContent();
      }
      case "DELETE" -> {
        AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
        list.remove(index);
        tenant.markChanged();
        yield ApiResponse.noContent();
      }
      default -> throw GraphError.methodNotAllowed();
    };
  }

  private ApiResponse create(ObjectNode app, ArrayNode list, ObjectNode body) {
    checkProperties(body);
    String name = body.path("name").asText(null);
    if (name == null || name.isBlank()) throw invalid("name");
    if (!NAME.matcher(name).matches()) {
      throw GraphError.badRequest("Federated Identity Credential name '" + name + "' is invalid.");
    }
    if (find(list, name) >= 0) {
      throw new GraphError(409, "Request_MultipleObjectsWithSameKeyValue",
          "Another object with the same value for property name already exists.");
    }
    if (list.size() >= MAX_PER_APPLICATION) {
      throw GraphError.badRequest("The number of federated identity credentials on the application has reached the "
          + "limit of " + MAX_PER_APPLICATION + ".");
    }
    ObjectNode item = Entities.JSON.createObjectNode();
    item.put("id", UUID.randomUUID().toString());
    item.put("name", name);
    apply(item, body, true);
    unique(list, item, app.get("id").asText());
    list.add(item);
    app.set(NAVIGATION, list);
    tenant.markChanged();
    ObjectNode answer = Entities.JSON.createObjectNode();
    answer.put("@odata.context", baseUrl + "/$metadata#applications('" + app.get("id").asText() + "')/" + NAVIGATION
        + "/$entity");
    answer.setAll(item.deepCopy());
    return ApiResponse.json(201, answer);
  }

  private void update(ArrayNode list, ObjectNode item, ObjectNode body) {
    checkProperties(body);
    if (body.has("name") && !item.get("name").asText().equals(body.path("name").asText(null))) {
      throw GraphError.badRequest("Property 'name' is immutable once set and cannot be updated.");
    }
    ObjectNode changed = item.deepCopy();
    apply(changed, body, false);
    unique(list, changed, null);
    item.setAll(changed);
    tenant.markChanged();
  }

  /** Sets issuer, subject, audiences, description from {@code body}; all but description are required on create. */
  private static void apply(ObjectNode item, ObjectNode body, boolean create) {
    if (create || body.has("issuer")) {
      String issuer = body.path("issuer").asText(null);
      if (issuer == null || issuer.isBlank() || issuer.length() > 600 || !absoluteUrl(issuer)) throw invalid("issuer");
      item.put("issuer", issuer);
    }
    if (create || body.has("subject")) {
      String subject = body.path("subject").asText(null);
      if (subject == null || subject.isBlank() || subject.length() > 600) throw invalid("subject");
      item.put("subject", subject);
    }
    if (create || body.has("audiences")) {
      JsonNode audiences = body.get("audiences");
      if (audiences == null || !audiences.isArray() || audiences.size() != 1) {
        throw GraphError.badRequest("Federated identity credentials must have exactly one audience.");
      }
      String aud = audiences.get(0).asText("");
      if (aud.isBlank() || aud.length() > 600) throw invalid("audiences");
      item.putArray("audiences").add(aud);
    }
    if (body.has("description")) {
      JsonNode d = body.get("description");
      if (!d.isNull() && d.asText().length() > 600) throw invalid("description");
      item.set("description", d.isNull() ? Entities.JSON.nullNode() : Entities.JSON.getNodeFactory().textNode(d.asText()));
    } else if (create) {
      item.putNull("description");
    }
  }

  /** "The combination of issuer and subject must be unique for the application." (Azure/azure-workload-identity#434) */
  private static void unique(ArrayNode list, ObjectNode item, String appId) {
    for (JsonNode other : list) {
      if (other.get("id").asText().equals(item.get("id").asText())) continue;
      if (other.path("issuer").asText().equals(item.path("issuer").asText())
          && other.path("subject").asText().equals(item.path("subject").asText())) {
        String subject = item.path("subject").asText();
        throw new GraphError(400, "InvalidFederatedIdentityCredentialValue", "The combination of issuer and subject must "
            + "be unique for the application. Issuer " + item.path("issuer").asText() + " and Subject: " + subject
            + " already exist. paramName: FederatedIdentityCredential.Subject, paramValue: " + subject
            + ", objectType: Microsoft.Online.DirectoryServices.Application");
      }
    }
  }

  private static void checkProperties(ObjectNode body) {
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!PROPERTIES.contains(f) && !f.equals("id") && !Schema.isAnnotation(f)) {
        throw GraphError.unknownProperty(f, "FederatedIdentityCredential");
      }
    }
  }

  private static boolean absoluteUrl(String s) {
    try {
      URI u = new URI(s);
      return u.isAbsolute() && u.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  private static GraphError invalid(String property) {
    return GraphError.badRequest("Invalid value specified for property '" + property + "' of resource "
        + "'FederatedIdentityCredential'.");
  }

  /** By id or by name (federatedidentitycredential-update.md: "either its id or name"). */
  private static int find(ArrayNode list, String idOrName) {
    String wanted = idOrName.toLowerCase(Locale.ROOT);
    for (int i = 0; i < list.size(); i++) {
      JsonNode f = list.get(i);
      if (wanted.equals(f.path("id").asText().toLowerCase(Locale.ROOT))
          || wanted.equals(f.path("name").asText().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }
}
