package appreg.provisioning.graph;

import appreg.provisioning.secret.IssuedSecret;
import appreg.provisioning.secret.Sensitive;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.DeletedItems;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Organization;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RegistrationPatch;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ResourceAccess;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantPolicies;
import appreg.provisioning.tenant.TenantQuery;
import appreg.provisioning.tenant.User;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link GraphGateway} over the Graph Java SDK's request builders and adapter, with bodies written and read as JSON.
 * Reads go in JSON batches (two round trips for a manifest: registrations and APIs; the registrations' service
 * principals with their grants and assignments, addressed by appId; a third only for a manifest with directory roles).
 * Writes send a fresh body per attempt holding only what changes (never an explicit null, which would clear a
 * property), and converge on Graph's "already exists" answers.
 */
public final class SdkGateway implements GraphGateway {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final GraphConnection connection;
  private final GraphServiceClient graph;
  private final ReplicationWait replication;
  private final Set<String> createdThisRun = ConcurrentHashMap.newKeySet();
  private volatile Optional<CallerClaims> caller;

  public SdkGateway(GraphConnection connection) {
    this.connection = connection;
    this.graph = connection.client();
    this.replication = new ReplicationWait(connection);
  }

  @Override
  public Together together() {
    return connection.together();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public ObservedTenant observe(TenantQuery q) {
    return call("reading the tenant", Needs.APPLICATIONS_READ, () -> read(q));
  }

  private ObservedTenant read(TenantQuery q) {
    Batch first = new Batch(connection);
    first.add("org", graph.organization().toGetRequestInformation(rc ->
        rc.queryParameters.select = new String[] {"id", "displayName", "verifiedDomains"}));
    for (int i = 0; i < q.keys().size(); i++) {
      String key = q.keys().get(i);
      first.add("key" + i, graph.applicationsWithUniqueName(literal(key)).toGetRequestInformation(rc ->
          rc.queryParameters.select = Models.APPLICATION_FIELDS));
      // the list form documents $expand (application-list.md; GET by key documents $select only): the keyed
      // registration's owners and federated credentials (at most 20) come with it, at no extra request
      first.add("tag" + i, graph.applications().toGetRequestInformation(rc -> {
        rc.queryParameters.filter = "tags/any(t:t eq '" + literal(Registration.KEY_TAG_PREFIX + key) + "')";
        rc.queryParameters.select = Models.APPLICATION_FIELDS;
        rc.queryParameters.expand = new String[] {"owners($select=id)", "federatedIdentityCredentials"};
      }));
    }
    for (int i = 0; i < q.displayNames().size(); i++) {
      String name = q.displayNames().get(i);
      first.add("name" + i, graph.applications().toGetRequestInformation(rc -> {
        rc.queryParameters.filter = "displayName eq '" + literal(name) + "'";
        rc.queryParameters.select = Models.APPLICATION_FIELDS;
        rc.queryParameters.top = 999;
      }));
    }
    for (int i = 0; i < q.adoptAppIds().size(); i++) {
      first.add("adopt" + i, graph.applicationsWithAppId(q.adoptAppIds().get(i).value()).toGetRequestInformation(rc ->
          rc.queryParameters.select = Models.APPLICATION_FIELDS));
    }
    for (int i = 0; i < q.apiAppIds().size(); i++) {
      first.add("api" + i, graph.servicePrincipalsWithAppId(q.apiAppIds().get(i).value()).toGetRequestInformation(rc ->
          rc.queryParameters.select = Models.SERVICE_PRINCIPAL_FIELDS));
    }
    for (int i = 0; i < q.apiDisplayNames().size(); i++) {
      String name = q.apiDisplayNames().get(i);
      first.add("apiname" + i, graph.servicePrincipals().toGetRequestInformation(rc -> {
        rc.queryParameters.filter = "displayName eq '" + literal(name) + "'";
        rc.queryParameters.select = Models.SERVICE_PRINCIPAL_FIELDS;
      }));
    }
    if (q.roleDefinitions()) {
      first.add("roles", graph.roleManagement().directory().roleDefinitions().toGetRequestInformation(rc ->
          rc.queryParameters.select = new String[] {"id", "displayName", "templateId", "isBuiltIn"}));
    }
    for (int i = 0; i < q.users().size(); i++) {
      first.add("user" + i, user(q.users().get(i)));
    }
    for (int i = 0; i < q.owners().size(); i++) {
      String owner = q.owners().get(i);
      first.add("owner" + i, isGuid(owner)
          ? graph.directoryObjects().byDirectoryObjectId(owner).toGetRequestInformation()
          : user(owner));
    }
    first.add("policy", graph.policies().defaultAppManagementPolicy().toGetRequestInformation());
    Map<String, Batch.Item> a = first.send();

    JsonNode orgs = required(a, "org").body();
    Organization org = orgs == null || orgs.path("value").isEmpty()
        ? null : TenantJson.organization(orgs.path("value").get(0));
    if (org == null) throw new IllegalStateException("Graph returned no organization");
    Map<String, Registration> registrations = new LinkedHashMap<>();
    Map<ObjectId, List<ObjectId>> owners = new LinkedHashMap<>();
    Set<ObjectId> federatedRead = new java.util.HashSet<>();
    for (int i = 0; i < q.keys().size(); i++) {
      optional(a, "key" + i).ifPresent(it -> add(registrations, TenantJson.registration(it.body())));
      collection(a, "tag" + i).forEach(app -> {
        // this answer carries the expanded federated credentials: it replaces the one read by key
        Registration r = TenantJson.registration(app);
        registrations.put(r.id().value(), r);
        if (app.hasNonNull("federatedIdentityCredentials")) federatedRead.add(r.id());
        if (app.hasNonNull("owners")) owners.put(r.id(), ids(app.get("owners")));
      });
    }
    for (int i = 0; i < q.displayNames().size(); i++) {
      collection(a, "name" + i).forEach(app -> add(registrations, TenantJson.registration(app)));
    }
    for (int i = 0; i < q.adoptAppIds().size(); i++) {
      optional(a, "adopt" + i).ifPresent(it -> add(registrations, TenantJson.registration(it.body())));
    }
    Map<String, ServicePrincipal> sps = new LinkedHashMap<>();
    for (int i = 0; i < q.apiAppIds().size(); i++) {
      optional(a, "api" + i).ifPresent(it -> addSp(sps, TenantJson.servicePrincipal(it.body())));
    }
    for (int i = 0; i < q.apiDisplayNames().size(); i++) {
      collection(a, "apiname" + i).forEach(sp -> addSp(sps, TenantJson.servicePrincipal(sp)));
    }
    List<RoleDefinition> roleDefinitions = q.roleDefinitions()
        ? collection(a, "roles").stream().map(TenantJson::roleDefinition).toList()
        : List.of();
    List<User> users = new ArrayList<>();
    for (int i = 0; i < q.users().size(); i++) {
      optional(a, "user" + i).ifPresent(it -> users.add(user(it.body())));
    }
    for (int i = 0; i < q.owners().size(); i++) {
      boolean byId = isGuid(q.owners().get(i));
      optional(a, "owner" + i).ifPresent(it -> {
        // a directory object says what it is in @odata.type; a user read by UPN with $select may not
        String type = byId ? it.body().path("@odata.type").asText("") : USER_TYPE;
        if (type.equals(USER_TYPE)) users.add(user(it.body()));
        else if (type.equals(SERVICE_PRINCIPAL_TYPE)) addSp(sps, TenantJson.servicePrincipal(it.body()));
      });
    }
    Map<String, Object> policy = Optional.ofNullable(a.get("policy")).filter(Batch.Item::ok).map(it -> toMap(it.body())).orElse(null);

    // second round trip: the keyed registrations' own service principals and what they were granted, and role
    // assignments of named users
    List<Registration> keyed = registrations.values().stream().filter(r -> isKeyed(r, q)).toList();
    Batch second = new Batch(connection);
    for (int i = 0; i < keyed.size(); i++) {
      second.add("sp" + i, graph.servicePrincipalsWithAppId(keyed.get(i).appId().value()).toGetRequestInformation(rc ->
          rc.queryParameters.select = Models.SERVICE_PRINCIPAL_FIELDS));
    }
    for (int i = 0; i < keyed.size(); i++) {
      if (owners.containsKey(keyed.get(i).id())) continue;
      second.add("owners" + i, graph.applications().byApplicationId(keyed.get(i).id().value()).owners()
          .toGetRequestInformation(rc -> rc.queryParameters.select = new String[] {"id"}));
    }
    for (int i = 0; i < keyed.size(); i++) {
      // a keyed registration without appreg's key tag, or adopted by appId: its federated credentials on their own
      // (application-list-federatedidentitycredentials.md), in this round trip
      if (federatedRead.contains(keyed.get(i).id())) continue;
      second.add("fics" + i, graph.applications().byApplicationId(keyed.get(i).id().value()).federatedIdentityCredentials()
          .toGetRequestInformation());
    }
    for (int i = 0; i < keyed.size(); i++) {
      // what the registration's service principal was granted, addressed by the appId this batch already knows: the
      // service principal's own id is not needed (serviceprincipal-list-oauth2permissiongrants.md and
      // serviceprincipal-list-approleassignments.md: "You can address the service principal using either its id or
      // appId"); a registration without one answers 404 here, read as nothing granted
      String appId = literal(keyed.get(i).appId().value());
      second.add("grants" + i, get("/servicePrincipals(appId='" + appId + "')/oauth2PermissionGrants"));
      second.add("roles" + i, get("/servicePrincipals(appId='" + appId + "')/appRoleAssignments"));
    }
    List<User> assignees = users.stream().filter(u -> q.users().stream().anyMatch(x -> x.equalsIgnoreCase(u.id().value())
        || x.equalsIgnoreCase(u.userPrincipalName()))).toList();
    for (int i = 0; i < assignees.size(); i++) {
      String id = assignees.get(i).id().value();
      second.add("ura" + i, graph.roleManagement().directory().roleAssignments().toGetRequestInformation(rc ->
          rc.queryParameters.filter = "principalId eq '" + literal(id) + "'"));
    }
    Map<String, Batch.Item> b = second.isEmpty() ? Map.of() : second.send();
    List<ServicePrincipal> ownSps = new ArrayList<>();
    for (int i = 0; i < keyed.size(); i++) {
      optional(b, "sp" + i).ifPresent(it -> ownSps.add(TenantJson.servicePrincipal(it.body())));
    }
    ownSps.forEach(sp -> addSp(sps, sp));
    for (int i = 0; i < keyed.size(); i++) {
      if (!b.containsKey("owners" + i)) continue;
      ArrayNode listed = JSON.createArrayNode();
      collection(b, "owners" + i).forEach(listed::add);
      owners.put(keyed.get(i).id(), ids(listed));
    }
    for (int i = 0; i < keyed.size(); i++) {
      Registration r = keyed.get(i);
      if (!b.containsKey("fics" + i)) continue;
      ArrayNode listed = JSON.createArrayNode();
      collection(b, "fics" + i).forEach(listed::add);
      List<FederatedCredential> fics = TenantJson.federatedList(listed);
      registrations.put(r.id().value(), r.withFederatedCredentials(fics));
    }
    List<RoleAssignment> roleAssignments = new ArrayList<>();
    for (int i = 0; i < assignees.size(); i++) {
      roleAssignments.addAll(roleAssignments(b, "ura" + i));
    }

    List<DelegatedGrant> grants = new ArrayList<>();
    List<AppRoleAssignment> assignments = new ArrayList<>();
    for (int i = 0; i < keyed.size(); i++) {
      collection(b, "grants" + i).forEach(g -> grants.add(TenantJson.grant(g)));
      collection(b, "roles" + i).forEach(x -> assignments.add(TenantJson.assignment(x)));
    }

    // a third round trip only for a manifest with directory roles: the role assignments of the registrations' service
    // principals, which Graph filters by the principal's object id only
    if (q.roleDefinitions() && !ownSps.isEmpty()) {
      Batch third = new Batch(connection);
      for (int i = 0; i < ownSps.size(); i++) {
        String id = ownSps.get(i).id().value();
        third.add("spra" + i, graph.roleManagement().directory().roleAssignments().toGetRequestInformation(rc ->
            rc.queryParameters.filter = "principalId eq '" + literal(id) + "'"));
      }
      Map<String, Batch.Item> c = third.send();
      for (int i = 0; i < ownSps.size(); i++) roleAssignments.addAll(roleAssignments(c, "spra" + i));
    }
    return new ObservedTenant(org, List.copyOf(registrations.values()), List.copyOf(sps.values()), grants, assignments,
        roleDefinitions, roleAssignments, users, owners, new TenantPolicies(policy, null));
  }

  private List<RoleAssignment> roleAssignments(Map<String, Batch.Item> answers, String id) {
    return collection(answers, id).stream().map(TenantJson::roleAssignment).toList();
  }

  private static boolean isKeyed(Registration r, TenantQuery q) {
    return q.keys().stream().anyMatch(r::carriesKey) || q.adoptAppIds().contains(r.appId());
  }

  private static void add(Map<String, Registration> into, Registration r) {
    into.putIfAbsent(r.id().value(), r);
  }

  private static void addSp(Map<String, ServicePrincipal> into, ServicePrincipal sp) {
    into.putIfAbsent(sp.id().value(), sp);
  }

  private Batch.Item required(Map<String, Batch.Item> answers, String id) {
    Batch.Item it = answers.get(id);
    if (it == null || !it.ok()) throw failed(id, it);
    return it;
  }

  /** A single object that may be absent (404); a 400 on an alternate key Graph does not serve counts as absent too. */
  private Optional<Batch.Item> optional(Map<String, Batch.Item> answers, String id) {
    Batch.Item it = answers.get(id);
    if (it == null || it.status() == 404) return Optional.empty();
    if (it.status() == 400 && (id.startsWith("key") || id.startsWith("owner"))) return Optional.empty();
    if (!it.ok()) throw failed(id, it);
    return Optional.of(it);
  }

  /** The items of a listed collection, its further pages ({@code @odata.nextLink}) read one after another. */
  private List<JsonNode> collection(Map<String, Batch.Item> answers, String id) {
    Batch.Item it = answers.get(id);
    if (it == null) return List.of();
    // the key-tag lookup is a fallback beside GET by uniqueName: a tenant that refuses the filter loses only the fallback
    if (it.status() == 400 && id.startsWith("tag")) return List.of();
    // grants and assignments read through a service principal addressed by appId: none when it has none
    if (it.status() == 404 && (id.startsWith("grants") || id.startsWith("roles") && !id.equals("roles"))) return List.of();
    if (!it.ok()) throw failed(id, it);
    List<JsonNode> out = new ArrayList<>();
    JsonNode page = it.body();
    Set<String> seenLinks = new java.util.HashSet<>();
    while (page != null) {
      for (JsonNode v : page.path("value")) if (!v.isNull()) out.add(v);
      String link = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
      if (link == null || !seenLinks.add(link)) break;
      page = fetch(link);
    }
    return out;
  }

  private RuntimeException failed(String id, Batch.Item it) {
    String step = readStep(id);
    if (it == null) return new appreg.provisioning.GraphCallException(step, 0, "", "no answer in the batch", "", null);
    GraphErrors.Failure f = it.failure();
    if (f.status() == 403) return GraphErrors.denied(step, readNeeds(id), f, caller());
    return new appreg.provisioning.GraphCallException(step, f.status(), f.code(), f.message(), f.requestId(), null);
  }

  /** The step a batch item of {@link #read} belongs to, by its id's prefix. */
  private static String readStep(String id) {
    String kind = id.replaceAll("\\d+$", "");
    return switch (kind) {
      case "org" -> "reading the organization";
      case "key", "tag", "name", "adopt" -> "reading the registrations";
      case "api", "apiname", "sp" -> "reading service principals";
      case "grants" -> "reading admin consent grants";
      case "roles" -> id.equals("roles") ? "reading directory role definitions" : "reading application permission consents";
      case "ura", "spra" -> "reading directory role assignments";
      case "user" -> "reading role assignees";
      case "owner" -> "reading the owners the manifest names";
      case "owners" -> "reading the registrations' owners";
      case "deleted" -> "reading deleted registrations";
      case "deletedsp" -> "reading deleted service principals";
      default -> "reading the tenant (" + id + ")";
    };
  }

  private static Needs readNeeds(String id) {
    String kind = id.replaceAll("\\d+$", "");
    return switch (kind) {
      case "org" -> Needs.ORGANIZATION_READ;
      case "api", "apiname", "sp" -> Needs.SERVICE_PRINCIPALS_READ;
      case "grants" -> Needs.GRANTS_READ;
      case "roles" -> id.equals("roles") ? Needs.ROLES_READ : Needs.APPLICATIONS_READ;
      case "ura", "spra" -> Needs.ROLES_READ;
      case "user", "owner" -> Needs.USERS_READ;
      default -> Needs.APPLICATIONS_READ;
    };
  }

  /** One Graph call of a step, its failure translated; a 403 names what the caller's token lacks. */
  private <T> T call(String step, Needs needs, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw GraphErrors.translate(step, needs, e, caller());
    }
  }

