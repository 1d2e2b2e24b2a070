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
import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.applications.item.removepassword.RemovePasswordPostRequestBody;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.ApplicationCollectionResponse;
import com.microsoft.graph.models.AppRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.OAuth2PermissionGrantCollectionResponse;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.PublicClientApplication;
import com.microsoft.graph.models.RequiredResourceAccess;
import com.microsoft.graph.models.ServicePrincipalCollectionResponse;
import com.microsoft.graph.models.SpaApplication;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleDefinitionCollectionResponse;
import com.microsoft.graph.models.WebApplication;
import com.microsoft.graph.serviceclient.GraphServiceClient;
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
import java.util.function.Function;

/**
 * {@link GraphGateway} over the Graph Java SDK. Reads go in JSON batches (two round trips for a manifest: registrations
 * and APIs; the registrations' service principals with their grants and assignments, addressed by appId; a third only
 * for a manifest with directory roles). Writes build a fresh
 * SDK model per attempt holding only what changes (the SDK's backing store sends {@code {}} for a reused model and an
 * explicit null for a null setter), and converge on Graph's "already exists" answers.
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

    Organization org = required(a, "org").as(OrganizationCollectionResponse::createFromDiscriminatorValue)
        .getValue().stream().findFirst().map(Models::organization)
        .orElseThrow(() -> new IllegalStateException("Graph returned no organization"));
    Map<String, Registration> registrations = new LinkedHashMap<>();
    Map<ObjectId, List<ObjectId>> owners = new LinkedHashMap<>();
    Set<ObjectId> federatedRead = new java.util.HashSet<>();
    for (int i = 0; i < q.keys().size(); i++) {
      optional(a, "key" + i).ifPresent(it -> add(registrations, Models.registration(it.as(Application::createFromDiscriminatorValue))));
      collection(a, "tag" + i, ApplicationCollectionResponse::createFromDiscriminatorValue,
          r -> r.getValue(), r -> r.getOdataNextLink(), u -> graph.applications().withUrl(u).get())
          .forEach(app -> {
            // this answer carries the expanded federated credentials: it replaces the one read by key
            registrations.put(app.getId(), Models.registration(app));
            if (app.getFederatedIdentityCredentials() != null) federatedRead.add(new ObjectId(app.getId()));
            if (app.getOwners() != null) owners.put(new ObjectId(app.getId()), Models.ids(app.getOwners()));
          });
    }
    for (int i = 0; i < q.displayNames().size(); i++) {
      collection(a, "name" + i, ApplicationCollectionResponse::createFromDiscriminatorValue,
          r -> r.getValue(), r -> r.getOdataNextLink(), u -> graph.applications().withUrl(u).get())
          .forEach(app -> add(registrations, Models.registration(app)));
    }
    for (int i = 0; i < q.adoptAppIds().size(); i++) {
      optional(a, "adopt" + i).ifPresent(it -> add(registrations, Models.registration(it.as(Application::createFromDiscriminatorValue))));
    }
    Map<String, ServicePrincipal> sps = new LinkedHashMap<>();
    for (int i = 0; i < q.apiAppIds().size(); i++) {
      optional(a, "api" + i).ifPresent(it -> addSp(sps, Models.servicePrincipal(
          it.as(com.microsoft.graph.models.ServicePrincipal::createFromDiscriminatorValue))));
    }
    for (int i = 0; i < q.apiDisplayNames().size(); i++) {
      collection(a, "apiname" + i, ServicePrincipalCollectionResponse::createFromDiscriminatorValue,
          r -> r.getValue(), r -> r.getOdataNextLink(), u -> graph.servicePrincipals().withUrl(u).get())
          .forEach(sp -> addSp(sps, Models.servicePrincipal(sp)));
    }
    List<RoleDefinition> roleDefinitions = q.roleDefinitions()
        ? collection(a, "roles", UnifiedRoleDefinitionCollectionResponse::createFromDiscriminatorValue, r -> r.getValue(),
            r -> r.getOdataNextLink(), u -> graph.roleManagement().directory().roleDefinitions().withUrl(u).get())
            .stream().map(Models::roleDefinition).toList()
        : List.of();
    List<User> users = new ArrayList<>();
    for (int i = 0; i < q.users().size(); i++) {
      optional(a, "user" + i).ifPresent(it -> users.add(Models.user(it.as(com.microsoft.graph.models.User::createFromDiscriminatorValue))));
    }
    for (int i = 0; i < q.owners().size(); i++) {
      boolean byId = isGuid(q.owners().get(i));
      optional(a, "owner" + i).ifPresent(it -> {
        // a directory object says what it is in @odata.type; a user read by UPN with $select may not
        var o = byId ? it.as(com.microsoft.graph.models.DirectoryObject::createFromDiscriminatorValue)
            : it.as(com.microsoft.graph.models.User::createFromDiscriminatorValue);
        if (o instanceof com.microsoft.graph.models.User u) users.add(Models.user(u));
        else if (o instanceof com.microsoft.graph.models.ServicePrincipal sp) addSp(sps, Models.servicePrincipal(sp));
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
      optional(b, "sp" + i).ifPresent(it -> ownSps.add(Models.servicePrincipal(
          it.as(com.microsoft.graph.models.ServicePrincipal::createFromDiscriminatorValue))));
    }
    ownSps.forEach(sp -> addSp(sps, sp));
    for (int i = 0; i < keyed.size(); i++) {
      String id = keyed.get(i).id().value();
      if (!b.containsKey("owners" + i)) continue;
      owners.put(keyed.get(i).id(), Models.ids(collection(b, "owners" + i,
          com.microsoft.graph.models.DirectoryObjectCollectionResponse::createFromDiscriminatorValue, r -> r.getValue(),
          r -> r.getOdataNextLink(), u -> graph.applications().byApplicationId(id).owners().withUrl(u).get())));
    }
    for (int i = 0; i < keyed.size(); i++) {
      Registration r = keyed.get(i);
      if (!b.containsKey("fics" + i)) continue;
      List<FederatedCredential> fics = collection(b, "fics" + i,
          com.microsoft.graph.models.FederatedIdentityCredentialCollectionResponse::createFromDiscriminatorValue,
          x -> x.getValue(), x -> x.getOdataNextLink(),
          u -> graph.applications().byApplicationId(r.id().value()).federatedIdentityCredentials().withUrl(u).get())
          .stream().map(Models::federated).toList();
      registrations.put(r.id().value(), r.withFederatedCredentials(fics));
    }
    List<RoleAssignment> roleAssignments = new ArrayList<>();
    for (int i = 0; i < assignees.size(); i++) {
      roleAssignments.addAll(roleAssignments(b, "ura" + i));
    }

    List<DelegatedGrant> grants = new ArrayList<>();
    List<AppRoleAssignment> assignments = new ArrayList<>();
    for (int i = 0; i < keyed.size(); i++) {
      String appId = keyed.get(i).appId().value();
      collection(b, "grants" + i, OAuth2PermissionGrantCollectionResponse::createFromDiscriminatorValue, r -> r.getValue(),
          r -> r.getOdataNextLink(), u -> graph.oauth2PermissionGrants().withUrl(u).get())
          .forEach(g -> grants.add(Models.grant(g)));
      collection(b, "roles" + i, AppRoleAssignmentCollectionResponse::createFromDiscriminatorValue, r -> r.getValue(),
          r -> r.getOdataNextLink(), u -> graph.servicePrincipals().byServicePrincipalId(appId).appRoleAssignments().withUrl(u).get())
          .forEach(x -> assignments.add(Models.appRoleAssignment(x)));
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
    return collection(answers, id, UnifiedRoleAssignmentCollectionResponse::createFromDiscriminatorValue, r -> r.getValue(),
        r -> r.getOdataNextLink(), u -> graph.roleManagement().directory().roleAssignments().withUrl(u).get())
        .stream().map(Models::roleAssignment).toList();
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

  private <R extends com.microsoft.kiota.serialization.Parsable, T> List<T> collection(Map<String, Batch.Item> answers,
      String id, com.microsoft.kiota.serialization.ParsableFactory<R> factory, Function<R, List<T>> values,
      Function<R, String> next, Function<String, R> follow) {
    Batch.Item it = answers.get(id);
    if (it == null) return List.of();
    // the key-tag lookup is a fallback beside GET by uniqueName: a tenant that refuses the filter loses only the fallback
    if (it.status() == 400 && id.startsWith("tag")) return List.of();
    // grants and assignments read through a service principal addressed by appId: none when it has none
    if (it.status() == 404 && (id.startsWith("grants") || id.startsWith("roles") && !id.equals("roles"))) return List.of();
    if (!it.ok()) throw failed(id, it);
    List<T> out = new ArrayList<>();
    R page = it.as(factory);
    Set<String> seenLinks = new java.util.HashSet<>();
    while (page != null) {
      if (values.apply(page) != null) out.addAll(values.apply(page));
      String link = next.apply(page);
      if (link == null || !seenLinks.add(link)) break;
      page = follow.apply(link);
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
    Application created = call(step, Needs.APPLICATIONS_WRITE, () -> graph.applicationsWithUniqueName(literal(key))
        .patch(application(patch, null), rc -> rc.headers.add("Prefer", "create-if-missing")));
    Registration r;
    if (created != null) {
      r = Models.registration(created);
      createdThisRun.add(r.id().value());
      createdThisRun.add(r.appId().value());
    } else {
      // 204: it existed (another run made it meanwhile) and was updated; read it back by key
      r = call(step, Needs.APPLICATIONS_READ, () -> Models.registration(graph.applicationsWithUniqueName(literal(key))
          .get(rc -> rc.queryParameters.select = Models.APPLICATION_FIELDS)));
    }
    return r;
  }

  @Override
  public void updateRegistration(ObjectId id, String uniqueName, RegistrationPatch patch) {
    String step = "updating registration " + id;
    replication.run(step, fresh(id.value()), () -> call(step, Needs.APPLICATIONS_WRITE, () ->
        graph.applications().byApplicationId(id.value()).patch(application(patch, uniqueName))));
  }

  /** A fresh model holding exactly what the patch sets. */
  private static Application application(RegistrationPatch p, String uniqueName) {
    Application a = new Application();
    if (uniqueName != null) a.setUniqueName(uniqueName);
    if (p.displayName() != null) a.setDisplayName(p.displayName());
    if (p.signInAudience() != null) a.setSignInAudience(p.signInAudience());
    if (p.webRedirectUris() != null) {
      WebApplication web = new WebApplication();
      web.setRedirectUris(new ArrayList<>(p.webRedirectUris()));
      a.setWeb(web);
    }
    if (p.spaRedirectUris() != null) {
      SpaApplication spa = new SpaApplication();
      spa.setRedirectUris(new ArrayList<>(p.spaRedirectUris()));
      a.setSpa(spa);
    }
    if (p.publicClientRedirectUris() != null) {
      PublicClientApplication pc = new PublicClientApplication();
      pc.setRedirectUris(new ArrayList<>(p.publicClientRedirectUris()));
      a.setPublicClient(pc);
    }
    if (p.requiredResourceAccess() != null) {
      List<RequiredResourceAccess> list = new ArrayList<>();
      for (RequiredResource r : p.requiredResourceAccess()) {
        RequiredResourceAccess rra = new RequiredResourceAccess();
        rra.setResourceAppId(r.resourceAppId().value());
        List<com.microsoft.graph.models.ResourceAccess> access = new ArrayList<>();
        for (ResourceAccess x : r.access()) {
          var ra = new com.microsoft.graph.models.ResourceAccess();
          ra.setId(UUID.fromString(x.id()));
          ra.setType(x.type().graphName());
          access.add(ra);
        }
        rra.setResourceAccess(access);
        list.add(rra);
      }
      a.setRequiredResourceAccess(list);
    }
    if (p.tags() != null) a.setTags(new ArrayList<>(p.tags()));
    return a;
  }

  @Override
  public ServicePrincipal createServicePrincipal(AppId appId) {
    String step = "creating the service principal of " + appId;
    try {
      ServicePrincipal sp = replication.run(step, fresh(appId.value()), () -> call(step, Needs.SERVICE_PRINCIPALS_WRITE, () -> {
        var model = new com.microsoft.graph.models.ServicePrincipal();
        model.setAppId(appId.value());
        return Models.servicePrincipal(graph.servicePrincipals().post(model,
            rc -> rc.options.add(IdempotentPost.INSTANCE)));
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
      return call(step, Needs.SERVICE_PRINCIPALS_READ, () -> Models.servicePrincipal(graph.servicePrincipalsWithAppId(appId.value())
          .get(rc -> rc.queryParameters.select = Models.SERVICE_PRINCIPAL_FIELDS)));
    }
  }

  @Override
  public DelegatedGrant grantAllPrincipals(ObjectId clientSp, ObjectId resourceSp, Set<String> scopes) {
    String step = "granting admin consent";
    String scope = String.join(" ", new TreeSet<>(scopes));
    try {
      return replication.run(step, fresh(clientSp.value()) || fresh(resourceSp.value()), () -> call(step, Needs.GRANTS_WRITE, () -> {
        OAuth2PermissionGrant g = new OAuth2PermissionGrant();
        g.setClientId(clientSp.value());
        g.setResourceId(resourceSp.value());
        g.setConsentType(DelegatedGrant.ALL_PRINCIPALS);
        g.setScope(scope);
        return Models.grant(graph.oauth2PermissionGrants().post(g, rc -> rc.options.add(IdempotentPost.INSTANCE)));
      }));
    } catch (appreg.provisioning.GraphCallException e) {
      if (e.status() != 409) throw e;
      // "Permission entry already exists.": read it and set exactly the wanted scopes
      DelegatedGrant existing = call(step, Needs.GRANTS_WRITE, () -> graph.oauth2PermissionGrants().get(rc ->
          rc.queryParameters.filter = "clientId eq '" + literal(clientSp.value()) + "' and resourceId eq '"
              + literal(resourceSp.value()) + "' and consentType eq 'AllPrincipals'"))
          .getValue().stream().findFirst().map(Models::grant).orElseThrow(() -> e);
      if (!existing.scopes().equals(new java.util.LinkedHashSet<>(new TreeSet<>(scopes)))) updateGrant(existing.id(), scopes);
      return new DelegatedGrant(existing.id(), clientSp, resourceSp, DelegatedGrant.ALL_PRINCIPALS, null, scopes);
    }
  }

  @Override
  public void updateGrant(String grantId, Set<String> scopes) {
    call("updating admin consent", Needs.GRANTS_WRITE, () -> {
      OAuth2PermissionGrant g = new OAuth2PermissionGrant();
      g.setScope(String.join(" ", new TreeSet<>(scopes)));
      return graph.oauth2PermissionGrants().byOAuth2PermissionGrantId(grantId).patch(g);
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
        var a = new com.microsoft.graph.models.AppRoleAssignment();
        a.setPrincipalId(UUID.fromString(clientSp.value()));
        a.setResourceId(UUID.fromString(resourceSp.value()));
        a.setAppRoleId(UUID.fromString(appRoleId));
        return Models.appRoleAssignment(graph.servicePrincipals().byServicePrincipalId(clientSp.value()).appRoleAssignments()
            .post(a, rc -> rc.options.add(IdempotentPost.INSTANCE)));
      }));
    } catch (appreg.provisioning.GraphCallException e) {
      if (!(e.status() == 400 && e.getMessage().contains("already exists"))) throw e;
      return call(step, Needs.APPLICATIONS_READ, () -> graph.servicePrincipals().byServicePrincipalId(clientSp.value())
          .appRoleAssignments().get()).getValue().stream().map(Models::appRoleAssignment)
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
      var pc = new com.microsoft.graph.models.PasswordCredential();
      pc.setDisplayName(displayName);
      pc.setEndDateTime(endsOn.atOffset(ZoneOffset.UTC));
      var body = new AddPasswordPostRequestBody();
      body.setPasswordCredential(pc);
      var issued = graph.applications().byApplicationId(application.value()).addPassword().post(body);
      if (issued.getSecretText() == null) throw new IllegalStateException("Graph answered addPassword without the secret text");
      return new IssuedSecret(Models.str(issued.getKeyId()), issued.getDisplayName(), issued.getHint(),
          Models.instant(issued.getStartDateTime()), Models.instant(issued.getEndDateTime()), new Sensitive(issued.getSecretText()));
    }));
  }

  @Override
  public void removePassword(ObjectId application, String keyId) {
    String step = "removing client secret " + keyId;
    call(step, Needs.APPLICATIONS_WRITE, () -> {
      var body = new RemovePasswordPostRequestBody();
      body.setKeyId(UUID.fromString(keyId));
      graph.applications().byApplicationId(application.value()).removePassword().post(body,
          rc -> rc.options.add(IdempotentPost.INSTANCE));
      return null;
    });
  }

  @Override
  public List<PasswordCredential> passwordCredentials(ObjectId application) {
    return call("reading client secrets", Needs.APPLICATIONS_READ, () -> {
      Application a = graph.applications().byApplicationId(application.value())
          .get(rc -> rc.queryParameters.select = new String[] {"id", "passwordCredentials"});
      return Models.map(a.getPasswordCredentials(), Models::password);
    });
  }

  @Override
  public void assignDirectoryRole(String roleDefinitionId, ObjectId principal) {
    String step = "assigning a directory role";
    try {
      replication.run(step, fresh(principal.value()), () -> call(step, Needs.DIRECTORY_ROLES_WRITE, () -> {
        UnifiedRoleAssignment r = new UnifiedRoleAssignment();
        r.setRoleDefinitionId(roleDefinitionId);
        r.setPrincipalId(principal.value());
        r.setDirectoryScopeId("/");
        return graph.roleManagement().directory().roleAssignments().post(r, rc -> rc.options.add(IdempotentPost.INSTANCE));
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
        collection(a, "deleted" + i, ApplicationCollectionResponse::createFromDiscriminatorValue, r -> r.getValue(),
            r -> r.getOdataNextLink(), u -> graph.applications().withUrl(u).get())
            .stream().map(Models::registration).filter(r -> key.equals(r.uniqueName())).forEach(deleted::add);
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
        collection(b, "deletedsp" + i, ServicePrincipalCollectionResponse::createFromDiscriminatorValue, r -> r.getValue(),
            r -> r.getOdataNextLink(), u -> graph.servicePrincipals().withUrl(u).get())
            .forEach(sp -> deletedSps.add(Models.servicePrincipal(sp)));
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
        var ref = new com.microsoft.graph.models.ReferenceCreate();
        // the directory object's URL on the Graph host this run talks to (application-post-owners.md)
        ref.setOdataId(connection.baseUrl() + "/directoryObjects/" + owner.value());
        graph.applications().byApplicationId(application.value()).owners().ref().post(ref);
        return null;
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
      Application a = graph.applications().byApplicationId(application.value())
          .get(rc -> rc.queryParameters.select = new String[] {"id", "keyCredentials"});
      return Models.map(a.getKeyCredentials(), Models::key);
    });
  }

  @Override
  public void updateKeyCredentials(ObjectId application, List<KeyCredential> credentials) {
    String step = "writing the certificates of " + application;
    replication.run(step, fresh(application.value()), () -> call(step, Needs.APPLICATIONS_WRITE, () -> {
      Application a = new Application();
      a.setKeyCredentials(new ArrayList<>(credentials.stream().map(SdkGateway::keyCredential).toList()));
      return graph.applications().byApplicationId(application.value()).patch(a);
    }));
  }

  @Override
  public KeyCredential addKey(ObjectId application, KeyCredential credential, Sensitive proof) {
    String step = "adding a certificate to " + application;
    return call(step, Needs.APPLICATIONS_WRITE, () -> {
      var body = new com.microsoft.graph.applications.item.addkey.AddKeyPostRequestBody();
      body.setKeyCredential(keyCredential(credential));
      body.setPasswordCredential(null);
      body.setProof(appreg.provisioning.secret.SecretAccess.forProofOfPossession(proof));
      var added = graph.applications().byApplicationId(application.value()).addKey().post(body);
      return added == null || added.getKeyId() == null ? credential.withoutKey() : Models.key(added);
    });
  }

  /** Only what is known: an unset field stays out of the request rather than going as an explicit null. */
  private static com.microsoft.graph.models.KeyCredential keyCredential(KeyCredential k) {
    var m = new com.microsoft.graph.models.KeyCredential();
    m.setKeyId(UUID.fromString(k.keyId()));
    if (k.displayName() != null) m.setDisplayName(k.displayName());
    if (k.type() != null) m.setType(k.type());
    if (k.usage() != null) m.setUsage(k.usage());
    if (k.startDateTime() != null) m.setStartDateTime(k.startDateTime().atOffset(ZoneOffset.UTC));
    if (k.endDateTime() != null) m.setEndDateTime(k.endDateTime().atOffset(ZoneOffset.UTC));
    if (k.thumbprint() != null) m.setCustomKeyIdentifier(java.util.HexFormat.of().parseHex(k.thumbprint()));
    if (k.key() != null) m.setKey(java.util.Base64.getDecoder().decode(k.key()));
    return m;
  }

  @Override
  public void addFederatedCredential(ObjectId application, FederatedCredential credential) {
    String step = "adding federated credential '" + credential.name() + "' to " + application;
    try {
      replication.run(step, fresh(application.value()), () -> call(step, Needs.APPLICATIONS_WRITE, () -> {
        var m = federatedCredential(credential);
        m.setName(credential.name());
        return graph.applications().byApplicationId(application.value()).federatedIdentityCredentials().post(m);
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
    call(step, Needs.APPLICATIONS_WRITE, () -> graph.applications().byApplicationId(application.value())
        .federatedIdentityCredentials().byFederatedIdentityCredentialId(name).patch(federatedCredential(credential)));
  }

  private static com.microsoft.graph.models.FederatedIdentityCredential federatedCredential(FederatedCredential f) {
    var m = new com.microsoft.graph.models.FederatedIdentityCredential();
    m.setIssuer(f.issuer());
    m.setSubject(f.subject());
    m.setAudiences(new ArrayList<>(f.audiences()));
    if (f.description() != null) m.setDescription(f.description());
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
