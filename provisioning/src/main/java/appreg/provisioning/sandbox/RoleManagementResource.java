package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * roleManagement/directory: rbacapplication-list-roledefinitions.md, unifiedroledefinition-get.md,
 * rbacapplication-list-roleassignments.md, rbacapplication-post-roleassignments.md, unifiedroleassignment-get.md,
 * unifiedroleassignment-delete.md.
 */
final class RoleManagementResource {
  private static final Set<String> ROLE_ASSIGNMENT_FILTERABLE = Set.of("id", "principalId", "roleDefinitionId",
      "directoryScopeId", "appScopeId");
  private static final Set<String> ROLE_DEFINITION_FILTERABLE = Set.of("id", "displayName", "isBuiltIn",
      "templateId", "isEnabled");

  private final SimulatedTenant tenant;
  private final Query query;

  RoleManagementResource(SimulatedTenant tenant, Query query) {
    this.tenant = tenant;
    this.query = query;
  }

  ApiResponse answer(ApiRequest r, List<String> s) {
    if (s.size() < 3 || !s.get(1).equals("directory")) {
      throw GraphError.unknownSegment(s.size() < 2 ? "roleManagement" : s.get(1));
    }
    String what = s.get(2);
    if (what.equals("roleDefinitions")) {
      Requests.requireMethod(r, "GET");
      AccessRules.ROLES_READ.check(r.header("Authorization"));
      if (s.size() == 3) {
        return query.list(r, "roleDefinitions", new ArrayList<>(tenant.collection("roleDefinitions").values()),
            "roleManagement/directory/roleDefinitions", ROLE_DEFINITION_FILTERABLE);
      }
      ObjectNode def = roleDefinition(s.get(3));
      if (def == null) {
        throw GraphError.notFound(s.get(3));
      }
      return query.entity(r, "roleDefinitions", def, "roleManagement/directory/roleDefinitions/$entity");
    }
    if (!what.equals("roleAssignments")) {
      throw GraphError.unknownSegment(what);
    }
    var assignments = tenant.collection("roleAssignments");
    if (s.size() == 3) {
      return switch (r.method()) {
        case "GET" -> {
          AccessRules.ROLES_READ.check(r.header("Authorization"));
          yield query.list(r, "roleAssignments", new ArrayList<>(assignments.values()),
              "roleManagement/directory/roleAssignments", ROLE_ASSIGNMENT_FILTERABLE);
        }
        case "POST" -> {
          AccessRules.ROLES_WRITE.check(r.header("Authorization"));
          yield createRoleAssignment(r, Requests.body(r));
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
        yield query.entity(r, "roleAssignments", assignment, "roleManagement/directory/roleAssignments/$entity");
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
    Requests.checkType(body, Schemas.ROLE_ASSIGNMENT);
    Schemas.ROLE_ASSIGNMENT.validateBody(body);
    String roleDefinitionId = body.path("roleDefinitionId").asText(null);
    String principalId = Requests.requiredGuid(body, "principalId", "UnifiedRoleAssignment");
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
    return query.entity(r, "roleAssignments", stored, "roleManagement/directory/roleAssignments/$entity");
  }
}
