package appreg.provisioning.graph;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Organization;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantConsumer;
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
 *   <li>the federated credentials of the registrations that have any, expanded on one advanced query
 *       ({@code $filter=federatedIdentityCredentials/$count ne 0}), never one request per registration;
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
 * Pages of independent collections travel together in {@code $batch} requests ({@link BulkPager}). Items are handed to
 * a {@link TenantConsumer} as each page arrives, so the audit judges a registration the moment it is read and keeps
 * only what cross-references need; {@link #read(Consumer)} collects an {@link ObservedTenant} for export.
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
  private volatile int keyCredentialReads;

  public TenantReader(GraphConnection connection) {
    this.connection = connection;
  }

  /**
   * The requests the last read sent that select {@code keyCredentials} on applications (the listing's pages):
   * list-applications documents that these count toward the tenant's 150 a minute, as the certificate reads do
   * ({@link CertificateReader}).
   */
  public int keyCredentialReads() {
    return keyCredentialReads;
  }

  /** Reads the whole tenant and holds it: for export, which writes a document with every collection in turn. */
  public ObservedTenant read(Consumer<Progress> progress) {
    ObservedTenant.Collector collector = new ObservedTenant.Collector();
    read(collector, progress);
    return collector.tenant();
  }

  /**
   * Reads the whole tenant into {@code tenant} item by item, as pages arrive, holding nothing of it here but what
   * picks the APIs whose app role assignments to read: the appIds of registrations and of the APIs they request, and
   * the service principals that offer application roles. Items are handed over on the calling thread.
   */
  public void read(TenantConsumer tenant, Consumer<Progress> progress) {
    ApiPicker apis = new ApiPicker();
    AtomicReference<Map<String, Object>> appManagement = new AtomicReference<>();
    AtomicReference<Map<String, Object>> authorization = new AtomicReference<>();
    boolean[] organizationSeen = {false};

    // The three large collections are read straight into records as their pages stream in (TenantStream), on the
    // reading threads; what the records feed runs here, on the calling thread, in the order read.
    Consumer<Registration> registration = r -> {
      apis.registration(r);
      tenant.registration(r);
    };
    var applications = collection("listing applications",
        "/applications?$top=999&$select=" + TenantJson.APPLICATION_FIELDS, READ_APPLICATIONS,
        n -> registration.accept(TenantJson.registration(n)), new BulkPager.Streamed<>(TenantStream.REGISTRATION, registration));
    Consumer<ServicePrincipal> servicePrincipal = sp -> {
      apis.servicePrincipal(sp);
      tenant.servicePrincipal(sp);
    };
    var sps = collection("listing service principals",
        "/servicePrincipals?$top=999&$select=" + TenantJson.SERVICE_PRINCIPAL_FIELDS, READ_APPLICATIONS,
        n -> servicePrincipal.accept(TenantJson.servicePrincipal(n)),
        new BulkPager.Streamed<>(TenantStream.SERVICE_PRINCIPAL, servicePrincipal));
    Map<BulkPager.Chain, TenantPart> optional = new LinkedHashMap<>();
    var grantChain = new BulkPager.Chain("listing delegated permission grants",
        "/oauth2PermissionGrants?$top=999&$select=" + TenantJson.GRANT_FIELDS, Map.of(), false, READ_DIRECTORY,
        BulkPager.OnRefused.GO_ON, n -> tenant.grant(TenantJson.grant(n)),
        new BulkPager.Streamed<>(TenantStream.GRANT, tenant::grant));
    optional.put(grantChain, TenantPart.DELEGATED_GRANTS);
    optional(optional, TenantPart.OWNERS, "finding registrations without owners",
        "/applications?$filter=owners/$count%20eq%200&$count=true&$top=999&$select=id",
        Map.of("ConsistencyLevel", "eventual"), false, READ_APPLICATIONS,
        n -> tenant.owners(new ObjectId(n.path("id").asText()), List.of()));
    // Only the registrations that have federated credentials, with them expanded: the application resource documents
    // $expand and $filter (/$count eq 0, /$count ne 0) for federatedIdentityCredentials, and aad-advanced-queries.md
    // lists that $count filter as an advanced query (microsoft-graph-docs-contrib). One request per registration
    // (application-list-federatedidentitycredentials.md) would cost 50,000 requests in a tenant that size; this costs
    // a page per 100 registrations that have any. $top=100: the page size appreg assumes whenever it expands.
    optional(optional, TenantPart.FEDERATED_CREDENTIALS, "listing federated credentials of registrations",
        "/applications?$filter=federatedIdentityCredentials/$count%20ne%200&$count=true&$top=100&$select=id"
            + "&$expand=federatedIdentityCredentials",
        Map.of("ConsistencyLevel", "eventual"), false, READ_APPLICATIONS,
        n -> tenant.federatedCredentials(new ObjectId(n.path("id").asText()),
            TenantJson.federatedList(n.path("federatedIdentityCredentials"))));
    optional(optional, TenantPart.ORGANIZATION, "reading the organization",
        "/organization?$select=" + TenantJson.ORGANIZATION_FIELDS, Map.of(), false,
        List.of("Organization.Read.All", "Directory.Read.All"), n -> {
          if (!organizationSeen[0]) tenant.organization(TenantJson.organization(n));
          organizationSeen[0] = true;
        });
    optional(optional, TenantPart.ROLE_DEFINITIONS, "listing directory role definitions",
        "/roleManagement/directory/roleDefinitions?$select=" + TenantJson.ROLE_DEFINITION_FIELDS, Map.of(), false, READ_ROLES,
        n -> tenant.roleDefinition(TenantJson.roleDefinition(n)));
    optional(optional, TenantPart.ROLE_ASSIGNMENTS, "listing directory role assignments",
        "/roleManagement/directory/roleAssignments?$select=" + TenantJson.ROLE_ASSIGNMENT_FIELDS, Map.of(), false, READ_ROLES,
        n -> tenant.roleAssignment(TenantJson.roleAssignment(n)));
    optional(optional, TenantPart.APP_MANAGEMENT_POLICY, "reading the default app management policy",
        "/policies/defaultAppManagementPolicy", Map.of(), true, List.of("Policy.Read.All"),
        n -> appManagement.set(TenantJson.policy(n)));
    optional(optional, TenantPart.AUTHORIZATION_POLICY, "reading the authorization policy", "/policies/authorizationPolicy",
        Map.of(), true, List.of("Policy.Read.All"), n -> authorization.set(TenantJson.policy(n)));
    List<BulkPager.Chain> first = new ArrayList<>(List.of(applications, sps));
    first.addAll(optional.keySet());
    List<BulkPager.Chain> assignmentChains = new ArrayList<>();
    int[] assigned = {0};

    BulkPager.Rounds rounds = new BulkPager.Rounds() {
      @Override
      public List<BulkPager.Chain> after(List<BulkPager.Chain> all) {
        return assignments(all);
      }

      /** The assignments are picked from what the listings hand over, once both are complete. */
      @Override
      public boolean waitsForItems(List<BulkPager.Chain> all) {
        return assignmentChains.isEmpty() && applications.done() && sps.done();
      }

      private List<BulkPager.Chain> assignments(List<BulkPager.Chain> all) {
      if (!assignmentChains.isEmpty() || !applications.done() || !sps.done()) return List.of();
      List<BulkPager.Chain> more = new ArrayList<>();
      for (ApiPicker.Api api : apis.resourceApis()) {
        more.add(new BulkPager.Chain("listing app role assignments of " + api.displayName(),
            "/servicePrincipals/" + api.id().value() + "/appRoleAssignedTo?$top=999&$select=" + TenantJson.ASSIGNMENT_FIELDS,
            Map.of(), false, READ_APPLICATIONS, BulkPager.OnRefused.GO_ON, n -> {
              // Users and groups assigned to an API's roles are not application permissions; keeping them would grow
              // with the user count.
              if ("ServicePrincipal".equalsIgnoreCase(n.path("principalType").asText())) {
                assigned[0]++;
                tenant.appRoleAssignment(TenantJson.assignment(n));
              }
            }));
      }
      if (more.isEmpty()) more.add(noop());
      assignmentChains.addAll(more);
      return more;
      }
    };

    Runnable report = () -> {
      Map<String, Integer> counts = new LinkedHashMap<>();
      counts.put("applications", applications.count());
      counts.put("service principals", sps.count());
      counts.put("grants", grantChain.count());
      counts.put("app role assignments", assigned[0]);
      progress.accept(new Progress(counts, false));
    };
    new BulkPager(connection.client().getRequestAdapter(), connection.baseUrl(), connection.options(), PARALLEL_BATCHES)
        .run(first, rounds, report);
    keyCredentialReads = applications.requests();
    Map<String, Integer> finalCounts = new LinkedHashMap<>();
    finalCounts.put("applications", applications.count());
    finalCounts.put("service principals", sps.count());
    finalCounts.put("grants", grantChain.count());
    finalCounts.put("app role assignments", assigned[0]);
    progress.accept(new Progress(finalCounts, true));

    tenant.policies(new TenantPolicies(appManagement.get(), authorization.get()));
    optional.forEach((chain, part) -> chain.refusal().ifPresent(f -> tenant.unread(unread(part, chain, f))));
    // one refused API makes the assignments incomplete: the first refusal stands for all
    assignmentChains.stream().filter(c -> c.refusal().isPresent()).findFirst()
        .ifPresent(c -> tenant.unread(unread(TenantPart.APP_ROLE_ASSIGNMENTS, c, c.refusal().get())));
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
   * Picks the APIs whose app role assignments are read: service principals offering at least one application role
   * that are either requested by some registration of this tenant, or belong to an app registered elsewhere
   * (Microsoft's own APIs, multi-tenant vendors). An API registered here that nobody requests is skipped: a tenant of
   * 10,000 registrations that each expose roles would otherwise cost one request per registration. Holds the appIds
   * of registrations (the only thing kept per registration) and the few service principals that offer roles.
   */
  static final class ApiPicker {
    record Api(ObjectId id, AppId appId, String displayName) {}

    private final Set<AppId> requested = new HashSet<>(Set.of(WellKnown.MICROSOFT_GRAPH));
    /** As the appIds' strings: an entry per registration, which a set of AppIds would keep as an object each. */
    private final IdSet homedHere = new IdSet();
    private boolean homedWithoutAppId;
    private final List<Api> offering = new ArrayList<>();

    void registration(Registration r) {
      if (r.appId() == null) homedWithoutAppId = true;
      else homedHere.add(r.appId().value());
      for (RequiredResource rr : r.requiredResourceAccess()) requested.add(rr.resourceAppId());
    }

    void servicePrincipal(ServicePrincipal sp) {
      if (sp.appRoles().stream().anyMatch(AppRole::forApplications)) offering.add(new Api(sp.id(), sp.appId(), sp.displayName()));
    }

    List<Api> resourceApis() {
      return offering.stream().filter(a -> requested.contains(a.appId()) || !homedHere(a.appId())).toList();
    }

    private boolean homedHere(AppId appId) {
      return appId == null ? homedWithoutAppId : homedHere.contains(appId.value());
    }
  }

  private static <T> BulkPager.Chain collection(String step, String url, List<String> needed, Consumer<JsonNode> items,
                                                BulkPager.Streamed<T> streamed) {
    return new BulkPager.Chain(step, url, Map.of(), false, needed, BulkPager.OnRefused.FAIL, items, streamed);
  }

  /** Marks the assignment phase as started when no API offers application roles. */
  private static BulkPager.Chain noop() {
    var c = new BulkPager.Chain("no app role assignments to read", "", Map.of(), false, List.of(), BulkPager.OnRefused.FAIL, n -> {});
    c.finish();
    return c;
  }
}
