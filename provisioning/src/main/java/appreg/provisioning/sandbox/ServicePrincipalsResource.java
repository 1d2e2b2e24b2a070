package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * servicePrincipals: serviceprincipal-list.md, -get.md, -post-serviceprincipals.md, -update.md, -upsert.md,
 * -delete.md, -list-approleassignments.md, -post-approleassignments.md, -delete-approleassignments.md,
 * -list-approleassignedto.md, -post-approleassignedto.md, -delete-approleassignedto.md,
 * -list-oauth2permissiongrants.md; owners go to {@link Owners}.
 */
final class ServicePrincipalsResource {
  private static final String ZERO_GUID = "00000000-0000-0000-0000-000000000000";
  static final Set<String> SP_FILTERABLE = Set.of("id", "appId", "displayName", "servicePrincipalNames",
      "tags", "accountEnabled", "appOwnerOrganizationId", "servicePrincipalType", "owners/$count",
      "appRoleAssignmentRequired", "alternativeNames");
  private static final Set<String> ASSIGNMENT_FILTERABLE = Set.of("id", "principalId", "resourceId", "appRoleId",
      "principalType");

  private final SimulatedTenant tenant;
  private final Query query;
  private final Owners owners;
  private final String baseUrl;

  ServicePrincipalsResource(SimulatedTenant tenant, Query query, Owners owners, String baseUrl) {
    this.tenant = tenant;
    this.query = query;
    this.owners = owners;
    this.baseUrl = baseUrl;
  }

