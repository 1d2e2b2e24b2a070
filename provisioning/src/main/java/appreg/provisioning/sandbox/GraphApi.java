package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph v1.0 over a {@link SimulatedTenant}: routing, validation, Entra's rules and error answers.
 * Each method names the documentation page it follows (microsoftgraph/microsoft-graph-docs-contrib,
 * {@code api-reference/v1.0/api/}); where Entra surprises, graph-facts.md has the source.
 */
final class GraphApi {
  private static final Pattern KEY_SEGMENT = Pattern.compile("^([A-Za-z0-9]+)\\((?:([A-Za-z]+)=)?'(.*)'\\)$",
      Pattern.DOTALL);
  private static final Pattern GUID = Pattern.compile(
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final String ZERO_GUID = "00000000-0000-0000-0000-000000000000";
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 999;
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~._-";

  private static final Set<String> APP_FILTERABLE = Set.of("id", "appId", "displayName", "identifierUris",
      "publisherDomain", "signInAudience", "tags", "createdDateTime", "owners/$count", "requiredResourceAccess",
      "keyCredentials", "web/redirectUris", "uniqueName");
  private static final Set<String> SP_FILTERABLE = Set.of("id", "appId", "displayName", "servicePrincipalNames",
      "tags", "accountEnabled", "appOwnerOrganizationId", "servicePrincipalType", "owners/$count",
      "appRoleAssignmentRequired", "alternativeNames");
  private static final Set<String> GRANT_FILTERABLE = Set.of("id", "clientId", "consentType", "resourceId",
      "principalId");
  private static final Set<String> ASSIGNMENT_FILTERABLE = Set.of("id", "principalId", "resourceId", "appRoleId",
      "principalType");
  private static final Set<String> ROLE_ASSIGNMENT_FILTERABLE = Set.of("id", "principalId", "roleDefinitionId",
      "directoryScopeId", "appScopeId");
  private static final Set<String> ROLE_DEFINITION_FILTERABLE = Set.of("id", "displayName", "isBuiltIn",
      "templateId", "isEnabled");
  private static final Set<String> USER_FILTERABLE = Set.of("id", "userPrincipalName", "displayName", "mail",
      "accountEnabled", "userType", "givenName", "surname", "mailNickname");

  private final SimulatedTenant tenant;
  private final String baseUrl;
  private final SecureRandom random = new SecureRandom();

  GraphApi(SimulatedTenant tenant, String baseUrl) {
    this.tenant = tenant;
    this.baseUrl = baseUrl;
  }

  /** Answers one call; Graph's errors are thrown as {@link GraphError}. */
  ApiResponse handle(ApiRequest r) {
    AccessRules.authenticate(r.header("Authorization"));
    return tenant.transact(() -> {
      tenant.beginOperation();
      return route(r);
    });
  }

  private ApiResponse route(ApiRequest r) {
    List<String> s = r.segments();
    if (s.isEmpty()) {
      throw GraphError.unknownSegment("");
    }
    Key first = Key.parse(s.get(0));
    return switch (first.name) {
      case "applications" -> applications(r, first, s);
      case "servicePrincipals" -> servicePrincipals(r, first, s);
      case "oauth2PermissionGrants" -> grants(r, first, s);
      case "roleManagement" -> roleManagement(r, s);
      case "users" -> users(r, first, s);
      case "organization" -> organization(r, s);
      case "policies" -> policies(r, s);
      case "directoryObjects" -> directoryObjects(r, s);
      default -> throw GraphError.unknownSegment(s.get(0));
    };
  }

  // =====================================================================================================
  // applications

  private ApiResponse applications(ApiRequest r, Key first, List<String> s) {
    if (first.key == null && s.size() == 1) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
          yield list(r, "applications", new ArrayList<>(tenant.collection("applications").values()),
              "applications", APP_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
          yield createApplication(r, body(r), null);
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    if (first.key == null && s.get(1).equals("$count")) {
      requireMethod(r, "GET");
      AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
      return countSegment(r, tenant.collection("applications").size());
    }
    Key key = first.key != null ? first : new Key("applications", "id", s.get(1));
    int rest = first.key != null ? 1 : 2;

    // Upsert: PATCH /applications(uniqueName='k') with Prefer: create-if-missing (application-upsert.md).
    if (rest == s.size() && r.method().equals("PATCH") && "uniqueName".equals(key.key)
        && findApplication(key) == null) {
      AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
      if (!prefersCreate(r)) {
        throw GraphError.notFound(key.value);
      }
      return createApplication(r, body(r), key.value);
    }

    ObjectNode app = requireApplication(key);
    String id = app.get("id").asText();
    if (rest == s.size()) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
          yield entity(r, "applications", app, "applications/$entity");
        }
        case "PATCH" -> {
          AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
          updateApplication(app, body(r));
          yield ApiResponse.noContent();
        }
        case "DELETE" -> {
          AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
          tenant.deleteCascading("applications", id);
          yield ApiResponse.noContent();
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    String action = s.get(rest);
    return switch (action) {
      case "addPassword" -> {
        requireMethod(r, "POST");
        AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
        yield addPassword(r, app);
      }
      case "removePassword" -> {
        requireMethod(r, "POST");
        AccessRules.APPLICATIONS_WRITE.check(r.header("Authorization"));
        yield removePassword(r, app);
      }
      case "owners" -> owners(r, "applications", id, s.subList(rest + 1, s.size()));
      default -> throw GraphError.unknownSegment(action);
    };
  }

  private ObjectNode findApplication(Key key) {
    var apps = tenant.collection("applications");
    return switch (key.key) {
      case "id" -> apps.get(key.value);
      case "appId" -> apps.values().stream().filter(a -> key.value.equalsIgnoreCase(a.path("appId").asText()))
          .findFirst().orElse(null);
      case "uniqueName" -> apps.values().stream()
          .filter(a -> key.value.equalsIgnoreCase(a.path("uniqueName").asText(null))).findFirst().orElse(null);
      default -> throw GraphError.badRequest("Invalid alternate key '" + key.key + "' for applications.");
    };
  }

  /** The application, or the 404 Entra sends for an unknown one and for one that has not replicated yet. */
  private ObjectNode requireApplication(Key key) {
    if ("appId".equals(key.key) && !GUID.matcher(key.value).matches()) {
      throw GraphError.badRequest("Invalid value specified for object reference property 'appId'. "
          + "Please ensure that this value has an appropriate syntax and length.");
    }
    ObjectNode app = findApplication(key);
    if (app == null || tenant.replicating(app.get("id").asText())
        || tenant.replicating(app.path("appId").asText())) {
      throw GraphError.notFound(key.value);
    }
    return app;
  }

  /** application-post-applications.md; and the create half of application-upsert.md. */
  private ApiResponse createApplication(ApiRequest r, ObjectNode body, String uniqueNameKey) {
    checkType(body, Schemas.APPLICATION);
    Schemas.APPLICATION.validateBody(body);
    rejectPasswordCredentials(body);
    rejectReadOnly(body, "Application", "appId", "publisherDomain", "createdDateTime", "id");
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
    ObjectNode stored = tenant.insert("applications", stripNulls(body));
    tenant.justCreated(stored.get("id").asText(), stored.get("appId").asText());
    return entity(r, "applications", stored, "applications/$entity")
        .withHeader("Location", baseUrl + "/applications/" + stored.get("id").asText());
  }

  /** application-update.md; the update half of application-upsert.md. */
  private void updateApplication(ObjectNode app, ObjectNode body) {
    checkType(body, Schemas.APPLICATION);
    Schemas.APPLICATION.validateBody(body);
    rejectPasswordCredentials(body);
    rejectReadOnly(body, "Application", "appId", "publisherDomain", "createdDateTime");
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

  /** "New password credentials must be generated using service actions." (msgraph-sdk-dotnet#2788). */
  private static void rejectPasswordCredentials(ObjectNode body) {
    JsonNode pc = body.get("passwordCredentials");
    if (pc != null && !pc.isNull() && !(pc.isArray() && pc.isEmpty())) {
      throw GraphError.badRequest("New password credentials must be generated using service actions.");
    }
    body.remove("passwordCredentials");
  }

  private static void rejectReadOnly(ObjectNode body, String type, String... properties) {
    for (String p : properties) {
      if (body.has(p) && !p.equals("id")) {
        throw GraphError.badRequest("Property '" + p + "' is read-only and cannot be set.");
      }
    }
    body.remove("id");
  }

  // ---- secrets

  /** application-addpassword.md: 200 with the secret text, shown this once. */
  private ApiResponse addPassword(ApiRequest r, ObjectNode app) {
    ObjectNode body = r.body().length == 0 ? Entities.JSON.createObjectNode() : body(r);
    Schemas.ADD_PASSWORD.validateBody(body);
    JsonNode requested = body.path("passwordCredential");
    Instant now = Instant.now();
    Instant start = requested.hasNonNull("startDateTime") ? instant(requested, "startDateTime", "PasswordCredential")
        : now;
    Instant end = requested.hasNonNull("endDateTime") ? instant(requested, "endDateTime", "PasswordCredential")
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
    Instant created = parseInstant(app.path("createdDateTime").asText(null));
    for (JsonNode restriction : policy.path("applicationRestrictions").path("passwordCredentials")) {
      if ("disabled".equalsIgnoreCase(restriction.path("state").asText("enabled"))) {
        continue;
      }
      Instant after = parseInstant(restriction.path("restrictForAppsCreatedAfterDateTime").asText(null));
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
    ObjectNode body = body(r);
    Schemas.REMOVE_PASSWORD.validateBody(body);
    String keyId = body.path("keyId").asText(null);
    if (keyId == null || !GUID.matcher(keyId).matches()) {
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

  // ---- owners (application-list-owners.md, application-post-owners.md, application-delete-owners.md)

  private ApiResponse owners(ApiRequest r, String collection, String ownedId, List<String> rest) {
    if (rest.isEmpty()) {
      requireMethod(r, "GET");
      (collection.equals("applications") ? AccessRules.APPLICATIONS_READ : AccessRules.SERVICE_PRINCIPALS_READ)
          .check(r.header("Authorization"));
      var owners = new ArrayList<ObjectNode>();
      for (String ownerId : tenant.ownersMap().getOrDefault(ownedId, new LinkedHashSet<>())) {
        ObjectNode o = directoryObjectWithType(ownerId);
        if (o != null) {
          owners.add(o);
        }
      }
      return plainCollection(collection + "('" + ownedId + "')/owners", owners, r);
    }
    if (rest.size() == 1 && rest.get(0).equals("$ref")) {
      requireMethod(r, "POST");
      AccessRules.OWNERS_WRITE.check(r.header("Authorization"));
      ObjectNode body = body(r);
      String ref = body.path("@odata.id").asText(null);
      if (ref == null) {
        throw GraphError.badRequest("Invalid request: '@odata.id' is required.");
      }
      String ownerId = ref.substring(ref.lastIndexOf('/') + 1);
      String ownerCollection = tenant.directoryCollectionOf(ownerId);
      if (ownerCollection == null || ownerCollection.equals("applications") || tenant.replicating(ownerId)) {
        throw GraphError.notFound(ownerId);
      }
      var set = tenant.ownersMap().computeIfAbsent(ownedId, k -> new LinkedHashSet<>());
      if (!set.add(ownerId)) {
        throw GraphError.badRequest("One or more added object references already exist for the following modified "
            + "properties: 'owners'.");
      }
      tenant.markChanged();
      return ApiResponse.noContent();
    }
    if (rest.size() == 2 && rest.get(1).equals("$ref")) {
      requireMethod(r, "DELETE");
      AccessRules.OWNERS_WRITE.check(r.header("Authorization"));
      var set = tenant.ownersMap().get(ownedId);
      if (set == null || !set.remove(rest.get(0))) {
        throw GraphError.notFound(rest.get(0));
      }
      tenant.markChanged();
      return ApiResponse.noContent();
    }
    throw GraphError.unknownSegment(rest.get(0));
  }

  private ObjectNode directoryObjectWithType(String id) {
    String collection = tenant.directoryCollectionOf(id);
    if (collection == null) {
      return null;
    }
    ObjectNode rendered = Entities.render(collection, tenant.collection(collection).get(id));
    var out = Entities.JSON.createObjectNode();
    out.put("@odata.type", "#microsoft.graph." + Entities.schema(collection).graphName());
    out.setAll(rendered);
    return out;
  }

  // =====================================================================================================
  // servicePrincipals

  private ApiResponse servicePrincipals(ApiRequest r, Key first, List<String> s) {
    if (first.key == null && s.size() == 1) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.SERVICE_PRINCIPALS_READ.check(r.header("Authorization"));
          yield list(r, "servicePrincipals", new ArrayList<>(tenant.collection("servicePrincipals").values()),
              "servicePrincipals", SP_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.SERVICE_PRINCIPALS_WRITE.check(r.header("Authorization"));
          yield createServicePrincipal(r, body(r), null);
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    if (first.key == null && s.get(1).equals("$count")) {
      requireMethod(r, "GET");
      AccessRules.SERVICE_PRINCIPALS_READ.check(r.header("Authorization"));
      return countSegment(r, tenant.collection("servicePrincipals").size());
    }
    Key key = first.key != null ? first : new Key("servicePrincipals", "id", s.get(1));
    int rest = first.key != null ? 1 : 2;
    if (rest == s.size() && r.method().equals("PATCH") && "appId".equals(key.key)
        && findServicePrincipal(key) == null) {
      // serviceprincipal-upsert.md
      AccessRules.SERVICE_PRINCIPALS_WRITE.check(r.header("Authorization"));
      if (!prefersCreate(r)) {
        throw GraphError.notFound(key.value);
      }
      return createServicePrincipal(r, body(r), key.value);
    }
    ObjectNode sp = requireServicePrincipal(key);
    String id = sp.get("id").asText();
    if (rest == s.size()) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.SERVICE_PRINCIPALS_READ.check(r.header("Authorization"));
          yield entity(r, "servicePrincipals", sp, "servicePrincipals/$entity");
        }
        case "PATCH" -> {
          AccessRules.SERVICE_PRINCIPALS_WRITE.check(r.header("Authorization"));
          ObjectNode body = body(r);
          checkType(body, Schemas.SERVICE_PRINCIPAL);
          Schemas.SERVICE_PRINCIPAL.validateBody(body);
          rejectPasswordCredentials(body);
          rejectReadOnly(body, "ServicePrincipal", "appId", "appOwnerOrganizationId");
          body.remove("@odata.type");
          body.fields().forEachRemaining(e -> sp.set(e.getKey(), e.getValue().deepCopy()));
          tenant.markChanged();
          yield ApiResponse.noContent();
        }
        case "DELETE" -> {
          AccessRules.SERVICE_PRINCIPALS_WRITE.check(r.header("Authorization"));
          tenant.deleteCascading("servicePrincipals", id);
          yield ApiResponse.noContent();
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    String nav = s.get(rest);
    List<String> tail = s.subList(rest + 1, s.size());
    return switch (nav) {
      case "appRoleAssignments" -> appRoleAssignments(r, sp, tail, true);
      case "appRoleAssignedTo" -> appRoleAssignments(r, sp, tail, false);
      case "oauth2PermissionGrants" -> {
        requireMethod(r, "GET");
        if (!tail.isEmpty()) {
          throw GraphError.unknownSegment(tail.get(0));
        }
        AccessRules.GRANTS_READ.check(r.header("Authorization"));
        var mine = tenant.collection("oauth2PermissionGrants").values().stream()
            .filter(g -> id.equals(g.path("clientId").asText())).toList();
        yield list(r, "oauth2PermissionGrants", new ArrayList<>(mine), "oauth2PermissionGrants", GRANT_FILTERABLE);
      }
      case "owners" -> owners(r, "servicePrincipals", id, tail);
      default -> throw GraphError.unknownSegment(nav);
    };
  }

  private ObjectNode findServicePrincipal(Key key) {
    var sps = tenant.collection("servicePrincipals");
    return switch (key.key) {
      case "id" -> sps.get(key.value);
      case "appId" -> sps.values().stream().filter(sp -> key.value.equalsIgnoreCase(sp.path("appId").asText()))
          .findFirst().orElse(null);
      default -> throw GraphError.badRequest("Invalid alternate key '" + key.key + "' for servicePrincipals.");
    };
  }

  private ObjectNode requireServicePrincipal(Key key) {
    if ("appId".equals(key.key) && !GUID.matcher(key.value).matches()) {
      throw GraphError.badRequest("Invalid value specified for object reference property 'appId'. "
          + "Please ensure that this value has an appropriate syntax and length.");
    }
    ObjectNode sp = findServicePrincipal(key);
    if (sp == null || tenant.replicating(sp.get("id").asText())) {
      throw GraphError.notFound(key.value);
    }
    return sp;
  }

  /**
   * serviceprincipal-post-serviceprincipals.md. The appId must name an application of this tenant or a first-party
   * one; right after the application was created Entra answers 400 "does not reference a valid application object"
   * until it has replicated (graph-facts.md §3.2); a second SP for the same appId is a 409.
   */
  private ApiResponse createServicePrincipal(ApiRequest r, ObjectNode body, String appIdKey) {
    checkType(body, Schemas.SERVICE_PRINCIPAL);
    Schemas.SERVICE_PRINCIPAL.validateBody(body);
    rejectPasswordCredentials(body);
    if (appIdKey != null) {
      body.put("appId", appIdKey);
    }
    String appId = body.path("appId").asText(null);
    if (appId == null || appId.isBlank()) {
      throw GraphError.badRequest("Invalid value specified for property 'appId' of resource 'ServicePrincipal'.");
    }
    boolean exists = tenant.collection("servicePrincipals").values().stream()
        .anyMatch(sp -> appId.equalsIgnoreCase(sp.path("appId").asText()));
    if (exists) {
      throw new GraphError(409, "Request_MultipleObjectsWithSameKeyValue", "The service principal cannot be "
          + "created, updated, or restored because the service principal name " + appId + " is already in use.");
    }
    ObjectNode app = tenant.collection("applications").values().stream()
        .filter(a -> appId.equalsIgnoreCase(a.path("appId").asText())).findFirst().orElse(null);
    ObjectNode sp;
    if (app != null && !tenant.replicating(appId) && !tenant.replicating(app.get("id").asText())) {
      sp = fromApplication(app);
    } else if (app == null && FirstPartyApps.isKnown(appId)) {
      sp = FirstPartyApps.servicePrincipal(appId).orElseThrow();
    } else {
      throw GraphError.badRequest("The appId '" + appId + "' of the service principal does not reference a valid "
          + "application object.");
    }
    body.remove("@odata.type");
    body.remove("id");
    body.fields().forEachRemaining(e -> sp.set(e.getKey(), e.getValue().deepCopy()));
    ObjectNode stored = tenant.insert("servicePrincipals", stripNulls(sp));
    tenant.justCreated(stored.get("id").asText());
    return entity(r, "servicePrincipals", stored, "servicePrincipals/$entity")
        .withHeader("Location", baseUrl + "/servicePrincipals/" + stored.get("id").asText());
  }

  private ObjectNode fromApplication(ObjectNode app) {
    var sp = Entities.JSON.createObjectNode();
    sp.put("accountEnabled", true);
    sp.put("appDisplayName", app.path("displayName").asText());
    sp.put("appId", app.path("appId").asText());
    sp.put("appOwnerOrganizationId", tenant.tenantId());
    sp.put("displayName", app.path("displayName").asText());
    if (app.hasNonNull("description")) {
      sp.put("appDescription", app.get("description").asText());
    }
    sp.put("signInAudience", app.path("signInAudience").asText("AzureADMyOrg"));
    sp.put("servicePrincipalType", "Application");
    var names = sp.putArray("servicePrincipalNames");
    names.add(app.path("appId").asText());
    app.path("identifierUris").forEach(names::add);
    var reply = sp.putArray("replyUrls");
    app.path("web").path("redirectUris").forEach(reply::add);
    app.path("spa").path("redirectUris").forEach(reply::add);
    app.path("publicClient").path("redirectUris").forEach(reply::add);
    if (app.path("web").hasNonNull("homePageUrl")) {
      sp.put("homepage", app.path("web").get("homePageUrl").asText());
    }
    if (app.has("appRoles")) {
      sp.set("appRoles", app.get("appRoles").deepCopy());
    }
    if (app.path("api").has("oauth2PermissionScopes")) {
      sp.set("oauth2PermissionScopes", app.path("api").get("oauth2PermissionScopes").deepCopy());
    }
    if (app.has("info")) {
      sp.set("info", app.get("info").deepCopy());
    }
    return sp;
  }

  // =====================================================================================================
  // app role assignments (serviceprincipal-post-approleassignments.md, -approleassignedto.md, -list-*.md)

  private ApiResponse appRoleAssignments(ApiRequest r, ObjectNode sp, List<String> tail, boolean asPrincipal) {
    String spId = sp.get("id").asText();
    String nav = asPrincipal ? "appRoleAssignments" : "appRoleAssignedTo";
    String side = asPrincipal ? "principalId" : "resourceId";
    String context = "servicePrincipals('" + spId + "')/" + nav;
    if (tail.isEmpty()) {
      switch (r.method()) {
        case "GET" -> {
          AccessRules.ASSIGNMENTS_READ.check(r.header("Authorization"));
          var mine = tenant.collection("appRoleAssignments").values().stream()
              .filter(a -> spId.equals(a.path(side).asText())).toList();
          return list(r, "appRoleAssignments", new ArrayList<>(mine), context, ASSIGNMENT_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.ASSIGNMENTS_WRITE.check(r.header("Authorization"));
          ObjectNode body = body(r);
          checkType(body, Schemas.APP_ROLE_ASSIGNMENT);
          Schemas.APP_ROLE_ASSIGNMENT.validateBody(body);
          if (!body.hasNonNull(side)) {
            body.put(side, spId);
          }
          if (!spId.equalsIgnoreCase(body.path(side).asText())) {
            throw GraphError.badRequest("One or more properties are invalid.");
          }
          ObjectNode stored = createAppRoleAssignment(body);
          return entity(r, "appRoleAssignments", stored, context + "/$entity");
        }
        default -> throw GraphError.methodNotAllowed();
      }
    }
    if (tail.size() == 1) {
      String assignmentId = tail.get(0);
      ObjectNode assignment = tenant.collection("appRoleAssignments").get(assignmentId);
      if (assignment == null || !spId.equals(assignment.path(side).asText())) {
        throw GraphError.notFound(assignmentId);
      }
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.ASSIGNMENTS_READ.check(r.header("Authorization"));
          yield entity(r, "appRoleAssignments", assignment, context + "/$entity");
        }
        case "DELETE" -> {
          AccessRules.ASSIGNMENTS_WRITE.check(r.header("Authorization"));
          tenant.collection("appRoleAssignments").remove(assignmentId);
          tenant.markChanged();
          yield ApiResponse.noContent();
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    throw GraphError.unknownSegment(tail.get(1));
  }

  private ObjectNode createAppRoleAssignment(ObjectNode body) {
    String principalId = requiredGuid(body, "principalId", "AppRoleAssignment");
    String resourceId = requiredGuid(body, "resourceId", "AppRoleAssignment");
    String appRoleId = body.hasNonNull("appRoleId") ? body.get("appRoleId").asText() : ZERO_GUID;
    String principalCollection = tenant.directoryCollectionOf(principalId);
    if (principalCollection == null || principalCollection.equals("applications")
        || tenant.replicating(principalId)) {
      throw GraphError.notFound(principalId);
    }
    ObjectNode resource = tenant.collection("servicePrincipals").get(resourceId);
    if (resource == null || tenant.replicating(resourceId)) {
      throw GraphError.notFound(resourceId);
    }
    String memberType = principalCollection.equals("users") ? "User" : "Application";
    boolean offered = false;
    for (JsonNode role : resource.path("appRoles")) {
      if (role.path("id").asText().equalsIgnoreCase(appRoleId) && role.path("isEnabled").asBoolean(true)) {
        for (JsonNode t : role.path("allowedMemberTypes")) {
          offered |= t.asText().equals(memberType);
        }
      }
    }
    // The default access role (all zeros) may be assigned when the resource defines no app roles.
    offered |= appRoleId.equals(ZERO_GUID) && resource.path("appRoles").isEmpty();
    if (!offered) {
      throw GraphError.badRequest("One or more properties are invalid.");
    }
    boolean duplicate = tenant.collection("appRoleAssignments").values().stream().anyMatch(a ->
        principalId.equalsIgnoreCase(a.path("principalId").asText())
            && resourceId.equalsIgnoreCase(a.path("resourceId").asText())
            && appRoleId.equalsIgnoreCase(a.path("appRoleId").asText()));
    if (duplicate) {
      throw GraphError.badRequest("Permission being assigned already exists on the object.");
    }
    var assignment = Entities.JSON.createObjectNode();
    assignment.put("appRoleId", appRoleId);
    assignment.put("principalId", principalId);
    assignment.put("resourceId", resourceId);
    return tenant.insert("appRoleAssignments", assignment);
  }

  // =====================================================================================================
  // oauth2PermissionGrants (oauth2permissiongrant-post.md, -list.md, -update.md, -delete.md)

  private ApiResponse grants(ApiRequest r, Key first, List<String> s) {
    if (first.key != null) {
      throw GraphError.unknownSegment(s.get(0));
    }
    if (s.size() == 1) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.GRANTS_READ.check(r.header("Authorization"));
          yield list(r, "oauth2PermissionGrants",
              new ArrayList<>(tenant.collection("oauth2PermissionGrants").values()), "oauth2PermissionGrants",
              GRANT_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.GRANTS_WRITE.check(r.header("Authorization"));
          yield createGrant(r, body(r));
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    if (s.size() > 2) {
      throw GraphError.unknownSegment(s.get(2));
    }
    String id = s.get(1);
    ObjectNode grant = tenant.collection("oauth2PermissionGrants").get(id);
    if (grant == null) {
      throw GraphError.notFound(id);
    }
    return switch (r.method()) {
      case "GET" -> {
        AccessRules.GRANTS_READ.check(r.header("Authorization"));
        yield entity(r, "oauth2PermissionGrants", grant, "oauth2PermissionGrants/$entity");
      }
      case "PATCH" -> {
        AccessRules.GRANTS_WRITE.check(r.header("Authorization"));
        ObjectNode body = body(r);
        checkType(body, Schemas.OAUTH2_PERMISSION_GRANT);
        Schemas.OAUTH2_PERMISSION_GRANT.validateBody(body);
        var it = body.fieldNames();
        while (it.hasNext()) {
          String name = it.next();
          if (!name.equals("scope") && !Schema.isAnnotation(name)) {
            throw GraphError.badRequest("Property cannot be updated: " + name);
          }
        }
        if (body.has("scope")) {
          grant.put("scope", body.get("scope").isNull() ? null : body.get("scope").asText());
          tenant.markChanged();
        }
        yield ApiResponse.noContent();
      }
      case "DELETE" -> {
        AccessRules.GRANTS_WRITE.check(r.header("Authorization"));
        tenant.collection("oauth2PermissionGrants").remove(id);
        tenant.markChanged();
        yield ApiResponse.noContent();
      }
      default -> throw GraphError.methodNotAllowed();
    };
  }

  private ApiResponse createGrant(ApiRequest r, ObjectNode body) {
    checkType(body, Schemas.OAUTH2_PERMISSION_GRANT);
    Schemas.OAUTH2_PERMISSION_GRANT.validateBody(body);
    String clientId = requiredGuid(body, "clientId", "OAuth2PermissionGrant");
    String resourceId = requiredGuid(body, "resourceId", "OAuth2PermissionGrant");
    String consentType = body.path("consentType").asText("");
    String principalId = body.hasNonNull("principalId") ? body.get("principalId").asText() : null;
    if (!consentType.equals("AllPrincipals") && !consentType.equals("Principal")) {
      throw GraphError.badRequest("Invalid value specified for property 'consentType' of resource "
          + "'OAuth2PermissionGrant'.");
    }
    if (consentType.equals("Principal") == (principalId == null)) {
      throw GraphError.badRequest("Invalid value specified for property 'principalId' of resource "
          + "'OAuth2PermissionGrant'.");
    }
    for (String sp : new String[] {clientId, resourceId}) {
      if (!tenant.collection("servicePrincipals").containsKey(sp) || tenant.replicating(sp)) {
        throw GraphError.notFound(sp);
      }
    }
    if (principalId != null && (!tenant.collection("users").containsKey(principalId)
        || tenant.replicating(principalId))) {
      throw GraphError.notFound(principalId);
    }
    boolean duplicate = tenant.collection("oauth2PermissionGrants").values().stream().anyMatch(g ->
        clientId.equalsIgnoreCase(g.path("clientId").asText())
            && resourceId.equalsIgnoreCase(g.path("resourceId").asText())
            && consentType.equals(g.path("consentType").asText())
            && (principalId == null ? g.path("principalId").isNull() || g.path("principalId").isMissingNode()
                : principalId.equalsIgnoreCase(g.path("principalId").asText())));
    if (duplicate) {
      throw new GraphError(409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.");
    }
    var grant = Entities.JSON.createObjectNode();
    grant.put("clientId", clientId);
    grant.put("consentType", consentType);
    if (principalId == null) {
      grant.putNull("principalId");
    } else {
      grant.put("principalId", principalId);
    }
    grant.put("resourceId", resourceId);
    grant.put("scope", body.path("scope").asText(""));
    ObjectNode stored = tenant.insert("oauth2PermissionGrants", grant);
    return entity(r, "oauth2PermissionGrants", stored, "oauth2PermissionGrants/$entity");
  }

  // =====================================================================================================
  // roleManagement/directory (rbacapplication-list-roledefinitions.md, -post-roleassignments.md, …)

  private ApiResponse roleManagement(ApiRequest r, List<String> s) {
    if (s.size() < 3 || !s.get(1).equals("directory")) {
      throw GraphError.unknownSegment(s.size() < 2 ? "roleManagement" : s.get(1));
    }
    String what = s.get(2);
    if (what.equals("roleDefinitions")) {
      requireMethod(r, "GET");
      AccessRules.ROLES_READ.check(r.header("Authorization"));
      if (s.size() == 3) {
        return list(r, "roleDefinitions", new ArrayList<>(tenant.collection("roleDefinitions").values()),
            "roleManagement/directory/roleDefinitions", ROLE_DEFINITION_FILTERABLE);
      }
      ObjectNode def = roleDefinition(s.get(3));
      if (def == null) {
        throw GraphError.notFound(s.get(3));
      }
      return entity(r, "roleDefinitions", def, "roleManagement/directory/roleDefinitions/$entity");
    }
    if (!what.equals("roleAssignments")) {
      throw GraphError.unknownSegment(what);
    }
    var assignments = tenant.collection("roleAssignments");
    if (s.size() == 3) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.ROLES_READ.check(r.header("Authorization"));
          yield list(r, "roleAssignments", new ArrayList<>(assignments.values()),
              "roleManagement/directory/roleAssignments", ROLE_ASSIGNMENT_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.ROLES_WRITE.check(r.header("Authorization"));
          yield createRoleAssignment(r, body(r));
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    ObjectNode assignment = assignments.get(s.get(3));
    if (assignment == null) {
      throw GraphError.notFound(s.get(3));
    }
    return switch (r.method()) {
      case "GET" -> {
        AccessRules.ROLES_READ.check(r.header("Authorization"));
        yield entity(r, "roleAssignments", assignment, "roleManagement/directory/roleAssignments/$entity");
      }
      case "DELETE" -> {
        AccessRules.ROLES_WRITE.check(r.header("Authorization"));
        assignments.remove(s.get(3));
        tenant.markChanged();
        yield ApiResponse.noContent();
      }
      default -> throw GraphError.methodNotAllowed();
    };
  }

  /** "roleDefinitionId can be either the service-wide template Id or the directory-specific roleDefinitionId". */
  private ObjectNode roleDefinition(String idOrTemplate) {
    var defs = tenant.collection("roleDefinitions");
    ObjectNode def = defs.get(idOrTemplate);
    if (def != null) {
      return def;
    }
    return defs.values().stream().filter(d -> idOrTemplate.equalsIgnoreCase(d.path("templateId").asText()))
        .findFirst().orElse(null);
  }

  private ApiResponse createRoleAssignment(ApiRequest r, ObjectNode body) {
    checkType(body, Schemas.ROLE_ASSIGNMENT);
    Schemas.ROLE_ASSIGNMENT.validateBody(body);
    String roleDefinitionId = body.path("roleDefinitionId").asText(null);
    String principalId = requiredGuid(body, "principalId", "UnifiedRoleAssignment");
    if (roleDefinitionId == null) {
      throw GraphError.badRequest("Invalid value specified for property 'roleDefinitionId' of resource "
          + "'UnifiedRoleAssignment'.");
    }
    if (!body.hasNonNull("directoryScopeId") && !body.hasNonNull("appScopeId")) {
      throw GraphError.badRequest("Either directoryScopeId or appScopeId must be specified.");
    }
    ObjectNode definition = roleDefinition(roleDefinitionId);
    if (definition == null) {
      throw GraphError.notFound(roleDefinitionId);
    }
    String principalCollection = tenant.directoryCollectionOf(principalId);
    if (principalCollection == null || principalCollection.equals("applications")
        || tenant.replicating(principalId)) {
      throw GraphError.notFound(principalId);
    }
    String scope = body.path("directoryScopeId").asText("/");
    String definitionId = definition.get("id").asText();
    boolean duplicate = tenant.collection("roleAssignments").values().stream().anyMatch(a ->
        principalId.equalsIgnoreCase(a.path("principalId").asText())
            && scope.equals(a.path("directoryScopeId").asText("/"))
            && (definitionId.equalsIgnoreCase(a.path("roleDefinitionId").asText())
                || definition.path("templateId").asText().equalsIgnoreCase(a.path("roleDefinitionId").asText())));
    if (duplicate) {
      throw GraphError.badRequest("A conflicting object with one or more of the specified property values is "
          + "present in the directory.");
    }
    var assignment = Entities.JSON.createObjectNode();
    assignment.put("directoryScopeId", scope);
    if (body.hasNonNull("appScopeId")) {
      assignment.put("appScopeId", body.get("appScopeId").asText());
    }
    assignment.put("principalId", principalId);
    assignment.put("roleDefinitionId", roleDefinitionId);
    ObjectNode stored = tenant.insert("roleAssignments", assignment);
    return entity(r, "roleAssignments", stored, "roleManagement/directory/roleAssignments/$entity");
  }

  // =====================================================================================================
  // users, organization, policies, directoryObjects

  /** user-list.md, user-get.md: by id or userPrincipalName, also {@code users('upn')}. */
  private ApiResponse users(ApiRequest r, Key first, List<String> s) {
    requireMethod(r, "GET");
    AccessRules.USERS_READ.check(r.header("Authorization"));
    var users = tenant.collection("users");
    if (first.key == null && s.size() == 1) {
      return list(r, "users", new ArrayList<>(users.values()), "users", USER_FILTERABLE);
    }
    if (first.key == null && s.get(1).equals("$count")) {
      return countSegment(r, users.size());
    }
    String key = first.key != null ? first.value : s.get(1);
    int rest = first.key != null ? 1 : 2;
    if (rest != s.size()) {
      throw GraphError.unknownSegment(s.get(rest));
    }
    ObjectNode user = users.get(key);
    if (user == null) {
      user = users.values().stream().filter(u -> key.equalsIgnoreCase(u.path("userPrincipalName").asText()))
          .findFirst().orElse(null);
    }
    if (user == null) {
      throw GraphError.notFound(key);
    }
    return entity(r, "users", user, "users/$entity");
  }

  /** organization-get.md: a collection with the one organization. */
  private ApiResponse organization(ApiRequest r, List<String> s) {
    requireMethod(r, "GET");
    AccessRules.ORGANIZATION_READ.check(r.header("Authorization"));
    ObjectNode org = tenant.organizationNode();
    if (s.size() == 1) {
      var select = select(r, Schemas.ORGANIZATION);
      var body = Entities.JSON.createObjectNode();
      body.put("@odata.context", baseUrl + "/$metadata#organization" + selectSuffix(select));
      body.putArray("value").add(project(org.deepCopy(), select));
      return ApiResponse.json(200, body);
    }
    if (s.size() == 2 && s.get(1).equalsIgnoreCase(org.path("id").asText())) {
      var select = select(r, Schemas.ORGANIZATION);
      return ApiResponse.json(200, withContext(project(org.deepCopy(), select),
          "organization" + selectSuffix(select) + "/$entity"));
    }
    throw GraphError.notFound(s.size() > 1 ? s.get(1) : "organization");
  }

  /** tenantappmanagementpolicy-get.md/-update.md, authorizationpolicy-get.md/-update.md. */
  private ApiResponse policies(ApiRequest r, List<String> s) {
    if (s.size() != 2) {
      throw GraphError.unknownSegment(s.size() < 2 ? "policies" : s.get(2));
    }
    String name = s.get(1);
    Schema schema;
    AccessRules read;
    AccessRules write;
    switch (name) {
      case "defaultAppManagementPolicy" -> {
        schema = Schemas.TENANT_APP_MANAGEMENT_POLICY;
        read = AccessRules.APP_POLICY_READ;
        write = AccessRules.APP_POLICY_WRITE;
      }
      case "authorizationPolicy" -> {
        schema = Schemas.AUTHORIZATION_POLICY;
        read = AccessRules.AUTHORIZATION_POLICY_READ;
        write = AccessRules.AUTHORIZATION_POLICY_WRITE;
      }
      default -> throw GraphError.unknownSegment(name);
    }
    ObjectNode policy = tenant.requirePolicy(name);
    return switch (r.method()) {
      case "GET" -> {
        read.check(r.header("Authorization"));
        var select = select(r, schema);
        yield ApiResponse.json(200, withContext(project(policy.deepCopy(), select),
            "policies/" + name + selectSuffix(select) + "/$entity"));
      }
      case "PATCH" -> {
        write.check(r.header("Authorization"));
        ObjectNode body = body(r);
        checkType(body, schema);
        schema.validateBody(body);
        body.remove("@odata.type");
        body.remove("id");
        body.fields().forEachRemaining(e -> policy.set(e.getKey(), e.getValue().deepCopy()));
        tenant.markChanged();
        yield ApiResponse.noContent();
      }
      default -> throw GraphError.methodNotAllowed();
    };
  }

  private ApiResponse directoryObjects(ApiRequest r, List<String> s) {
    requireMethod(r, "GET");
    AccessRules.DIRECTORY_OBJECTS_READ.check(r.header("Authorization"));
    if (s.size() != 2) {
      throw GraphError.unknownSegment(s.size() < 2 ? "directoryObjects" : s.get(2));
    }
    ObjectNode o = directoryObjectWithType(s.get(1));
    if (o == null || tenant.replicating(s.get(1))) {
      throw GraphError.notFound(s.get(1));
    }
    return ApiResponse.json(200, withContext(o, "directoryObjects/$entity"));
  }

  // =====================================================================================================
  // query options and rendering

  /**
   * A collection read with {@code $filter}, {@code $search}, {@code $orderby}, {@code $select}, {@code $expand},
   * {@code $top}, {@code $count} and paging (concepts/query-parameters.md, concepts/paging.md,
   * concepts/aad-advanced-queries.md). Default page 100, maximum 999 (application-list.md); 100 when expanding.
   */
  private ApiResponse list(ApiRequest r, String collection, List<ObjectNode> items, String contextPath,
      Set<String> filterable) {
    Schema schema = Entities.schema(collection);
    Map<String, String> q = r.query();
    boolean advanced = r.eventualConsistency() && "true".equalsIgnoreCase(q.get("$count"));
    List<String> select = select(r, schema);
    List<String> expand = expand(r, schema);

    if (q.containsKey("$search")) {
      if (!r.eventualConsistency()) {
        throw GraphError.unsupportedQuery("Request with $search query parameter only works through MSGraph with a "
            + "special request header: 'ConsistencyLevel: eventual'");
      }
      items = search(items, q.get("$search"));
    }
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
      Filter.Context context = (object, navigation) -> navigation.equals("owners")
          ? tenant.ownersMap().getOrDefault(object.path("id").asText(), new LinkedHashSet<>()).size() : 0;
      items = items.stream().filter(o -> filter.test(o, context)).toList();
    }
    if (q.containsKey("$orderby")) {
      items = orderBy(items, q.get("$orderby"), schema);
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
    }

    int total = items.size();
    int end = Math.min(total, offset + top);
    var body = Entities.JSON.createObjectNode();
    body.put("@odata.context", baseUrl + "/$metadata#" + contextPath + selectSuffix(select));
    if (advanced && offset == 0) {
      body.put("@odata.count", total);
    }
    if (end < total) {
      body.put("@odata.nextLink", nextLink(r, end));
    }
    ArrayNode value = body.putArray("value");
    for (ObjectNode stored : items.subList(Math.min(offset, total), end)) {
      ObjectNode rendered = Entities.render(collection, stored);
      expandInto(rendered, expand);
      value.add(project(rendered, select));
    }
    return ApiResponse.json(200, body);
  }

  private ApiResponse plainCollection(String contextPath, List<ObjectNode> items, ApiRequest r) {
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

  private static List<ObjectNode> search(List<ObjectNode> items, String search) {
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

  private static List<ObjectNode> orderBy(List<ObjectNode> items, String orderBy, Schema schema) {
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
  private static List<String> select(ApiRequest r, Schema schema) {
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

  private void expandInto(ObjectNode rendered, List<String> expand) {
    for (String nav : expand) {
      ArrayNode related = rendered.putArray(nav);
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

  private static ObjectNode project(ObjectNode rendered, List<String> select) {
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

  private static String selectSuffix(List<String> select) {
    return select.isEmpty() ? "" : "(" + String.join(",", select) + ")";
  }

  private ApiResponse entity(ApiRequest r, String collection, ObjectNode stored, String context) {
    Schema schema = Entities.schema(collection);
    List<String> select = r.method().equals("GET") ? select(r, schema) : List.of();
    List<String> expand = r.method().equals("GET") ? expand(r, schema) : List.of();
    ObjectNode rendered = Entities.render(collection, stored);
    expandInto(rendered, expand);
    String ctx = select.isEmpty() ? context : context.replace("/$entity", selectSuffix(select) + "/$entity");
    int status = r.method().equals("GET") ? 200 : 201;
    return ApiResponse.json(status, withContext(project(rendered, select), ctx));
  }

  private ObjectNode withContext(ObjectNode object, String contextPath) {
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
  private static ApiResponse countSegment(ApiRequest r, int count) {
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

  // =====================================================================================================
  // bodies and small helpers

  private static ObjectNode body(ApiRequest r) {
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
  private static void checkType(ObjectNode body, Schema schema) {
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

  private static String requiredGuid(ObjectNode body, String property, String type) {
    String v = body.path(property).asText(null);
    if (v == null || !GUID.matcher(v).matches()) {
      throw GraphError.badRequest("Invalid value specified for property '" + property + "' of resource '" + type
          + "'.");
    }
    return v.toLowerCase(Locale.ROOT);
  }

  private static Instant instant(JsonNode node, String property, String type) {
    Instant i = parseInstant(node.path(property).asText(null));
    if (i == null) {
      throw GraphError.badRequest("Invalid value specified for property '" + property + "' of resource '" + type
          + "'.");
    }
    return i;
  }

  private static Instant parseInstant(String text) {
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

  private static boolean prefersCreate(ApiRequest r) {
    String prefer = r.header("Prefer");
    return prefer != null && prefer.toLowerCase(Locale.ROOT).contains("create-if-missing");
  }

  private static void requireMethod(ApiRequest r, String method) {
    if (!r.method().equals(method)) {
      throw GraphError.methodNotAllowed();
    }
  }

  /** Nulls in a create body mean "not set": keep the stored form small. */
  private static ObjectNode stripNulls(ObjectNode body) {
    var names = new ArrayList<String>();
    body.fieldNames().forEachRemaining(names::add);
    for (String n : names) {
      if (body.get(n).isNull()) {
        body.remove(n);
      }
    }
    return body;
  }

  /** A path segment: {@code name}, {@code name(key='value')} or {@code name('value')}. */
  record Key(String name, String key, String value) {
    static Key parse(String segment) {
      Matcher m = KEY_SEGMENT.matcher(segment);
      if (!m.matches()) {
        return new Key(segment, null, null);
      }
      String key = m.group(2) == null ? "id" : m.group(2);
      return new Key(m.group(1), key, m.group(3).replace("''", "'"));
    }
  }
}