  /** The caller's claims, read once (after a failure only); empty for an opaque token or when it cannot be had. */
  private Optional<CallerClaims> caller() {
    if (caller == null) {
      try {
        caller = connection.caller();
      } catch (RuntimeException e) {
        caller = Optional.empty();
      }
    }
    return caller;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(JsonNode body) {
    return body == null ? null : JSON.convertValue(body, Map.class);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public Registration upsertRegistration(String key, RegistrationPatch patch) {
    String step = "creating registration '" + key + "'";
    JsonNode created = call(step, Needs.APPLICATIONS_WRITE, () -> {
      RequestInformation upsert = graph.applicationsWithUniqueName(literal(key)).toGetRequestInformation();
      upsert.headers.add("Prefer", "create-if-missing");
      return send(upsert, HttpMethod.PATCH, application(patch, null), false);
    });
    Registration r;
    if (created != null) {
      r = TenantJson.registration(created);
      createdThisRun.add(r.id().value());
      createdThisRun.add(r.appId().value());
    } else {
      // 204: it existed (another run made it meanwhile) and was updated; read it back by key
      r = call(step, Needs.APPLICATIONS_READ, () -> TenantJson.registration(fetch(graph.applicationsWithUniqueName(literal(key))
          .toGetRequestInformation(rc -> rc.queryParameters.select = Models.APPLICATION_FIELDS))));
    }
    return r;
  }

  @Override
  public void updateRegistration(ObjectId id, String uniqueName, RegistrationPatch patch) {
    String step = "updating registration " + id;
    replication.run(step, fresh(id.value()), () -> call(step, Needs.APPLICATIONS_WRITE, () ->
        send(graph.applications().byApplicationId(id.value()).toGetRequestInformation(), HttpMethod.PATCH,
            application(patch, uniqueName), false)));
  }

  /**
   * A body holding exactly what the patch sets: an absent property stays out of the request (never an explicit null,
   * which would clear it), a collection goes whole. Properties in the order the SDK's serializer wrote them.
   */
  private static ObjectNode application(RegistrationPatch p, String uniqueName) {
    ObjectNode a = typed("application");
    if (p.displayName() != null) a.put("displayName", p.displayName());
    if (p.publicClientRedirectUris() != null) a.putObject("publicClient").set("redirectUris", strings(p.publicClientRedirectUris()));
    if (p.requiredResourceAccess() != null) {
      ArrayNode list = a.putArray("requiredResourceAccess");
      for (RequiredResource r : p.requiredResourceAccess()) {
        ObjectNode rra = list.addObject();
        ArrayNode access = rra.putArray("resourceAccess");
        for (ResourceAccess x : r.access()) access.addObject().put("id", uuid(x.id())).put("type", x.type().graphName());
        rra.put("resourceAppId", r.resourceAppId().value());
      }
    }
    if (p.signInAudience() != null) a.put("signInAudience", p.signInAudience());
    if (p.spaRedirectUris() != null) a.putObject("spa").set("redirectUris", strings(p.spaRedirectUris()));
    if (p.tags() != null) a.set("tags", strings(p.tags()));
    if (uniqueName != null) a.put("uniqueName", uniqueName);
    if (p.webRedirectUris() != null) a.putObject("web").set("redirectUris", strings(p.webRedirectUris()));
    return a;
  }

  @Override
  public ServicePrincipal createServicePrincipal(AppId appId) {
    String step = "creating the service principal of " + appId;
    try {
      ServicePrincipal sp = replication.run(step, fresh(appId.value()), () -> call(step, Needs.SERVICE_PRINCIPALS_WRITE, () -> {
        ObjectNode body = typed("servicePrincipal").put("appId", appId.value());
        return TenantJson.servicePrincipal(send(graph.servicePrincipals().toGetRequestInformation(), HttpMethod.POST, body, true));
      }));
      createdThisRun.add(sp.id().value());
      return sp;
    } catch (appreg.provisioning.GraphCallException e) {
      // 403 "…backing application… local tenant": for an application this run created, replication (waited out
      // above); for any other, the caller holds only Application.ReadWrite.OwnedBy (Azure/azure-cli issue 28009)
      var refusal = GraphErrors.failure(e).filter(f -> f.status() == 403 && !fresh(appId.value())
          && GraphErrors.isOtherTenantRefusal(f));
      if (refusal.isPresent()) throw GraphErrors.otherTenantApplication(step, refusal.get(), caller()).orElseThrow(() -> e);
      if (e.status() != 409) throw e;
      // another run (or a retried request) created it: converge on the existing one
      return call(step, Needs.SERVICE_PRINCIPALS_READ, () -> TenantJson.servicePrincipal(fetch(graph.servicePrincipalsWithAppId(appId.value())
          .toGetRequestInformation(rc -> rc.queryParameters.select = Models.SERVICE_PRINCIPAL_FIELDS))));
    }
  }

  @Override
  public DelegatedGrant grantAllPrincipals(ObjectId clientSp, ObjectId resourceSp, Set<String> scopes) {
    String step = "granting admin consent";
    String scope = String.join(" ", new TreeSet<>(scopes));
    try {
      return replication.run(step, fresh(clientSp.value()) || fresh(resourceSp.value()), () -> call(step, Needs.GRANTS_WRITE, () -> {
        ObjectNode g = JSON.createObjectNode().put("clientId", clientSp.value()).put("consentType", DelegatedGrant.ALL_PRINCIPALS)
            .put("resourceId", resourceSp.value()).put("scope", scope);
        return TenantJson.grant(send(graph.oauth2PermissionGrants().toGetRequestInformation(), HttpMethod.POST, g, true));
      }));
    } catch (appreg.provisioning.GraphCallException e) {
      if (e.status() != 409) throw e;
      // "Permission entry already exists.": read it and set exactly the wanted scopes
      JsonNode found = call(step, Needs.GRANTS_WRITE, () -> fetch(graph.oauth2PermissionGrants().toGetRequestInformation(rc ->
          rc.queryParameters.filter = "clientId eq '" + literal(clientSp.value()) + "' and resourceId eq '"
              + literal(resourceSp.value()) + "' and consentType eq 'AllPrincipals'")));
      if (found.path("value").isEmpty()) throw e;
      DelegatedGrant existing = TenantJson.grant(found.path("value").get(0));
      if (!existing.scopes().equals(new java.util.LinkedHashSet<>(new TreeSet<>(scopes)))) updateGrant(existing.id(), scopes);
      return new DelegatedGrant(existing.id(), clientSp, resourceSp, DelegatedGrant.ALL_PRINCIPALS, null, scopes);
    }
  }

  @Override
  public void updateGrant(String grantId, Set<String> scopes) {
    call("updating admin consent", Needs.GRANTS_WRITE, () -> {
      ObjectNode g = JSON.createObjectNode().put("scope", String.join(" ", new TreeSet<>(scopes)));
      return send(graph.oauth2PermissionGrants().byOAuth2PermissionGrantId(grantId).toGetRequestInformation(),
          HttpMethod.PATCH, g, false);
    });
  }

  @Override
  public void deleteGrant(String grantId) {
    call("revoking admin consent", Needs.GRANTS_WRITE, () -> {
      graph.oauth2PermissionGrants().byOAuth2PermissionGrantId(grantId).delete();
      return null;
    });
  }

  @Override
  public AppRoleAssignment assignAppRole(ObjectId clientSp, ObjectId resourceSp, String appRoleId) {
    String step = "granting an application permission";
    try {
      return replication.run(step, fresh(clientSp.value()) || fresh(resourceSp.value()), () -> call(step, Needs.APP_ROLE_ASSIGNMENTS_WRITE, () -> {
        ObjectNode a = typed("appRoleAssignment").put("appRoleId", uuid(appRoleId)).put("principalId", uuid(clientSp.value()))
            .put("resourceId", uuid(resourceSp.value()));
        return TenantJson.assignment(send(graph.servicePrincipals().byServicePrincipalId(clientSp.value()).appRoleAssignments()
            .toGetRequestInformation(), HttpMethod.POST, a, true));
      }));
    } catch (appreg.provisioning.GraphCallException e) {
      if (!(e.status() == 400 && e.getMessage().contains("already exists"))) throw e;
      JsonNode listed = call(step, Needs.APPLICATIONS_READ, () -> fetch(graph.servicePrincipals().byServicePrincipalId(clientSp.value())
          .appRoleAssignments().toGetRequestInformation()));
      List<AppRoleAssignment> all = new ArrayList<>();
      for (JsonNode x : listed.path("value")) all.add(TenantJson.assignment(x));
      return all.stream()
          .filter(x -> x.resourceId().equals(resourceSp) && x.appRoleId().equalsIgnoreCase(appRoleId))
          .findFirst().orElseThrow(() -> e);
    }
  }

  @Override
  public void removeAppRoleAssignment(ObjectId clientSp, String assignmentId) {
    call("revoking an application permission", Needs.APP_ROLE_ASSIGNMENTS_WRITE, () -> {
      graph.servicePrincipals().byServicePrincipalId(clientSp.value()).appRoleAssignments()
          .byAppRoleAssignmentId(assignmentId).delete();
      return null;
    });
  }

  @Override
  public IssuedSecret addPassword(ObjectId application, String displayName, Instant endsOn) {
    String step = "adding a client secret to " + application;
    // A 404 right after creating the application means Graph did not see it yet and issued nothing: safe to retry.
    // Any other failure is not retried here (the request may have been carried out).
    return replication.run(step, fresh(application.value()), () -> call(step, Needs.APPLICATIONS_WRITE, () -> {
      ObjectNode body = JSON.createObjectNode();
      body.putObject("passwordCredential").put("displayName", displayName).put("endDateTime", dateTime(endsOn));
      JsonNode issued = send(at("/applications/" + application.value() + "/addPassword"), HttpMethod.POST, body, false);
      if (issued == null || !issued.hasNonNull("secretText")) {
        throw new IllegalStateException("Graph answered addPassword without the secret text");
      }
      return new IssuedSecret(issued.path("keyId").asText(""), text(issued, "displayName"), text(issued, "hint"),
          TenantJson.instant(issued, "startDateTime"), TenantJson.instant(issued, "endDateTime"),
          new Sensitive(issued.get("secretText").asText()));
    }));
  }

  @Override
  public void removePassword(ObjectId application, String keyId) {
    String step = "removing client secret " + keyId;
    call(step, Needs.APPLICATIONS_WRITE, () -> {
      ObjectNode body = JSON.createObjectNode().put("keyId", uuid(keyId));
      return send(at("/applications/" + application.value() + "/removePassword"), HttpMethod.POST, body, true);
    });
  }

  @Override
  public List<PasswordCredential> passwordCredentials(ObjectId application) {
    return call("reading client secrets", Needs.APPLICATIONS_READ, () -> {
      JsonNode a = fetch(graph.applications().byApplicationId(application.value())
          .toGetRequestInformation(rc -> rc.queryParameters.select = new String[] {"id", "passwordCredentials"}));
      return TenantJson.passwords(a.path("passwordCredentials"));
    });
  }

  @Override
  public void assignDirectoryRole(String roleDefinitionId, ObjectId principal) {
    String step = "assigning a directory role";
    try {
      replication.run(step, fresh(principal.value()), () -> call(step, Needs.DIRECTORY_ROLES_WRITE, () -> {
        ObjectNode r = JSON.createObjectNode().put("directoryScopeId", "/").put("principalId", principal.value())
            .put("roleDefinitionId", roleDefinitionId);
        return send(graph.roleManagement().directory().roleAssignments().toGetRequestInformation(), HttpMethod.POST, r, true);
      }));
    } catch (appreg.provisioning.GraphCallException e) {
      if (!(e.status() == 400 && e.getMessage().contains("conflicting object"))) throw e;
    }
  }

  // ---------------------------------------------------------------- deletes

  @Override
  public DeletedItems deletedItems(List<String> keys) {
    return call("reading deleted items", Needs.APPLICATIONS_READ, () -> {
      // directory-deleteditems-list.md: the cast takes the resource's own query options; uniqueName has no documented
      // filter, so the key tag finds the candidates and the uniqueName decides
      Batch apps = new Batch(connection);
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        apps.add("deleted" + i, graph.directory().deletedItems().graphApplication().toGetRequestInformation(rc -> {
          rc.queryParameters.filter = "tags/any(t:t eq '" + literal(Registration.KEY_TAG_PREFIX + key) + "')";
          rc.queryParameters.select = Models.APPLICATION_FIELDS;
        }));
      }
      Map<String, Batch.Item> a = apps.isEmpty() ? Map.of() : apps.send();
      List<Registration> deleted = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        collection(a, "deleted" + i).stream().map(TenantJson::registration).filter(r -> key.equals(r.uniqueName()))
            .forEach(deleted::add);
      }
      Batch sps = new Batch(connection);
      for (int i = 0; i < deleted.size(); i++) {
        String appId = deleted.get(i).appId().value();
        sps.add("deletedsp" + i, graph.directory().deletedItems().graphServicePrincipal().toGetRequestInformation(rc -> {
          rc.queryParameters.filter = "appId eq '" + literal(appId) + "'";
          rc.queryParameters.select = Models.SERVICE_PRINCIPAL_FIELDS;
        }));
      }
      Map<String, Batch.Item> b = sps.isEmpty() ? Map.of() : sps.send();
      List<ServicePrincipal> deletedSps = new ArrayList<>();
      for (int i = 0; i < deleted.size(); i++) {
        collection(b, "deletedsp" + i).forEach(sp -> deletedSps.add(TenantJson.servicePrincipal(sp)));
      }
      return new DeletedItems(deleted, deletedSps);
    });
  }

