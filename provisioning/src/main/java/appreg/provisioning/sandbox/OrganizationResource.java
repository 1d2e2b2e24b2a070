package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** organization: organization-get.md. */
final class OrganizationResource {
  private final SimulatedTenant tenant;
  private final Query query;
  private final String baseUrl;

  OrganizationResource(SimulatedTenant tenant, Query query, String baseUrl) {
    this.tenant = tenant;
    this.query = query;
    this.baseUrl = baseUrl;
  }

  /** organization-get.md: a collection with the one organization. */
  ApiResponse answer(ApiRequest r, List<String> s) {
    Requests.requireMethod(r, "GET");
    AccessRules.ORGANIZATION_READ.check(r.header("Authorization"));
    ObjectNode org = tenant.organizationNode();
    if (s.size() == 1) {
      var select = Query.select(r, Schemas.ORGANIZATION);
      var body = Entities.JSON.createObjectNode();
      body.put("@odata.context", baseUrl + "/$metadata#organization" + Query.selectSuffix(select));
      body.putArray("value").add(Query.project(org.deepCopy(), select));
      return ApiResponse.json(200, body);
    }
    if (s.size() == 2 && s.get(1).equalsIgnoreCase(org.path("id").asText())) {
      var select = Query.select(r, Schemas.ORGANIZATION);
      return ApiResponse.json(200, query.withContext(Query.project(org.deepCopy(), select),
          "organization" + Query.selectSuffix(select) + "/$entity"));
    }
    throw GraphError.notFound(s.size() > 1 ? s.get(1) : "organization");
  }
}
