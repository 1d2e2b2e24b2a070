package appreg.provisioning.graph;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Organization;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.TenantPolicies;
import appreg.provisioning.tenant.Unread;
import appreg.provisioning.tenant.WellKnown;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Reads a whole tenant for {@code audit} and {@code export}, in bulk and never per registration, so that a tenant of
 * 10,000 registrations takes a few dozen round trips:
 *
 * <ul>
 *   <li>applications, service principals and delegated grants as three collections ({@code $top=999}, a
 *       {@code $select} of exactly what the rules and the snapshot use), paged side by side;
 *   <li>ownerless registrations with one advanced query, {@code $filter=owners/$count eq 0&$count=true} and
 *       {@code ConsistencyLevel: eventual}: expanding owners would cap pages at 100 and reading them per application
 *       would cost a request per registration (microsoft-graph-docs-contrib application-list.md, example 5);
 *   <li>app role assignments once per resource API ({@code /servicePrincipals/{id}/appRoleAssignedTo}), after the
 *       listings show which APIs offer application roles and are requested or homed elsewhere;
 *   <li>organization, directory role definitions and assignments, and the two tenant policies.
 * </ul>
 *
 * Only applications and service principals are needed to audit at all; Graph refusing one of them fails the run.
 * Every other read may be refused without ending it: it is recorded as {@link Unread} with Graph's answer, and the
 * audit reports the rules that needed it as not evaluated. Refusals seen in practice: the ownerless query in an Azure
 * AD B2C tenant, which does not support {@code $count} ("Use of $count is not supported in Azure AD B2C tenants",
 * microsoft-graph-docs-contrib concepts/query-parameters.md; the answer is 400 {@code Request_BadRequest} "$count is
 * not currently supported.", microsoft-graph-docs-contrib issue 4335); a policy without Policy.Read.All (403); any
 * collection a tenant or a future Graph version answers with 400.
 *
 * Pages of independent collections travel together in {@code $batch} requests ({@link BulkPager}).
 */
public final class TenantReader {
  /** How far the read has got: items per collection, for a progress line on a terminal. */
  public record Progress(Map<String, Integer> counts, boolean done) {
    public Progress {
      counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
  }

  static final List<String> READ_APPLICATIONS = List.of("Application.Read.All", "Directory.Read.All");
  static final List<String> READ_DIRECTORY = List.of("Directory.Read.All");
  static final List<String> READ_ROLES = List.of("RoleManagement.Read.Directory", "Directory.Read.All");
  private static final int PARALLEL_BATCHES = 3;

  private final GraphConnection connection;

  public TenantReader(GraphConnection connection) {
    this.connection = connection;
  }

  public ObservedTenant read(Consumer<Progress> progress) {
    List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());
    List<ServicePrincipal> servicePrincipals = Collections.synchronizedList(new ArrayList<>());
    List<DelegatedGrant> grants = Collections.synchronizedList(new ArrayList<>());
    List<AppRoleAssignment> assignments = Collections.synchronizedList(new ArrayList<>());
    List<RoleAssignment> roleAssignments = Collections.synchronizedList(new ArrayList<>());
    List<RoleDefinition> roleDefinitions = Collections.synchronizedList(new ArrayList<>());
    Set<ObjectId> ownerless = Collections.synchronizedSet(new HashSet<>());
    AtomicReference<Organization> organization = new AtomicReference<>();
    AtomicReference<Map<String, Object>> appManagement = new AtomicReference<>();
    AtomicReference<Map<String, Object>> authorization = new AtomicReference<>();

    var applications = collection("listing applications",
        "/applications?$top=999&$select=" + TenantJson.APPLICATION_FIELDS, READ_APPLICATIONS,
        n -> registrations.add(TenantJson.registration(n)));
    var sps = collection("listing service principals",
        "/servicePrincipals?$top=999&$select=" + TenantJson.SERVICE_PRINCIPAL_FIELDS, READ_APPLICATIONS,
        n -> servicePrincipals.add(TenantJson.servicePrincipal(n)));
    Map<BulkPager.Chain, TenantPart> optional = new LinkedHashMap<>();
    var grantChain = optional(optional, TenantPart.DELEGATED_GRANTS, "listing delegated permission grants",
        "/oauth2PermissionGrants?$top=999&$select=" + TenantJson.GRANT_FIELDS, Map.of(), false, READ_DIRECTORY,
        n -> grants.add(TenantJson.grant(n)));
    optional(optional, TenantPart.OWNERS, "finding registrations without owners",
        "/applications?$filter=owners/$count%20eq%200&$count=true&$top=999&$select=id",
        Map.of("ConsistencyLevel", "eventual"), false, READ_APPLICATIONS, n -> ownerless.add(new ObjectId(n.path("id").asText())));
    optional(optional, TenantPart.ORGANIZATION, "reading the organization",
        "/organization?$select=" + TenantJson.ORGANIZATION_FIELDS, Map.of(), false,
        List.of("Organization.Read.All", "Directory.Read.All"), n -> organization.compareAndSet(null, TenantJson.organization(n)));
    optional(optional, TenantPart.ROLE_DEFINITIONS, "listing directory role definitions",
        "/roleManagement/directory/roleDefinitions?$select=" + TenantJson.ROLE_DEFINITION_FIELDS, Map.of(), false, READ_ROLES,
        n -> roleDefinitions.add(TenantJson.roleDefinition(n)));
    optional(optional, TenantPart.ROLE_ASSIGNMENTS, "listing directory role assignments",
        "/roleManagement/directory/roleAssignments?$select=" + TenantJson.ROLE_ASSIGNMENT_FIELDS, Map.of(), false, READ_ROLES,
        n -> roleAssignments.add(TenantJson.roleAssignment(n)));
    optional(optional, TenantPart.APP_MANAGEMENT_POLICY, "reading the default app management policy",
        "/policies/defaultAppManagementPolicy", Map.of(), true, List.of("Policy.Read.All"),
        n -> appManagement.set(TenantJson.policy(n)));
    optional(optional, TenantPart.AUTHORIZATION_POLICY, "reading the authorization policy", "/policies/authorizationPolicy",
        Map.of(), true, List.of("Policy.Read.All"), n -> authorization.set(TenantJson.policy(n)));
    List<BulkPager.Chain> first = new ArrayList<>(List.of(applications, sps));
    first.addAll(optional.keySet());
    List<BulkPager.Chain> assignmentChains = Collections.synchronizedList(new ArrayList<>());

    BulkPager.Rounds rounds = all -> {
      if (!assignmentChains.isEmpty() || !applications.done() || !sps.done()) return List.of();
      List<BulkPager.Chain> more = new ArrayList<>();
      for (ServicePrincipal api : resourceApis(registrations, servicePrincipals)) {
        more.add(new BulkPager.Chain("listing app role assignments of " + api.displayName(),
            "/servicePrincipals/" + api.id().value() + "/appRoleAssignedTo?$top=999&$select=" + TenantJson.ASSIGNMENT_FIELDS,
            Map.of(), false, READ_APPLICATIONS, BulkPager.OnRefused.GO_ON, n -> {
              // Users and groups assigned to an API's roles are not application permissions; keeping them would grow
              // with the user count.
              if ("ServicePrincipal".equalsIgnoreCase(n.path("principalType").asText())) assignments.add(TenantJson.assignment(n));
            }));
      }
      if (more.isEmpty()) more.add(noop());
      assignmentChains.addAll(more);
      return more;
    };

    List<BulkPager.Chain> everything = new ArrayList<>(first);
    Runnable report = () -> {
      Map<String, Integer> counts = new LinkedHashMap<>();
      counts.put("applications", applications.count());
      counts.put("service principals", sps.count());
      counts.put("grants", grantChain.count());
      int assigned = 0;
      synchronized (assignmentChains) {
        for (var c : assignmentChains) assigned += c.count();
      }
      counts.put("app role assignments", assigned);
      progress.accept(new Progress(counts, false));
    };
    new BulkPager(connection.client().getRequestAdapter(), connection.baseUrl(), connection.options(), PARALLEL_BATCHES)
        .run(everything, rounds, report);
    Map<String, Integer> finalCounts = new LinkedHashMap<>();
    finalCounts.put("applications", registrations.size());
    finalCounts.put("service principals", servicePrincipals.size());
    finalCounts.put("grants", grants.size());
    finalCounts.put("app role assignments", assignments.size());
    progress.accept(new Progress(finalCounts, true));

    List<Unread> unread = new ArrayList<>();
    optional.forEach((chain, part) -> chain.refusal().ifPresent(f -> unread.add(unread(part, chain, f))));
    synchronized (assignmentChains) {
      // one refused API makes the assignments incomplete: the first refusal stands for all
      assignmentChains.stream().filter(c -> c.refusal().isPresent()).findFirst()
          .ifPresent(c -> unread.add(unread(TenantPart.APP_ROLE_ASSIGNMENTS, c, c.refusal().get())));
    }
    Map<ObjectId, List<ObjectId>> ownerMap = new LinkedHashMap<>();
    if (!ownersRefused(unread)) {
      for (Registration r : registrations) if (ownerless.contains(r.id())) ownerMap.put(r.id(), List.of());
    }
    return new ObservedTenant(organization.get(), registrations, servicePrincipals, grants, assignments, roleDefinitions,
        roleAssignments, List.of(), ownerMap, new TenantPolicies(appManagement.get(), authorization.get()), unread);
  }

  private static boolean ownersRefused(List<Unread> unread) {
    return unread.stream().anyMatch(u -> u.part() == TenantPart.OWNERS);
  }

  /**
   * For a 403 the permissions say more than Graph's text, and, as for {@code MissingPrivilegeException}, no error body
   * is copied: only code and request-id. Any other refusal keeps Graph's message, the only explanation there is
   * ("$count is not currently supported."), as a failed call's message would be shown.
   */
  private static Unread unread(TenantPart part, BulkPager.Chain chain, GraphErrors.Failure f) {
    boolean denied = f.status() == 403;
    return new Unread(part, f.status(), f.code(), denied ? "" : f.message(), f.requestId(), denied ? chain.needed : List.of());
  }

  /** A read the audit can do without: Graph refusing it is recorded as {@code part} unread, and the run goes on. */
  private static BulkPager.Chain optional(Map<BulkPager.Chain, TenantPart> into, TenantPart part, String step, String url,
      Map<String, String> headers, boolean entity, List<String> needed, Consumer<JsonNode> items) {
    var chain = new BulkPager.Chain(step, url, headers, entity, needed, BulkPager.OnRefused.GO_ON, items);
    into.put(chain, part);
    return chain;
  }

  /**
   * The APIs whose app role assignments are read: service principals offering at least one application role that are
   * either requested by some registration of this tenant, or belong to an app registered elsewhere (Microsoft's own
   * APIs, multi-tenant vendors). An API registered here that nobody requests is skipped: a tenant of 10,000
   * registrations that each expose roles would otherwise cost one request per registration.
   */
  static List<ServicePrincipal> resourceApis(List<Registration> registrations, List<ServicePrincipal> servicePrincipals) {
    Set<AppId> requested = new HashSet<>();
    Set<AppId> homedHere = new HashSet<>();
    synchronized (registrations) {
      for (Registration r : registrations) {
        homedHere.add(r.appId());
        for (RequiredResource rr : r.requiredResourceAccess()) requested.add(rr.resourceAppId());
      }
    }
    requested.add(WellKnown.MICROSOFT_GRAPH);
    List<ServicePrincipal> out = new ArrayList<>();
    synchronized (servicePrincipals) {
      for (ServicePrincipal sp : servicePrincipals) {
        boolean offersRoles = sp.appRoles().stream().anyMatch(AppRole::forApplications);
        if (offersRoles && (requested.contains(sp.appId()) || !homedHere.contains(sp.appId()))) out.add(sp);
      }
    }
    return out;
  }

  private static BulkPager.Chain collection(String step, String url, List<String> needed, Consumer<JsonNode> items) {
    return new BulkPager.Chain(step, url, Map.of(), false, needed, BulkPager.OnRefused.FAIL, items);
  }

  /** Marks the assignment phase as started when no API offers application roles. */
  private static BulkPager.Chain noop() {
    var c = new BulkPager.Chain("no app role assignments to read", "", Map.of(), false, List.of(), BulkPager.OnRefused.FAIL, n -> {});
    c.finish();
    return c;
  }
}