  @Override
  public void deleteApplication(ObjectId application) {
    gone("deleting registration " + application, Needs.APPLICATIONS_WRITE,
        () -> graph.applications().byApplicationId(application.value()).delete());
  }

  @Override
  public void deleteServicePrincipal(ObjectId servicePrincipal) {
    gone("deleting service principal " + servicePrincipal, Needs.APPLICATIONS_WRITE,
        () -> graph.servicePrincipals().byServicePrincipalId(servicePrincipal.value()).delete());
  }

  @Override
  public void removeDirectoryRoleAssignment(String assignmentId) {
    gone("removing directory role assignment " + assignmentId, Needs.DIRECTORY_ROLES_WRITE,
        () -> graph.roleManagement().directory().roleAssignments().byUnifiedRoleAssignmentId(assignmentId).delete());
  }

  @Override
  public void purgeDeleted(ObjectId id) {
    gone("permanently deleting " + id, Needs.APPLICATIONS_WRITE, () -> graph.directory().deletedItems().byDirectoryObjectId(id.value()).delete());
  }

  /** A DELETE whose 404 means it is already done (a re-run, or another run got there first). */
  private void gone(String step, Needs needs, Runnable delete) {
    try {
      call(step, needs, () -> {
        delete.run();
        return null;
      });
    } catch (appreg.provisioning.GraphCallException e) {
      if (e.status() != 404) throw e;
    }
  }

