package appreg.provisioning.sandbox;

import java.util.List;
import java.util.Map;

/**
 * Microsoft Graph v1.0 over a {@link SimulatedTenant}: authenticates a call and hands it to the class answering its
 * resource, one per Graph resource as {@code api-reference/v1.0/api/} (microsoftgraph/microsoft-graph-docs-contrib)
 * is laid out; where Entra surprises, graph-facts.md has the source.
 */
final class GraphApi {
  private final SimulatedTenant tenant;
  private final ApplicationsResource applications;
  private final ServicePrincipalsResource servicePrincipals;
  private final OAuth2PermissionGrantsResource grants;
  private final RoleManagementResource roleManagement;
  private final UsersResource users;
  private final OrganizationResource organization;
  private final PoliciesResource policies;
  private final DirectoryObjectsResource directoryObjects;
  private final DirectoryResource directory;

  GraphApi(SimulatedTenant tenant, String baseUrl) {
    this.tenant = tenant;
    Query query = new Query(tenant, baseUrl);
    Owners owners = new Owners(tenant, query);
    this.applications = new ApplicationsResource(tenant, query, owners, baseUrl);
    this.servicePrincipals = new ServicePrincipalsResource(tenant, query, owners, baseUrl);
    this.grants = new OAuth2PermissionGrantsResource(tenant, query);
    this.roleManagement = new RoleManagementResource(tenant, query);
    this.users = new UsersResource(tenant, query);
    this.organization = new OrganizationResource(tenant, query, baseUrl);
    this.policies = new PoliciesResource(tenant, query);
    this.directoryObjects = new DirectoryObjectsResource(tenant, query);
    this.directory = new DirectoryResource(tenant, query);
  }

  /** Answers one call; Graph's errors are thrown as {@link GraphError}. */
  ApiResponse handle(ApiRequest r) {
    AccessRules.authenticate(r.header("Authorization"));
    if (tenant.isB2c() && usesCount(r)) {
      throw GraphError.badRequest("$count is not currently supported.");
    }
    java.util.function.Supplier<ApiResponse> work = () -> {
      tenant.beginOperation();
      return route(r);
    };
    return r.method().equals("GET") ? tenant.read(work) : tenant.transact(work);
  }

  /** {@code /applications/$count}, {@code ?$count=true} or {@code $filter=owners/$count eq 0}. */
  private static boolean usesCount(ApiRequest r) {
    Map<String, String> q = r.query();
    return r.segments().contains("$count") || q.containsKey("$count")
        || q.getOrDefault("$filter", "").contains("$count");
  }

  private ApiResponse route(ApiRequest r) {
    List<String> s = r.segments();
    if (s.isEmpty()) {
      throw GraphError.unknownSegment("");
    }
    KeySegment first = KeySegment.parse(s.get(0));
    return switch (first.name()) {
      case "applications" -> applications.answer(r, first, s);
      case "servicePrincipals" -> servicePrincipals.answer(r, first, s);
      case "oauth2PermissionGrants" -> grants.answer(r, first, s);
      case "roleManagement" -> roleManagement.answer(r, s);
      case "users" -> users.answer(r, first, s);
      case "organization" -> organization.answer(r, s);
      case "policies" -> policies.answer(r, s);
      case "directoryObjects" -> directoryObjects.answer(r, s);
      case "directory" -> directory.answer(r, s);
      default -> throw GraphError.unknownSegment(s.get(0));
    };
  }
}