  ApiResponse answer(ApiRequest r, KeySegment first, List<String> s) {
    if (first.key() == null && s.size() == 1) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.SERVICE_PRINCIPALS_READ.check(r.header("Authorization"));
          yield query.list(r, "servicePrincipals", tenant.collection("servicePrincipals").values(),
              "servicePrincipals", SP_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.SERVICE_PRINCIPALS_WRITE.check(r.header("Authorization"));
          yield createServicePrincipal(r, Requests.body(r), null);
        }
        default -> throw GraphError.methodNotAllowed();
      };
    }
    if (first.key() == null && s.get(1).equals("$count")) {
      Requests.requireMethod(r, "GET");
      AccessRules.SERVICE_PRINCIPALS_READ.check(r.header("Authorization"));
      return Query.countSegment(r, tenant.collection("servicePrincipals").size());
    }
    KeySegment key = first.key() != null ? first : new KeySegment("servicePrincipals", "id", s.get(1));
    int rest = first.key() != null ? 1 : 2;
    if (rest == s.size() && r.method().equals("PATCH") && "appId".equals(key.key())
        && findServicePrincipal(key) == null) {
      // serviceprincipal-upsert.md
      AccessRules.SERVICE_PRINCIPALS_WRITE.check(r.header("Authorization"));
      if (!Requests.prefersCreate(r)) {
        throw GraphError.notFound(key.value());
      }
      return createServicePrincipal(r, Requests.body(r), key.value());
    }
    // Creating an assignment is a reference update: a service principal that is still replicating is judged by the
    // references in the body (400 "Not a valid reference update."), not by the path.
    boolean assigning = r.method().equals("POST") && s.size() == rest + 1
        && (s.get(rest).equals("appRoleAssignments") || s.get(rest).equals("appRoleAssignedTo"));
    ObjectNode sp = requireServicePrincipal(key, !assigning);
    String id = sp.get("id").asText();
    if (rest == s.size()) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.SERVICE_PRINCIPALS_READ.check(r.header("Authorization"));
          yield query.entity(r, "servicePrincipals", sp, "servicePrincipals/$entity");
        }
        case "PATCH" -> {
          AccessRules.SERVICE_PRINCIPALS_WRITE.check(r.header("Authorization"));
          ObjectNode body = Requests.body(r);
          Requests.checkType(body, Schemas.SERVICE_PRINCIPAL);
          Schemas.SERVICE_PRINCIPAL.validateBody(body);
          Requests.rejectPasswordCredentials(body);
          Requests.rejectReadOnly(body, "ServicePrincipal", "appId", "appOwnerOrganizationId");
          body.remove("@odata.type");
          body.fields().forEachRemaining(e -> sp.set(e.getKey(), e.getValue().deepCopy()));
          tenant.markChanged();
          yield ApiResponse.noContent();
        }
        case "DELETE" -> {
          AccessRules.SERVICE_PRINCIPALS_WRITE.check(r.header("Authorization"));
          tenant.softDelete("servicePrincipals", id);
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
        Requests.requireMethod(r, "GET");
        if (!tail.isEmpty()) {
          throw GraphError.unknownSegment(tail.get(0));
        }
        AccessRules.GRANTS_READ.check(r.header("Authorization"));
        var mine = tenant.collection("oauth2PermissionGrants").values().stream()
            .filter(g -> id.equals(g.path("clientId").asText())).toList();
        yield query.list(r, "oauth2PermissionGrants", new ArrayList<>(mine), "oauth2PermissionGrants",
            OAuth2PermissionGrantsResource.FILTERABLE);
      }
      case "owners" -> owners.answer(r, "servicePrincipals", id, tail);
      default -> throw GraphError.unknownSegment(nav);
    };
  }

  private ObjectNode findServicePrincipal(KeySegment key) {
    var sps = tenant.collection("servicePrincipals");
    return switch (key.key()) {
      case "id" -> sps.get(key.value());
      case "appId" -> sps.values().stream().filter(sp -> key.value().equalsIgnoreCase(sp.path("appId").asText()))
          .findFirst().orElse(null);
      default -> throw GraphError.badRequest("Invalid alternate key '" + key.key() + "' for servicePrincipals.");
    };
  }

  private ObjectNode requireServicePrincipal(KeySegment key, boolean visible) {
    if ("appId".equals(key.key()) && !Requests.GUID.matcher(key.value()).matches()) {
      throw GraphError.badRequest("Invalid value specified for object reference property 'appId'. "
          + "Please ensure that this value has an appropriate syntax and length.");
    }
    ObjectNode sp = findServicePrincipal(key);
    if (sp == null || visible && tenant.replicating(sp.get("id").asText())) {
      throw GraphError.notFound(key.value());
    }
    return sp;
  }

  /**
   * serviceprincipal-post-serviceprincipals.md. The appId must name an application of this tenant or a first-party
   * one; right after the application was created Entra answers 400 "does not reference a valid application object"
   * until it has replicated (graph-facts.md §3.2), or 403 to a caller holding only Application.ReadWrite.OwnedBy;
   * a second SP for the same appId is a 409.
   */
  static final String NOT_A_VALID_REFERENCE_UPDATE = "Not a valid reference update.";
  static final String OTHER_TENANT_APPLICATION = "When using this permission, the backing application of the service "
      + "principal being created must in the local tenant";

  private ApiResponse createServicePrincipal(ApiRequest r, ObjectNode body, String appIdKey) {
    Requests.checkType(body, Schemas.SERVICE_PRINCIPAL);
    Schemas.SERVICE_PRINCIPAL.validateBody(body);
    Requests.rejectPasswordCredentials(body);
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
    } else if (AccessRules.onlyOwnedBy(r.header("Authorization"))) {
      // With OwnedBy alone Graph refuses any backing application it cannot see in this tenant: one of another tenant
      // (a Microsoft first-party API: Azure/azure-cli issue 28009) and, while it replicates, one just created here
      // (manicminer/hamilton msgraph/serviceprincipals.go retries this answer on create).
      throw new GraphError(403, "Authorization_RequestDenied", OTHER_TENANT_APPLICATION);
    } else if (app == null && FirstPartyApps.isKnown(appId)) {
      sp = FirstPartyApps.servicePrincipal(appId).orElseThrow();
    } else {
      throw GraphError.badRequest("The appId '" + appId + "' of the service principal does not reference a valid "
          + "application object.");
    }
    body.remove("@odata.type");
    body.remove("id");
    body.fields().forEachRemaining(e -> sp.set(e.getKey(), e.getValue().deepCopy()));
    ObjectNode stored = tenant.insert("servicePrincipals", Requests.stripNulls(sp));
    tenant.justCreated(stored.get("id").asText());
    return query.entity(r, "servicePrincipals", stored, "servicePrincipals/$entity")
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
          return query.list(r, "appRoleAssignments", new ArrayList<>(mine), context, ASSIGNMENT_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.ASSIGNMENTS_WRITE.check(r.header("Authorization"));
          ObjectNode body = Requests.body(r);
          Requests.checkType(body, Schemas.APP_ROLE_ASSIGNMENT);
          Schemas.APP_ROLE_ASSIGNMENT.validateBody(body);
          if (!body.hasNonNull(side)) {
            body.put(side, spId);
          }
          if (!spId.equalsIgnoreCase(body.path(side).asText())) {
            throw GraphError.badRequest("One or more properties are invalid.");
          }
          ObjectNode stored = createAppRoleAssignment(body);
          return query.entity(r, "appRoleAssignments", stored, context + "/$entity");
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
          yield query.entity(r, "appRoleAssignments", assignment, context + "/$entity");
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
    String principalId = Requests.requiredGuid(body, "principalId", "AppRoleAssignment");
    String resourceId = Requests.requiredGuid(body, "resourceId", "AppRoleAssignment");
    String appRoleId = body.hasNonNull("appRoleId") ? body.get("appRoleId").asText() : ZERO_GUID;
    String principalCollection = tenant.directoryCollectionOf(principalId);
    if (principalCollection == null || principalCollection.equals("applications")) {
      throw GraphError.notFound(principalId);
    }
    ObjectNode resource = tenant.collection("servicePrincipals").get(resourceId);
    if (resource == null) {
      throw GraphError.notFound(resourceId);
    }
    if (tenant.replicating(principalId) || tenant.replicating(resourceId)) {
      // microsoftgraph/msgraph-bicep-types issue 193: a principal created moments earlier
      throw GraphError.badRequest(NOT_A_VALID_REFERENCE_UPDATE);
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
}
