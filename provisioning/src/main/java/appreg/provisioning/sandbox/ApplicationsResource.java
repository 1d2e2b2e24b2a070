package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * applications: application-list.md, -get.md, -post-applications.md, -update.md, -upsert.md, -delete.md,
 * -addpassword.md, -removepassword.md, -addkey.md, -removekey.md (certificates: {@link ApplicationKeys}); owners go to
 * {@link Owners}, federated credentials to {@link FederatedIdentityCredentialsResource}.
 */
final class ApplicationsResource {
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~._-";

  static final Set<String> APP_FILTERABLE = Set.of("id", "appId", "displayName", "identifierUris",
      "publisherDomain", "signInAudience", "tags", "createdDateTime", "owners/$count",
      "federatedIdentityCredentials/$count", "requiredResourceAccess",
      "keyCredentials", "web/redirectUris", "uniqueName");

  private final SimulatedTenant tenant;
  private final Query query;
  private final Owners owners;
  private final String baseUrl;
  private final SecureRandom random = new SecureRandom();
  private final FederatedIdentityCredentialsResource federated;

  ApplicationsResource(SimulatedTenant tenant, Query query, Owners owners, String baseUrl) {
    this.tenant = tenant;
    this.query = query;
    this.owners = owners;
    this.baseUrl = baseUrl;
    this.federated = new FederatedIdentityCredentialsResource(tenant, baseUrl);
  }