  @Override
  public void addOwner(ObjectId application, ObjectId owner) {
    String step = "adding owner " + owner + " to registration " + application;
    try {
      replication.run(step, fresh(application.value()), () -> call(step, Needs.OWNERS_WRITE, () -> {
        // the directory object's URL on the Graph host this run talks to (application-post-owners.md)
        ObjectNode ref = JSON.createObjectNode().put("@odata.id", connection.baseUrl() + "/directoryObjects/" + owner.value());
        return send(at("/applications/" + application.value() + "/owners/$ref"), HttpMethod.POST, ref, false);
      }));
    } catch (appreg.provisioning.GraphCallException e) {
      // a duplicate reference is refused with 400 "One or more added object references already exist ...": the
      // owner is there, which is what this call is for
      if (!(e.status() == 400 && e.getMessage().contains("already exist"))) throw e;
    }
  }

  // ---------------------------------------------------------------- certificates and federated credentials

  @Override
  public List<KeyCredential> keyCredentials(ObjectId application) {
    return call("reading the certificates of " + application, Needs.APPLICATIONS_READ, () -> {
      JsonNode a = fetch(graph.applications().byApplicationId(application.value())
          .toGetRequestInformation(rc -> rc.queryParameters.select = new String[] {"id", "keyCredentials"}));
      return TenantJson.keys(a.path("keyCredentials"));
    });
  }

