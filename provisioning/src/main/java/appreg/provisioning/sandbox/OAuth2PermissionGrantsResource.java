package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** oauth2PermissionGrants: oauth2permissiongrant-list.md, -get.md, -post.md, -update.md, -delete.md. */
final class OAuth2PermissionGrantsResource {
  static final Set<String> FILTERABLE = Set.of("id", "clientId", "consentType", "resourceId",
      "principalId");

  private final SimulatedTenant tenant;
  private final Query query;

  OAuth2PermissionGrantsResource(SimulatedTenant tenant, Query query) {
    this.tenant = tenant;
    this.query = query;
  }

  ApiResponse answer(ApiRequest r, KeySegment first, List<String> s) {
    if (first.key() != null) {
      throw GraphError.unknownSegment(s.get(0));
    }
    if (s.size() == 1) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.GRANTS_READ.check(r.header("Authorization"));
          yield query.list(r, "oauth2PermissionGrants",
              tenant.collection("oauth2PermissionGrants").values(), "oauth2PermissionGrants",
              FILTERABLE);
        }
        case "POST" -> {
          AccessRules.GRANTS_WRITE.check(r.header("Authorization"));
          yield createGrant(r, Requests.body(r));
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
        yield query.entity(r, "oauth2PermissionGrants", grant, "oauth2PermissionGrants/$entity");
      }
      case "PATCH" -> {
        AccessRules.GRANTS_WRITE.check(r.header("Authorization"));
        ObjectNode body = Requests.body(r);
        Requests.checkType(body, Schemas.OAUTH2_PERMISSION_GRANT);
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
    Requests.checkType(body, Schemas.OAUTH2_PERMISSION_GRANT);
    Schemas.OAUTH2_PERMISSION_GRANT.validateBody(body);
    String clientId = Requests.requiredGuid(body, "clientId", "OAuth2PermissionGrant");
    String resourceId = Requests.requiredGuid(body, "resourceId", "OAuth2PermissionGrant");
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
      if (!tenant.collection("servicePrincipals").containsKey(sp)) {
        throw GraphError.notFound(sp);
      }
    }
    // A service principal created moments earlier: Graph names the property that refers to it, or (some tenants)
    // answers as for any reference update (microsoftgraph/msgraph-bicep-types issue 193).
    for (String property : new String[] {"clientId", "resourceId"}) {
      if (tenant.replicating(property.equals("clientId") ? clientId : resourceId)) {
        throw GraphError.badRequest(tenant.grantsAnswerNotAValidReferenceUpdate
            ? ServicePrincipalsResource.NOT_A_VALID_REFERENCE_UPDATE
            : "Invalid value specified for property '" + property + "' of resource 'OAuth2PermissionGrant'.");
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
    return query.entity(r, "oauth2PermissionGrants", stored, "oauth2PermissionGrants/$entity");
  }
}