  ApiResponse answer(ApiRequest r, KeySegment first, List<String> s) {
    if (first.key() == null && s.size() == 1) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
          yield query.list(r, "applications", tenant.collection("applications").values(),
              "applications", APP_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
          yield createApplication(r, Requests.body(r), null);
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    if (first.key() == null && s.get(1).equals("$count")) {
      Requests.requireMethod(r, "GET");
      AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
      return Query.countSegment(r, tenant.collection("applications").size());
    }
    KeySegment key = first.key() != null ? first : new KeySegment("applications", "id", s.get(1));
    int rest = first.key() != null ? 1 : 2;

    // Upsert: PATCH /applications(uniqueName='k') with Prefer: create-if-missing (application-upsert.md).
    if (rest == s.size() && r.method().equals("PATCH") && "uniqueName".equals(key.key())
        && findApplication(key) == null) {
      AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
      if (!Requests.prefersCreate(r)) {
        throw GraphError.notFound(key.value());
      }
      return createApplication(r, Requests.body(r), key.value());
    }

    ObjectNode app = requireApplication(key);
    String id = app.get("id").asText();
    if (rest == s.size()) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
          yield query.entity(r, "applications", app, "applications/$entity");
        }
        case "PATCH" -> {
          AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
          updateApplication(app, Requests.body(r));
          yield ApiResponse.noContent();
        }
        case "DELETE" -> {
          AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
          tenant.softDelete("applications", id);
          yield ApiResponse.noContent();
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    String action = s.get(rest);
    return switch (action) {
      case "addPassword" -> {
        Requests.requireMethod(r, "POST");
        AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
        yield addPassword(r, app);
      }
      case "removePassword" -> {
        Requests.requireMethod(r, "POST");
        AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
        yield removePassword(r, app);
      }
      case "addKey" -> {
        Requests.requireMethod(r, "POST");
        AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
        ObjectNode added = ApplicationKeys.addKey(app, Requests.body(r), Instant.now());
        tenant.markChanged();
        var response = Entities.JSON.createObjectNode();
        response.put("@odata.context", baseUrl + "/$metadata#microsoft.graph.keyCredential");
        response.setAll(added);
        yield ApiResponse.json(200, response);
      }
      case "removeKey" -> {
        Requests.requireMethod(r, "POST");
        AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
        ApplicationKeys.removeKey(app, Requests.body(r), Instant.now());
        tenant.markChanged();
        yield ApiResponse.noContent();
      }
      case FederatedIdentityCredentialsResource.NAVIGATION -> federated.answer(r, app, s.subList(rest + 1, s.size()));
      case "owners" -> owners.answer(r, "applications", id, s.subList(rest + 1, s.size()));
      default -> throw GraphError.unknownSegment(action);
    };
  }

  private ObjectNode findApplication(KeySegment key) {
    var apps = tenant.collection("applications");
    return switch (key.key()) {
      case "id" -> apps.get(key.value());
      case "appId" -> apps.values().stream().filter(a -> key.value().equalsIgnoreCase(a.path("appId").asText()))
          .findFirst().orElse(null);
      case "uniqueName" -> apps.values().stream()
          .filter(a -> key.value().equalsIgnoreCase(a.path("uniqueName").asText(null))).findFirst().orElse(null);
      default -> throw GraphError.badRequest("Invalid alternate key '" + key.key() + "' for applications.");
    };
  }

  /** The application, or the 404 Entra sends for an unknown one and for one that has not replicated yet. */
  private ObjectNode requireApplication(KeySegment key) {
    if ("appId".equals(key.key()) && !Requests.GUID.matcher(key.value()).matches()) {
      throw GraphError.badRequest("Invalid value specified for object reference property 'appId'. "
          + "Please ensure that this value has an appropriate syntax and length.");
    }
    ObjectNode app = findApplication(key);
    if (app == null || tenant.replicating(app.get("id").asText())
        || tenant.replicating(app.path("appId").asText())) {
      throw GraphError.notFound(key.value());
    }
    return app;
  }

  /** application-post-applications.md; and the create half of application-upsert.md. */
  private ApiResponse createApplication(ApiRequest r, ObjectNode body, String uniqueNameKey) {
    Requests.checkType(body, Schemas.APPLICATION);
    Schemas.APPLICATION.validateBody(body);
    Requests.rejectPasswordCredentials(body);
    Requests.rejectReadOnly(body, "Application", "appId", "publisherDomain", "createdDateTime", "id");
    if (!body.hasNonNull("displayName") || body.get("displayName").asText().isBlank()) {
      throw GraphError.badRequest("Invalid value specified for property 'displayName' of resource 'Application'.");
    }
    if (uniqueNameKey != null) {
      if (body.hasNonNull("uniqueName") && !uniqueNameKey.equals(body.get("uniqueName").asText())) {
        throw GraphError.badRequest("Property 'uniqueName' in the payload does not match the key in the URL.");
      }
      body.put("uniqueName", uniqueNameKey);
    }
    if (body.hasNonNull("uniqueName")) {
      requireUniqueName(body.get("uniqueName").asText(), null);
    }
    requireUniqueIdentifierUris(body, null);
    body.remove("@odata.type");
    if (body.has("keyCredentials")) {
      body.set("keyCredentials", ApplicationKeys.replace(Entities.JSON.createObjectNode(), body.get("keyCredentials")));
    }
    ObjectNode stored = tenant.insert("applications", Requests.stripNulls(body));
    tenant.justCreated(stored.get("id").asText(), stored.get("appId").asText());
    return query.entity(r, "applications", stored, "applications/$entity")
        .withHeader("Location", baseUrl + "/applications/" + stored.get("id").asText());
  }

  /** application-update.md; the update half of application-upsert.md. */
  private void updateApplication(ObjectNode app, ObjectNode body) {
    Requests.checkType(body, Schemas.APPLICATION);
    Schemas.APPLICATION.validateBody(body);
    Requests.rejectPasswordCredentials(body);
    Requests.rejectReadOnly(body, "Application", "appId", "publisherDomain", "createdDateTime");
    if (body.has("id") && !body.get("id").asText().equals(app.get("id").asText())) {
      throw GraphError.badRequest("Property 'id' is read-only and cannot be set.");
    }
    if (body.has("uniqueName")) {
      String current = app.path("uniqueName").asText(null);
      String wanted = body.get("uniqueName").isNull() ? null : body.get("uniqueName").asText();
      if (current != null && !current.equals(wanted)) {
        // "Can be updated only if null and is immutable once set" (application-update.md, uniqueName).
        throw GraphError.badRequest("Property 'uniqueName' is immutable once set and cannot be updated.");
      }
      if (current == null && wanted != null) {
        requireUniqueName(wanted, app.get("id").asText());
      }
    }
    if (body.has("displayName") && (body.get("displayName").isNull() || body.get("displayName").asText().isBlank())) {
      throw GraphError.badRequest("Invalid value specified for property 'displayName' of resource 'Application'.");
    }
    requireUniqueIdentifierUris(body, app.get("id").asText());
    body.remove("@odata.type");
    body.remove("id");
    if (body.has("keyCredentials")) body.set("keyCredentials", ApplicationKeys.replace(app, body.get("keyCredentials")));
    body.fields().forEachRemaining(e -> app.set(e.getKey(), e.getValue().deepCopy()));
    tenant.markChanged();
  }

  private void requireUniqueName(String uniqueName, String exceptId) {
    boolean taken = tenant.collection("applications").values().stream()
        .anyMatch(a -> uniqueName.equalsIgnoreCase(a.path("uniqueName").asText(null))
            && !a.get("id").asText().equals(exceptId));
    if (taken) {
      throw new GraphError(409, "Request_MultipleObjectsWithSameKeyValue",
          "Another object with the same value for property uniqueName already exists.");
    }
  }

  private void requireUniqueIdentifierUris(ObjectNode body, String exceptId) {
    JsonNode uris = body.get("identifierUris");
    if (uris == null || !uris.isArray()) {
      return;
    }
    for (JsonNode uri : uris) {
      for (ObjectNode a : tenant.collection("applications").values()) {
        if (a.get("id").asText().equals(exceptId)) {
          continue;
        }
        for (JsonNode other : a.path("identifierUris")) {
          if (other.asText().equalsIgnoreCase(uri.asText())) {
            throw GraphError.badRequest("Another object with the same value for property identifierUris already exists.");
          }
        }
      }
    }
  }

  // ---- secrets

  /** application-addpassword.md: 200 with the secret text, shown this once. */
  private ApiResponse addPassword(ApiRequest r, ObjectNode app) {
    ObjectNode body = r.body().length == 0 ? Entities.JSON.createObjectNode() : Requests.body(r);
    Schemas.ADD_PASSWORD.validateBody(body);
    JsonNode requested = body.path("passwordCredential");
    Instant now = Instant.now();
    Instant start = requested.hasNonNull("startDateTime")
        ? Requests.instant(requested, "startDateTime", "PasswordCredential") : now;
    Instant end = requested.hasNonNull("endDateTime") ? Requests.instant(requested, "endDateTime", "PasswordCredential")
        : OffsetDateTime.ofInstant(start, ZoneOffset.UTC).plusYears(2).toInstant();
    if (!end.isAfter(start)) {
      throw GraphError.badRequest("Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
    }
    enforceAppManagementPolicy(app, start, end);

    String secret = newSecret();
    var credential = Entities.JSON.createObjectNode();
    credential.putNull("customKeyIdentifier");
    credential.put("displayName", requested.hasNonNull("displayName") ? requested.get("displayName").asText() : null);
    credential.put("endDateTime", end.toString());
    credential.put("hint", secret.substring(0, 3));
    credential.put("keyId", UUID.randomUUID().toString());
    credential.put("startDateTime", start.toString());
    ((ArrayNode) app.withArray("passwordCredentials")).add(credential);
    tenant.markChanged();

    var response = Entities.JSON.createObjectNode();
    response.put("@odata.context", baseUrl + "/$metadata#microsoft.graph.passwordCredential");
    response.setAll(credential);
    response.put("secretText", secret);
    return ApiResponse.json(200, response);
  }

  /** Entra's strong passwords: 40 characters like {@code abc8Q~…} (the prefix carries the hint). */
  private String newSecret() {
    var sb = new StringBuilder(40);
    for (int i = 0; i < 3; i++) {
      sb.append(SECRET_ALPHABET.charAt(random.nextInt(62)));
    }
    sb.append(random.nextInt(10)).append("Q~");
    while (sb.length() < 40) {
      sb.append(SECRET_ALPHABET.charAt(random.nextInt(SECRET_ALPHABET.length())));
    }
    return sb.toString();
  }

  /**
   * The tenant default app management policy (tenantAppManagementPolicy): {@code passwordAddition} forbids new
   * secrets; {@code passwordLifetime} refuses a lifetime that is not less than {@code maxLifetime} — Entra compares
   * with "less than", so a 180-day cap is configured as P181D (ScubaGear MS.AAD.5.6v1). Day-only maxima compare
   * whole days, rounding the requested lifetime up, so a client's "now + 180 days" is judged as 180 days although the
   * server's clock has moved on. Error body: fixture error-credential-lifetime-policy.json.
   */
  private void enforceAppManagementPolicy(ObjectNode app, Instant start, Instant end) {
    ObjectNode policy = tenant.requirePolicy("defaultAppManagementPolicy");
    if (!policy.path("isEnabled").asBoolean(false)) {
      return;
    }
    String policyId = policy.path("id").asText();
    Instant created = Requests.parseInstant(app.path("createdDateTime").asText(null));
    for (JsonNode restriction : policy.path("applicationRestrictions").path("passwordCredentials")) {
      if ("disabled".equalsIgnoreCase(restriction.path("state").asText("enabled"))) {
        continue;
      }
      Instant after = Requests.parseInstant(restriction.path("restrictForAppsCreatedAfterDateTime").asText(null));
      if (after != null && created != null && !created.isAfter(after)) {
        continue;
      }
      switch (restriction.path("restrictionType").asText()) {
        case "passwordAddition" -> throw policyError("CredentialTypeNotAllowedAsPerAppPolicy",
            "Password addition is not allowed as per assigned policy '" + policyId + "'.", "PasswordCredentials");
        case "passwordLifetime" -> {
          if (!withinLifetime(start, end, restriction.path("maxLifetime").asText(null))) {
            throw policyError("CredentialInvalidLifetimeAsPerAppPolicy",
                "Credential lifetime exceeds the max value allowed as per assigned policy '" + policyId + "'.",
                "EndDate");
          }
        }
        default -> { }
      }
    }
  }

  static boolean withinLifetime(Instant start, Instant end, String maxLifetime) {
    if (maxLifetime == null) {
      return true;
    }
    String iso = maxLifetime.toUpperCase(Locale.ROOT);
    Matcher days = Pattern.compile("^P(\\d+)D$").matcher(iso);
    if (days.matches()) {
      long maxDays = Long.parseLong(days.group(1));
      long millis = Duration.between(start, end).toMillis();
      long lifetimeDays = (millis + 86_400_000L - 1) / 86_400_000L;
      return lifetimeDays < maxDays;
    }
    int t = iso.indexOf('T');
    String datePart = t < 0 ? iso : iso.substring(0, t);
    String timePart = t < 0 ? "" : iso.substring(t);
    var limit = OffsetDateTime.ofInstant(start, ZoneOffset.UTC);
    if (datePart.length() > 1) {
      limit = limit.plus(Period.parse(datePart));
    }
    if (!timePart.isEmpty()) {
      limit = limit.plus(Duration.parse("P" + timePart));
    }
    return end.isBefore(limit.toInstant());
  }

  private static GraphError policyError(String code, String message, String target) {
    var details = Entities.JSON.createArrayNode();
    var d = details.addObject();
    d.put("code", code.equals("CredentialInvalidLifetimeAsPerAppPolicy") ? "InvalidKeyEndDate" : code);
    d.put("message", message);
    d.put("target", target);
    return new GraphError(400, code, message, details);
  }

  /** application-removepassword.md: 204; an unknown keyId is a 404. */
  private ApiResponse removePassword(ApiRequest r, ObjectNode app) {
    ObjectNode body = Requests.body(r);
    Schemas.REMOVE_PASSWORD.validateBody(body);
    String keyId = body.path("keyId").asText(null);
    if (keyId == null || !Requests.GUID.matcher(keyId).matches()) {
      throw GraphError.badRequest("Invalid value specified for property 'keyId' of resource 'PasswordCredential'.");
    }
    ArrayNode credentials = app.withArray("passwordCredentials");
    for (int i = 0; i < credentials.size(); i++) {
      if (keyId.equalsIgnoreCase(credentials.get(i).path("keyId").asText())) {
        credentials.remove(i);
        tenant.markChanged();
        return ApiResponse.noContent();
      }
    }
    throw GraphError.notFound(keyId);
  }
}