  @Override
  public void updateKeyCredentials(ObjectId application, List<KeyCredential> credentials) {
    String step = "writing the certificates of " + application;
    replication.run(step, fresh(application.value()), () -> call(step, Needs.APPLICATIONS_WRITE, () -> {
      ObjectNode a = typed("application");
      ArrayNode keys = a.putArray("keyCredentials");
      credentials.forEach(k -> keys.add(keyCredential(k)));
      return send(graph.applications().byApplicationId(application.value()).toGetRequestInformation(), HttpMethod.PATCH, a, false);
    }));
  }

  @Override
  public KeyCredential addKey(ObjectId application, KeyCredential credential, Sensitive proof) {
    String step = "adding a certificate to " + application;
    return call(step, Needs.APPLICATIONS_WRITE, () -> {
      // application-addkey.md: passwordCredential is null when adding a certificate
      ObjectNode body = JSON.createObjectNode();
      body.set("keyCredential", keyCredential(credential));
      body.putNull("passwordCredential");
      body.put("proof", appreg.provisioning.secret.SecretAccess.forProofOfPossession(proof));
      JsonNode added = send(at("/applications/" + application.value() + "/addKey"), HttpMethod.POST, body, false);
      return added == null || !added.hasNonNull("keyId") ? credential.withoutKey()
          : TenantJson.keys(JSON.createArrayNode().add(added)).get(0);
    });
  }

