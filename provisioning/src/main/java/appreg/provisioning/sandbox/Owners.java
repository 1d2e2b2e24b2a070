package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * owners of applications and service principals: application-list-owners.md, -post-owners.md, -delete-owners.md;
 * serviceprincipal-list-owners.md, -post-owners.md, -delete-owners.md.
 */
final class Owners {
  private final SimulatedTenant tenant;
  private final Query query;

  Owners(SimulatedTenant tenant, Query query) {
    this.tenant = tenant;
    this.query = query;
  }

  ApiResponse answer(ApiRequest r, String collection, String ownedId, List<String> rest) {
    if (rest.isEmpty()) {
      Requests.requireMethod(r, "GET");
      (collection.equals("applications") ? AccessRules.APPLICATIONS_READ : AccessRules.SERVICE_PRINCIPALS_READ)
          .check(r.header("Authorization"));
      var owners = new ArrayList<ObjectNode>();
      for (String ownerId : tenant.ownersMap().getOrDefault(ownedId, new LinkedHashSet<>())) {
        ObjectNode o = query.directoryObjectWithType(ownerId);
        if (o != null) {
          owners.add(o);
        }
      }
      return query.plainCollection(collection + "('" + ownedId + "')/owners", owners, r);
    }
    if (rest.size() == 1 && rest.get(0).equals("$ref")) {
      Requests.requireMethod(r, "POST");
      AccessRules.OWNERS_WRITE.check(r.header("Authorization"));
      ObjectNode body = Requests.body(r);
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
      Requests.requireMethod(r, "DELETE");
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
}
