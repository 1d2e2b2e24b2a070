package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** directoryObjects: directoryobject-get.md. */
final class DirectoryObjectsResource {
  private final SimulatedTenant tenant;
  private final Query query;

  DirectoryObjectsResource(SimulatedTenant tenant, Query query) {
    this.tenant = tenant;
    this.query = query;
  }

  ApiResponse answer(ApiRequest r, List<String> s) {
    Requests.requireMethod(r, "GET");
    AccessRules.DIRECTORY_OBJECTS_READ.check(r.header("Authorization"));
    if (s.size() != 2) {
      throw GraphError.unknownSegment(s.size() < 2 ? "directoryObjects" : s.get(2));
    }
    ObjectNode o = query.directoryObjectWithType(s.get(1));
    if (o == null || tenant.replicating(s.get(1))) {
      throw GraphError.notFound(s.get(1));
    }
    return ApiResponse.json(200, query.withContext(o, "directoryObjects/$entity"));
  }
}