  /** Only what is known: an unset field stays out of the request rather than going as an explicit null. */
  private static ObjectNode keyCredential(KeyCredential k) {
    ObjectNode m = JSON.createObjectNode();
    String keyId = uuid(k.keyId());
    if (k.thumbprint() != null) {
      m.put("customKeyIdentifier", java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(k.thumbprint())));
    }
    if (k.displayName() != null) m.put("displayName", k.displayName());
    if (k.endDateTime() != null) m.put("endDateTime", dateTime(k.endDateTime()));
    // Graph's Binary is base64; decoding and encoding again writes it the one canonical way, as the SDK did
    if (k.key() != null) m.put("key", java.util.Base64.getEncoder().encodeToString(java.util.Base64.getDecoder().decode(k.key())));
    m.put("keyId", keyId);
    if (k.startDateTime() != null) m.put("startDateTime", dateTime(k.startDateTime()));
    if (k.type() != null) m.put("type", k.type());
    if (k.usage() != null) m.put("usage", k.usage());
    return m;
  }

  @Override
  public void addFederatedCredential(ObjectId application, FederatedCredential credential) {
    String step = "adding federated credential '" + credential.name() + "' to " + application;
    try {
      replication.run(step, fresh(application.value()), () -> call(step, Needs.APPLICATIONS_WRITE, () -> {
        return send(graph.applications().byApplicationId(application.value()).federatedIdentityCredentials().toGetRequestInformation(),
            HttpMethod.POST, federatedCredential(credential, credential.name()), false);
      }));
    } catch (appreg.provisioning.GraphCallException e) {
      if (e.status() != 409) throw e;
      // one of that name exists (made meanwhile, or not seen by the read): converge on it, as other creates do
      updateFederatedCredential(application, credential.name(), credential);
    }
  }

  @Override
  public void updateFederatedCredential(ObjectId application, String name, FederatedCredential credential) {
    String step = "updating federated credential '" + name + "' of " + application;
    call(step, Needs.APPLICATIONS_WRITE, () -> send(graph.applications().byApplicationId(application.value())
        .federatedIdentityCredentials().byFederatedIdentityCredentialId(name).toGetRequestInformation(), HttpMethod.PATCH,
        federatedCredential(credential, null), false));
  }

  private static ObjectNode federatedCredential(FederatedCredential f, String name) {
    ObjectNode m = JSON.createObjectNode();
    m.set("audiences", strings(f.audiences()));
    if (f.description() != null) m.put("description", f.description());
    m.put("issuer", f.issuer());
    if (name != null) m.put("name", name);
    m.put("subject", f.subject());
    return m;
  }

  private boolean fresh(String id) {
    return createdThisRun.contains(id);
  }

  private static boolean isGuid(String s) {
    return s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }

  /** OData string literal: a single quote is doubled. */
  static String literal(String s) {
    return s.replace("'", "''");
  }

  /** A GET of a URL relative to the versioned base URL, for a batch: what the SDK's request builders cannot address. */
  private com.microsoft.kiota.RequestInformation get(String relative) {
    var ri = new com.microsoft.kiota.RequestInformation();
    ri.httpMethod = com.microsoft.kiota.HttpMethod.GET;
    ri.setUri(java.net.URI.create(connection.baseUrl() + relative));
    return ri;
  }

  private static final String[] USER_FIELDS = {"id", "userPrincipalName", "displayName"};

  // ---------------------------------------------------------------- raw JSON through the SDK's adapter

  /*
   * Reads and writes go through the SDK's request adapter, so every request passes the same middleware (request ids,
   * retry, batching, token renewal, -v trace) and Graph's errors come back as the SDK's ODataError for GraphErrors, but
   * bodies are written and read as JSON here, mapped to appreg's records by TenantJson. No SDK model class is touched:
   * the first one initialised links Entity, whose createFromDiscriminatorValue names about 1,300 subclasses, and the
   * bytecode verifier loads every one of them (docs/performance.md).
   */

  private static final String USER_TYPE = "#microsoft.graph.user";
  private static final String SERVICE_PRINCIPAL_TYPE = "#microsoft.graph.servicePrincipal";
  private static final HashMap<String, ParsableFactory<? extends Parsable>> ERRORS = new HashMap<>();

  static {
    ERRORS.put("XXX", ODataError::createFromDiscriminatorValue);
  }

  /** A GET, its JSON answer. */
  private JsonNode fetch(RequestInformation get) {
    return Batch.sendForJson(graph.getRequestAdapter(), get);
  }

  /** A GET of an absolute URL Graph gave ({@code @odata.nextLink}). */
  private JsonNode fetch(String url) {
    RequestInformation ri = new RequestInformation();
    ri.httpMethod = HttpMethod.GET;
    ri.setUri(URI.create(url));
    ri.headers.add("Accept", "application/json");
    return fetch(ri);
  }

  /** A request to a URL relative to the versioned base URL, as the SDK's request builders would address it. */
  private RequestInformation at(String relative) {
    RequestInformation ri = new RequestInformation();
    ri.setUri(URI.create(connection.baseUrl() + relative));
    ri.headers.add("Accept", "application/json");
    return ri;
  }

  /**
   * Sends {@code body} as JSON with {@code method} to where {@code target} points; the answer's JSON, or null for an
   * answer without a body (204). {@code idempotent}: a create whose duplicate Graph refuses with a conflict appreg
   * converges on, so the retry middleware may send it again ({@link IdempotentPost}).
   */
  private JsonNode send(RequestInformation target, HttpMethod method, ObjectNode body, boolean idempotent) {
    target.httpMethod = method;
    try {
      target.setStreamContent(new ByteArrayInputStream(JSON.writeValueAsBytes(body)), "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (idempotent) target.addRequestOptions(List.of(IdempotentPost.INSTANCE));
    try (InputStream in = graph.getRequestAdapter().sendPrimitive(target, ERRORS, InputStream.class)) {
      if (in == null) return null;
      byte[] bytes = in.readAllBytes();
      return bytes.length == 0 ? null : JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new object's body starts with its OData type, as the SDK's models wrote it. */
  private static ObjectNode typed(String type) {
    return JSON.createObjectNode().put("@odata.type", "#microsoft.graph." + type);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = JSON.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  /** A GUID as Graph's Edm.Guid; anything else fails here, before a request, as the SDK's UUID setters did. */
  private static String uuid(String s) {
    return UUID.fromString(s).toString();
  }

  /** Edm.DateTimeOffset as the SDK wrote it (ISO 8601, UTC). */
  private static String dateTime(Instant t) {
    return t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static User user(JsonNode n) {
    return new User(new ObjectId(text(n, "id")), text(n, "userPrincipalName"), text(n, "displayName"));
  }

  /** The object ids of listed directory objects (owners), in Graph's order. */
  private static List<ObjectId> ids(JsonNode objects) {
    List<ObjectId> out = new ArrayList<>();
    for (JsonNode o : objects) if (o.hasNonNull("id")) out.add(new ObjectId(o.get("id").asText()));
    return List.copyOf(out);
  }

  /**
   * GET one user by object id or UPN (user-get.md). The SDK percent-encodes the key once, so a B2B guest's '#' goes
   * out as %23 as the page asks (encoding it here as well sent %2523, a user no one has). A UPN starting with '$'
   * must be written {@code /users('$x@contoso.com')}, a form the SDK's path parameter cannot express.
   */
  private com.microsoft.kiota.RequestInformation user(String upnOrId) {
    if (!upnOrId.startsWith("$")) {
      return graph.users().byUserId(upnOrId).toGetRequestInformation(rc -> rc.queryParameters.select = USER_FIELDS);
    }
    return graph.users().withUrl(connection.baseUrl() + "/users('" + quotedKey(upnOrId) + "')?$select="
        + String.join(",", USER_FIELDS)).toGetRequestInformation();
  }

  /** A key inside {@code ('…')} in a path: quotes doubled (OData), and what a path segment may not hold encoded once. */
  static String quotedKey(String key) {
    StringBuilder out = new StringBuilder();
    for (byte b : literal(key).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@".indexOf(c) >= 0);
      if (plain) out.append(c);
      else out.append('%').append(String.format("%02X", b & 0xff));
    }
    return out.toString();
  }

}
