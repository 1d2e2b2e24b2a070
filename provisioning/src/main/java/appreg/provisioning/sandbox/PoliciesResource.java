package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** policies: tenantappmanagementpolicy-get.md, -update.md; authorizationpolicy-get.md, -update.md. */
final class PoliciesResource {
  private final SimulatedTenant tenant;
  private final Query query;

  PoliciesResource(SimulatedTenant tenant, Query query) {
    this.tenant = tenant;
    this.query = query;
  }

  /** tenantappmanagementpolicy-get.md/-update.md, authorizationpolicy-get.md/-update.md. */
  ApiResponse answer(ApiRequest r, List<String> s) {
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
        var select = Query.select(r, schema);
        yield ApiResponse.json(200, query.withContext(Query.project(policy.deepCopy(), select),
            "policies/" + name + Query.selectSuffix(select) + "/$entity"));
      }
      case "PATCH" -> {
        write.check(r.header("Authorization"));
        ObjectNode body = Requests.body(r);
        Requests.checkType(body, schema);
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
}
