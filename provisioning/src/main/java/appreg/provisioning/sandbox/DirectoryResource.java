package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * directory/deletedItems: directory-deleteditems-list.md (the OData cast is required), directory-deleteditems-get.md,
 * directory-deleteditems-delete.md; for applications and service principals, the objects appreg deletes.
 */
final class DirectoryResource {
  private final SimulatedTenant tenant;
  private final Query query;

  DirectoryResource(SimulatedTenant tenant, Query query) {
    this.tenant = tenant;
    this.query = query;
  }

  ApiResponse answer(ApiRequest r, List<String> s) {
    if (s.size() < 3 || !s.get(1).equals("deletedItems")) {
      // the list without a cast is documented as unsupported; the error's shape is not, so this one is a guess
      throw s.size() == 2 && s.get(1).equals("deletedItems")
          ? GraphError.badRequest("The OData cast to a type is required to list deleted items.")
          : GraphError.unknownSegment(s.size() < 2 ? "directory" : s.get(1));
    }
    if (s.size() > 3) {
      throw GraphError.unknownSegment(s.get(3));
    }
    String item = s.get(2);
    // the Graph SDKs send the cast with the namespace alias (graph.application), the docs spell it out in full
    switch (item.startsWith("graph.") ? "microsoft." + item : item) {
      case "microsoft.graph.application" -> {
        Requests.requireMethod(r, "GET");
        AccessRules.APPLICATIONS_READ.check(r.header("Authorization"));
        return query.list(r, "applications", tenant.deleted("applications"),
            "directory/deletedItems/microsoft.graph.application", ApplicationsResource.APP_FILTERABLE);
      }
      case "microsoft.graph.servicePrincipal" -> {
        Requests.requireMethod(r, "GET");
        AccessRules.SERVICE_PRINCIPALS_READ.check(r.header("Authorization"));
        return query.list(r, "servicePrincipals", tenant.deleted("servicePrincipals"),
            "directory/deletedItems/microsoft.graph.servicePrincipal", ServicePrincipalsResource.SP_FILTERABLE);
      }
      default -> {
        String from = tenant.deletedCollectionOf(item);
        if (from == null) {
          throw GraphError.notFound(item);
        }
        return switch (r.method()) {
          case "GET" -> {
            (from.equals("applications") ? AccessRules.APPLICATIONS_READ : AccessRules.SERVICE_PRINCIPALS_READ)
                .check(r.header("Authorization"));
            ObjectNode rendered = Entities.render(from, tenant.deletedItem(item));
            var out = Entities.JSON.createObjectNode();
            out.put("@odata.type", "#microsoft.graph." + Entities.schema(from).graphName());
            out.setAll(rendered);
            yield ApiResponse.json(200, query.withContext(out, "directory/deletedItems/$entity"));
          }
          case "DELETE" -> {
            (from.equals("applications") ? AccessRules.APPLICATIONS_WRITE : AccessRules.SERVICE_PRINCIPALS_WRITE)
                .check(r.header("Authorization"));
            tenant.purge(item);
            yield ApiResponse.noContent();
          }
          default -> throw GraphError.methodNotAllowed();
        };
      }
    }
  }
}
