package appreg.provisioning.sandbox;

import appreg.provisioning.ManifestException;

import appreg.provisioning.files.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An Entra tenant that remembers: applications, service principals, delegated grants, app role assignments,
 * directory roles, users, the organization and two tenant policies, held in memory as Graph-shaped JSON. It is
 * what {@link SandboxServer} serves and what tests arrange and inspect; it is also the state behind
 * {@code appreg --sandbox}, persisted to a file after every change.
 *
 * <p>Thread-safe: every read and change holds one lock, so a request sees and leaves a consistent tenant.
 * A secret's text never enters the tenant: {@code addPassword} returns it and keeps only the hint, as Entra does.
 */
public final class SimulatedTenant {
  /** The collections {@link #create}, {@link #list} and {@link #delete} accept. */
  public static final List<String> COLLECTIONS = List.of("applications", "servicePrincipals",
      "oauth2PermissionGrants", "appRoleAssignments", "roleAssignments", "roleDefinitions", "users");
  /** Policies readable at {@code /policies/{name}}. */
  public static final List<String> POLICIES = List.of("defaultAppManagementPolicy", "authorizationPolicy");

  /**
   * The replication lag {@code appreg --sandbox} should run with: small, so the CLI's wait-for-replication path is
   * exercised on every run (tests default to 0).
   */
  public static final int SANDBOX_REPLICATION_LAG = 1;

  private static final String FORMAT = "appreg-sandbox-tenant/1";
  static final String DOMAIN = "contoso.onmicrosoft.com";

  final Object lock = new Object();
  private final Map<String, LinkedHashMap<String, ObjectNode>> collections = new LinkedHashMap<>();
  /** Owners of applications and service principals, by the owned object's id. */
  private final Map<String, LinkedHashSet<String>> owners = new HashMap<>();
  private final Map<String, ObjectNode> policies = new LinkedHashMap<>();
  /**
   * Soft-deleted applications and service principals by id (Entra's deleted items), and the collection each came
   * from. Deleting either moves it here for 30 days (application-delete.md); Graph's reads no longer see it.
   */
  private final LinkedHashMap<String, ObjectNode> deletedItems = new LinkedHashMap<>();
  private final Map<String, String> deletedFrom = new HashMap<>();
  private ObjectNode organization;
  private String tenantId;
  private final Random ids = new SecureRandom();

  private Path stateFile;
  private int depth;
  private boolean dirty;
  /**
   * Counts what may have changed the tenant: every transaction but a read ({@link #read}), and every change marked
   * within one. A listing keeps where its last page stopped only while this stays the same.
   */
  private long changes;

  private final Faults faults = new Faults();
  private final KeyCredentialLimit keyCredentialLimit = new KeyCredentialLimit();
  private final List<RecordedRequest> requestLog = new ArrayList<>();
  private int requestCount;
  private int replicationLag;
  boolean grantsAnswerNotAValidReferenceUpdate;
  private boolean b2c;
  private long operations;
  private final Map<String, Long> visibleFrom = new HashMap<>();

  private SimulatedTenant() {
    COLLECTIONS.forEach(c -> collections.put(c, new LinkedHashMap<>()));
  }

  /** A realistic new tenant "Contoso": see docs/sandbox.md for what it holds. */
  public static SimulatedTenant fresh() {
    var tenant = new SimulatedTenant();
    TenantSeed.populate(tenant);
    return tenant;
  }

  /**
   * The tenant kept in {@code stateFile}, or a fresh one (written there at once) when the file does not exist.
   * Every later change is saved to the file atomically.
   *
   * @throws IllegalStateException when the file is not a tenant state file
   */
  /**
   * The tenant kept in {@code stateFile}, or a fresh one (saved there) when the file does not exist. A file that is
   * not a complete state (not JSON, cut short, another format, a collection missing) or not a file at all is a
   * {@link ManifestException} (exit 65) saying what is wrong and what to do, in one line.
   */
  public static SimulatedTenant load(Path stateFile) {
    SimulatedTenant tenant;
    if (Files.isDirectory(stateFile)) {
      throw new ManifestException(stateFile.toString(), 0, 0, "is a directory, not a sandbox state file; "
          + "give --sandbox-state a file (it is created when missing)");
    }
    try {
      byte[] bytes = Files.readAllBytes(stateFile);
      tenant = fromJson(stateFile, bytes);
    } catch (NoSuchFileException e) {
      tenant = fresh();
      tenant.stateFile = stateFile;
      tenant.save(stateFile);
      return tenant;
    } catch (IOException e) {
      throw new ManifestException(stateFile.toString(), 0, 0, "cannot read the sandbox state file ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    tenant.stateFile = stateFile;
    return tenant;
  }

  private static final String START_AFRESH = "delete it to start from a fresh simulated tenant";

  /** Writes the whole tenant to {@code file} atomically (a temporary file in the same directory, then a move). */
  public void save(Path file) {
    byte[] bytes;
    synchronized (lock) {
      bytes = toJson();
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      AtomicFiles.write(file, bytes, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sandbox state file " + file, e);
    }
  }

  public String tenantId() {
    return tenantId;
  }

  /** The tenant's initial domain, {@code contoso.onmicrosoft.com}. */
  public String domain() {
    return DOMAIN;
  }

  // ---- arrangement and inspection helpers for tests

  /** Deletes the service principal of {@code appId} (if any) and what references it; returns this tenant. */
  public SimulatedTenant withoutServicePrincipalFor(String appId) {
    transact(() -> {
      for (ObjectNode sp : new ArrayList<>(collection("servicePrincipals").values())) {
        if (appId.equalsIgnoreCase(sp.path("appId").asText())) {
          deleteCascading("servicePrincipals", sp.get("id").asText());
        }
      }
      return null;
    });
    return this;
  }

  /**
   * Instantiates a first-party application the sandbox knows (Microsoft Partner, …) as if that had been done long ago;
   * returns this tenant.
   */
  public SimulatedTenant withServicePrincipalFor(String appId) {
    ObjectNode sp = FirstPartyApps.servicePrincipal(appId).orElseThrow(() ->
        new IllegalArgumentException("not a first-party application the sandbox knows: " + appId));
    if (servicePrincipalsFor(appId).isEmpty()) {
      create("servicePrincipals", sp);
    }
    return this;
  }

  /**
   * Adds an object as if it had always been there (no replication delay, no validation beyond the collection
   * name). Missing ids and server-set properties ({@code appId}, {@code createdDateTime}, …) are filled in.
   *
   * @return the object as Graph would return it
   */
  public ObjectNode create(String collection, ObjectNode object) {
    return transact(() -> Entities.render(collection, insert(collection, object.deepCopy())));
  }

  /** Every object of a collection, in creation order, as Graph would return them. */
  public List<ObjectNode> list(String collection) {
    return transact(() -> collection(collection).values().stream()
        .map(o -> Entities.render(collection, o)).toList());
  }

  public Optional<ObjectNode> get(String collection, String id) {
    return transact(() -> Optional.ofNullable(collection(collection).get(id))
        .map(o -> Entities.render(collection, o)));
  }

  /**
   * Adds a federated identity credential to a stored application as Graph would list it (audience
   * api://AzureADTokenExchange), without the checks a POST makes: seeds the cases {@code audit} looks for (a subject
   * trusting every pull request, an issuer that is not https, one workload trusted by two applications).
   */
  public ObjectNode addFederatedCredential(String applicationId, String name, String issuer, String subject) {
    return transact(() -> {
      ObjectNode stored = collection("applications").get(applicationId);
      if (stored == null) throw new NoSuchElementException("applications/" + applicationId);
      ArrayNode list = stored.path(FederatedIdentityCredentialsResource.NAVIGATION) instanceof ArrayNode a ? a
          : stored.putArray(FederatedIdentityCredentialsResource.NAVIGATION);
      ObjectNode item = list.addObject();
      item.put("id", newGuid());
      item.put("name", name);
      item.put("issuer", issuer);
      item.put("subject", subject);
      item.putArray("audiences").add("api://AzureADTokenExchange");
      item.putNull("description");
      changed();
      return item.deepCopy();
    });
  }

  /**
   * Adds a certificate credential ({@code AsymmetricX509Cert}, usage Verify) holding {@code certificate} (base64 DER,
   * such as a {@link SampleCertificates} constant) to a stored application, without the checks a PATCH or addKey makes:
   * seeds the cases {@code audit} judges (a weak key, a SHA-1 signature). As Graph does, lists show its {@code key} as
   * null; a read of the one application with {@code $select=keyCredentials} returns it.
   */
  public ObjectNode addCertificate(String applicationId, String certificate, String displayName, Instant start, Instant end) {
    return transact(() -> {
      ObjectNode stored = collection("applications").get(applicationId);
      if (stored == null) throw new NoSuchElementException("applications/" + applicationId);
      ArrayNode list = stored.path("keyCredentials") instanceof ArrayNode a ? a : stored.putArray("keyCredentials");
      ObjectNode item = list.addObject();
      item.put("customKeyIdentifier", Base64.getEncoder().encodeToString(ApplicationKeys.thumbprint(certificate)));
      item.put("displayName", displayName);
      item.put("endDateTime", end.toString());
      item.put("key", certificate);
      item.put("keyId", newGuid());
      item.put("startDateTime", start.toString());
      item.put("type", "AsymmetricX509Cert");
      item.put("usage", "Verify");
      changed();
      return item.deepCopy();
    });
  }

  /** Merges {@code changes} into a stored object (no validation), e.g. to age a credential for a test. */
  public ObjectNode update(String collection, String id, ObjectNode changes) {
    return transact(() -> {
      ObjectNode stored = collection(collection).get(id);
      if (stored == null) {
        throw new NoSuchElementException(collection + "/" + id);
      }
      changes.fields().forEachRemaining(e -> stored.set(e.getKey(), e.getValue().deepCopy()));
      scrubSecrets(stored);
      changed();
      return Entities.render(collection, stored);
    });
  }

  /** Deletes an object and, as Entra does, what depends on it (an application takes its service principal along). */
  public void delete(String collection, String id) {
    transact(() -> {
      if (!collection(collection).containsKey(id)) {
        throw new NoSuchElementException(collection + "/" + id);
      }
      deleteCascading(collection, id);
      return null;
    });
  }

  /** Soft-deleted applications and service principals, as {@code GET /directory/deletedItems/…} lists them. */
  public List<ObjectNode> deletedItems(String collection) {
    return transact(() -> deleted(collection).stream().map(o -> Entities.render(collection, o)).toList());
  }

  List<ObjectNode> deleted(String collection) {
    return deletedItems.entrySet().stream().filter(e -> collection.equals(deletedFrom.get(e.getKey())))
        .map(java.util.Map.Entry::getValue).toList();
  }

  /** The collection a soft-deleted object came from, or null when there is no such deleted item. */
  String deletedCollectionOf(String id) {
    return deletedFrom.get(id);
  }

  ObjectNode deletedItem(String id) {
    return deletedItems.get(id);
  }

  /** Permanently deletes a soft-deleted object (directory-deleteditems-delete.md); false when there is none. */
  boolean purge(String id) {
    deletedFrom.remove(id);
    boolean removed = deletedItems.remove(id) != null;
    if (removed) {
      changed();
    }
    return removed;
  }

  /**
   * {@code DELETE /applications/{id}} and {@code /servicePrincipals/{id}}: the object goes to deleted items, with
   * {@code deletedDateTime}. An application takes its service principal along, as the portal's deletion of a
   * registration does (Entra docs, "Restore a soft deleted enterprise application"); restoring the application would
   * not bring the service principal back (directory-deleteditems-restore.md), so each is a deleted item of its own.
   * A deleted service principal's grants, app role assignments and directory role assignments are dropped: whether
   * Entra keeps them for a restore is not documented. The uniqueName of a deleted application is free again here;
   * whether Entra keeps it reserved while the application is restorable is unverified (docs/commands.md, delete).
   */
  void softDelete(String collection, String id) {
    ObjectNode stored = collection(collection).get(id);
    if (stored == null) {
      return;
    }
    if (collection.equals("applications")) {
      String appId = stored.path("appId").asText();
      for (ObjectNode sp : new ArrayList<>(collection("servicePrincipals").values())) {
        if (appId.equalsIgnoreCase(sp.path("appId").asText())) {
          softDelete("servicePrincipals", sp.get("id").asText());
        }
      }
    }
    ObjectNode kept = stored.deepCopy();
    kept.put("deletedDateTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    deleteCascading(collection, id);
    deletedItems.put(id, kept);
    deletedFrom.put(id, collection);
  }

  public void addOwner(String ownedObjectId, String ownerObjectId) {
    transact(() -> {
      owners.computeIfAbsent(ownedObjectId, k -> new LinkedHashSet<>()).add(ownerObjectId);
      changed();
      return null;
    });
  }

  public List<String> owners(String ownedObjectId) {
    return transact(() -> List.copyOf(owners.getOrDefault(ownedObjectId, new LinkedHashSet<>())));
  }

  /**
   * The application holding {@code uniqueName}.
   *
   * @throws NoSuchElementException when none does
   */
  public ObjectNode application(String uniqueName) {
    return applicationsWithUniqueName(uniqueName).stream().findFirst()
        .orElseThrow(() -> new NoSuchElementException("no application with uniqueName " + uniqueName));
  }

  public List<ObjectNode> applicationsWithUniqueName(String uniqueName) {
    return transact(() -> collection("applications").values().stream()
        .filter(a -> uniqueName.equalsIgnoreCase(a.path("uniqueName").asText(null)))
        .map(a -> Entities.render("applications", a)).toList());
  }

  public List<ObjectNode> servicePrincipalsFor(String appId) {
    return transact(() -> collection("servicePrincipals").values().stream()
        .filter(sp -> appId.equalsIgnoreCase(sp.path("appId").asText()))
        .map(sp -> Entities.render("servicePrincipals", sp)).toList());
  }

  /**
   * The user with this user principal name.
   *
   * @throws NoSuchElementException when there is none
   */
  public ObjectNode user(String userPrincipalName) {
    return list("users").stream()
        .filter(u -> userPrincipalName.equalsIgnoreCase(u.path("userPrincipalName").asText()))
        .findFirst().orElseThrow(() -> new NoSuchElementException("no user " + userPrincipalName));
  }

  /** A user holding Global Administrator tenant-wide (the seeded {@code admin@}), if the tenant still has one. */
  public java.util.Optional<String> globalAdministrator() {
    var users = new java.util.HashSet<String>();
    for (ObjectNode u : list("users")) users.add(u.path("id").asText());
    return list("roleAssignments").stream()
        .filter(a -> SandboxTokens.GLOBAL_ADMINISTRATOR.equals(a.path("roleDefinitionId").asText())
            && "/".equals(a.path("directoryScopeId").asText()))
        .map(a -> a.path("principalId").asText())
        .filter(users::contains)
        .findFirst();
  }

  public ObjectNode organization() {
    return transact(() -> organization.deepCopy());
  }

  /** A tenant policy by name (see {@link #POLICIES}). */
  public ObjectNode policy(String name) {
    return transact(() -> requirePolicy(name).deepCopy());
  }

  /** Merges {@code changes} into a tenant policy (top-level properties replace). */
  public void updatePolicy(String name, ObjectNode changes) {
    transact(() -> {
      ObjectNode policy = requirePolicy(name);
      changes.fields().forEachRemaining(e -> policy.set(e.getKey(), e.getValue().deepCopy()));
      changed();
      return null;
    });
  }

  /**
   * Enables the default app management policy with a {@code passwordLifetime} restriction. Entra compares with
   * "less than", so a 180-day cap is configured as {@code P181D} (ScubaGear MS.AAD.5.6v1, audit-rules.md).
   */
  public void restrictPasswordLifetime(String maxLifetime) {
    addPasswordRestriction("passwordLifetime", maxLifetime);
  }

  /** Enables the default app management policy with a {@code passwordAddition} restriction: no new secrets. */
  public void blockPasswordAddition() {
    addPasswordRestriction("passwordAddition", null);
  }

  private void addPasswordRestriction(String type, String maxLifetime) {
    transact(() -> {
      ObjectNode policy = requirePolicy("defaultAppManagementPolicy");
      policy.put("isEnabled", true);
      ArrayNode restrictions = (ArrayNode) policy.with("applicationRestrictions").withArray("passwordCredentials");
      var r = restrictions.addObject();
      r.put("restrictionType", type);
      r.put("state", "enabled");
      if (maxLifetime == null) {
        r.putNull("maxLifetime");
      } else {
        r.put("maxLifetime", maxLifetime);
      }
      r.put("restrictForAppsCreatedAfterDateTime", "2019-01-01T00:00:00Z");
      changed();
      return null;
    });
  }

  /** Adds {@code count} realistic registrations (see {@link SyntheticRegistrations}); same seed, same tenant. */
  public void seedSyntheticRegistrations(int count, long randomSeed) {
    transact(() -> {
      new SyntheticRegistrations(this, new Random(randomSeed)).add(count);
      return null;
    });
  }

  // ---- faults, replication and the request log

  public Faults faults() {
    return faults;
  }

  /**
   * After this, an object created through the server stays invisible to the next {@code requests} operations that
   * address it (a {@code $batch} item is one operation), failing exactly as Entra fails before replication:
   * graph-facts.md §3.2. Count-based so tests are deterministic. Default 0.
   */
  public SimulatedTenant replicationLag(int requests) {
    synchronized (lock) {
      replicationLag = requests;
    }
    return this;
  }

  /**
   * How many requests a minute may select keyCredentials on applications (and, counted apart, on service principals)
   * before Graph answers 429: 150 by default, as documented ({@link KeyCredentialLimit}); 0 lifts the limit, for a
   * benchmark that audits one large tenant again and again.
   */
  public SimulatedTenant keyCredentialReadsPerMinute(int limit) {
    keyCredentialLimit.perMinute(limit);
    return this;
  }

  /** Requests refused so far for selecting keyCredentials too often ({@link #keyCredentialReadsPerMinute}). */
  public int keyCredentialReadsRefused() {
    return keyCredentialLimit.refused();
  }

  /**
   * Moves this tenant's clock on, for a test whose client records its sleeps instead of sleeping them: time-based
   * limits (the keyCredentials minute) then see the time the client meant to wait. The tenant's data keeps real time.
   */
  public void advanceClock(Duration by) {
    keyCredentialLimit.advance(by);
  }

  /** Empty when {@code request} may be answered; else the seconds Graph would ask the caller to wait. */
  java.util.OptionalLong admit(ApiRequest request) {
    return keyCredentialLimit.admit(request);
  }

  /**
   * Makes a grant that names a replicating service principal fail with "Not a valid reference update." instead of
   * naming the property ('clientId' or 'resourceId'), as some tenants answer.
   */
  public SimulatedTenant grantsAnswerNotAValidReferenceUpdate() {
    synchronized (lock) {
      grantsAnswerNotAValidReferenceUpdate = true;
    }
    return this;
  }

  /**
   * Makes this an Azure AD B2C tenant as far as queries go: {@code $count} is not available there ("Use of $count is
   * not supported in Azure AD B2C tenants", microsoft-graph-docs-contrib concepts/query-parameters.md), so any request
   * using it, as a segment, a query option or inside {@code $filter}, is answered 400 {@code Request_BadRequest}
   * "$count is not currently supported." (the answer quoted from a B2C tenant in microsoft-graph-docs-contrib issue
   * 4335). Everything else behaves as before: what else B2C refuses is not documented, so it is not simulated.
   */
  public SimulatedTenant b2c() {
    synchronized (lock) {
      b2c = true;
    }
    return this;
  }

  boolean isB2c() {
    synchronized (lock) {
      return b2c;
    }
  }

  /** HTTP round trips received (a {@code $batch} counts once). */
  public int requestCount() {
    synchronized (lock) {
      return requestCount;
    }
  }

  public List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requestLog);
    }
  }

  public void resetRequestLog() {
    synchronized (lock) {
      requestLog.clear();
      requestCount = 0;
    }
  }

  // ---- package-private primitives for the server

  void record(RecordedRequest request) {
    synchronized (lock) {
      requestCount++;
      requestLog.add(request);
    }
  }

  /** Runs {@code work} under the lock; saves the state file once at the end if anything changed. */
  <T> T transact(Supplier<T> work) {
    return transact(work, false);
  }

  /** As {@link #transact}, for work that only reads (a GET): it does not count as a change unless it marks one. */
  <T> T read(Supplier<T> work) {
    return transact(work, true);
  }

  private <T> T transact(Supplier<T> work, boolean read) {
    synchronized (lock) {
      if (depth == 0 && !read) changes++;
      depth++;
      try {
        return work.get();
      } finally {
        depth--;
        if (depth == 0 && dirty) {
          dirty = false;
          if (stateFile != null) {
            save(stateFile);
          }
        }
      }
    }
  }

  LinkedHashMap<String, ObjectNode> collection(String name) {
    var c = collections.get(name);
    if (c == null) {
      throw new IllegalArgumentException("unknown collection '" + name + "'; one of " + COLLECTIONS);
    }
    return c;
  }

  ObjectNode requirePolicy(String name) {
    var p = policies.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown policy '" + name + "'; one of " + POLICIES);
    }
    return p;
  }

  void setPolicy(String name, ObjectNode policy) {
    policies.put(name, policy);
    changed();
  }

  void setOrganization(String tenantId, ObjectNode organization) {
    this.tenantId = tenantId;
    this.organization = organization;
    changed();
  }

  ObjectNode organizationNode() {
    return organization;
  }

  Map<String, LinkedHashSet<String>> ownersMap() {
    return owners;
  }

  void markChanged() {
    changed();
  }

  private void changed() {
    dirty = true;
    changes++;
  }

  /** See {@link #changes}; read under the lock. */
  long changes() {
    return changes;
  }

  /** Stores an object after filling in what the service sets; returns the stored node. */
  ObjectNode insert(String collection, ObjectNode object) {
    var map = collection(collection);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    switch (collection) {
      case "applications" -> {
        putIfAbsent(object, "id", newGuid());
        putIfAbsent(object, "appId", newGuid());
        putIfAbsent(object, "createdDateTime", now);
        putIfAbsent(object, "publisherDomain", DOMAIN);
      }
      case "servicePrincipals" -> {
        putIfAbsent(object, "id", newGuid());
        String appId = object.path("appId").asText(null);
        if (appId != null && !object.has("servicePrincipalNames")) {
          object.putArray("servicePrincipalNames").add(appId);
        }
        putIfAbsent(object, "appOwnerOrganizationId", tenantId);
      }
      case "oauth2PermissionGrants" -> {
        if (!object.has("principalId")) {
          object.putNull("principalId");
        }
        putIfAbsent(object, "id", grantId(object));
      }
      case "appRoleAssignments" -> {
        putIfAbsent(object, "id", assignmentId(object.path("principalId").asText()));
        putIfAbsent(object, "createdDateTime", now);
        putIfAbsent(object, "appRoleId", "00000000-0000-0000-0000-000000000000");
        fillAssignmentNames(object);
      }
      case "roleAssignments" -> {
        putIfAbsent(object, "directoryScopeId", "/");
        putIfAbsent(object, "id", roleAssignmentId(object));
      }
      default -> putIfAbsent(object, "id", newGuid());
    }
    scrubSecrets(object);
    map.put(object.get("id").asText(), object);
    changed();
    return object;
  }

  void fillAssignmentNames(ObjectNode assignment) {
    ObjectNode principal = directoryObject(assignment.path("principalId").asText());
    ObjectNode resource = collection("servicePrincipals").get(assignment.path("resourceId").asText());
    if (principal != null) {
      assignment.put("principalDisplayName", principal.path("displayName").asText(null));
      assignment.put("principalType", collection("users").containsKey(principal.path("id").asText())
          ? "User" : "ServicePrincipal");
    }
    if (resource != null) {
      assignment.put("resourceDisplayName", resource.path("displayName").asText(null));
    }
  }

  /** A user, service principal or application by object id, or null. */
  ObjectNode directoryObject(String id) {
    for (String c : List.of("users", "servicePrincipals", "applications")) {
      ObjectNode o = collection(c).get(id);
      if (o != null) {
        return o;
      }
    }
    return null;
  }

  String directoryCollectionOf(String id) {
    for (String c : List.of("users", "servicePrincipals", "applications")) {
      if (collection(c).containsKey(id)) {
        return c;
      }
    }
    return null;
  }

  void deleteCascading(String collection, String id) {
    ObjectNode removed = collection(collection).remove(id);
    owners.remove(id);
    owners.values().forEach(s -> s.remove(id));
    visibleFrom.remove(id);
    changed();
    if (removed == null) {
      return;
    }
    switch (collection) {
      case "applications" -> {
        String appId = removed.path("appId").asText();
        for (ObjectNode sp : new ArrayList<>(collection("servicePrincipals").values())) {
          if (appId.equalsIgnoreCase(sp.path("appId").asText())) {
            deleteCascading("servicePrincipals", sp.get("id").asText());
          }
        }
      }
      case "servicePrincipals", "users" -> {
        collection("oauth2PermissionGrants").values().removeIf(g -> id.equals(g.path("clientId").asText())
            || id.equals(g.path("resourceId").asText()) || id.equals(g.path("principalId").asText()));
        collection("appRoleAssignments").values().removeIf(a -> id.equals(a.path("principalId").asText())
            || id.equals(a.path("resourceId").asText()));
        collection("roleAssignments").values().removeIf(a -> id.equals(a.path("principalId").asText()));
      }
      default -> { }
    }
  }

  // ---- replication delay

  /** Starts one Graph operation; returns its number. */
  long beginOperation() {
    return ++operations;
  }

  /** Makes {@code keys} (ids, appIds) invisible to the next {@code replicationLag} operations. */
  void justCreated(String... keys) {
    if (replicationLag <= 0) {
      return;
    }
    for (String key : keys) {
      if (key != null) {
        visibleFrom.put(key.toLowerCase(), operations + replicationLag + 1);
      }
    }
  }

  boolean replicating(String key) {
    if (key == null) {
      return false;
    }
    Long from = visibleFrom.get(key.toLowerCase());
    if (from == null) {
      return false;
    }
    if (operations >= from) {
      visibleFrom.remove(key.toLowerCase());
      return false;
    }
    return true;
  }


  // ---- ids

  String newGuid() {
    return new UUID(ids.nextLong() & 0xffffffffffff0fffL | 0x4000L,
        ids.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
  }

  /**
   * Grant ids are the client and resource ids' GUID bytes in .NET order, base64url (43 characters for
   * AllPrincipals, 64 with the principal): compare {@code l5eW7x0ga0-WDOntXzHate…} for client ef969797-201d-4f6b-…
   * in fixture oauth2PermissionGrant-post-response.json.
   */
  static String grantId(JsonNode grant) {
    var buffer = ByteBuffer.allocate(48);
    buffer.put(dotNetBytes(grant.path("clientId").asText()));
    buffer.put(dotNetBytes(grant.path("resourceId").asText()));
    String principal = grant.path("principalId").asText(null);
    int length = 32;
    if (principal != null && !grant.path("principalId").isNull()) {
      buffer.put(dotNetBytes(principal));
      length = 48;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  /** App role assignment ids start with the principal's GUID bytes (43 base64url characters in all). */
  String assignmentId(String principalId) {
    byte[] tail = new byte[16];
    ids.nextBytes(tail);
    var buffer = ByteBuffer.allocate(32).put(dotNetBytes(principalId)).put(tail);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  /** Like {@code YUb1sHQtUEyvox7IA_Eu_mm3jqnUe4lEhvatluHVi2I-1} (rbacapplication-post-roleassignments.md). */
  static String roleAssignmentId(JsonNode assignment) {
    var buffer = ByteBuffer.allocate(32)
        .put(dotNetBytes(assignment.path("roleDefinitionId").asText()))
        .put(dotNetBytes(assignment.path("principalId").asText()));
    String scope = assignment.path("directoryScopeId").asText("/");
    String suffix = scope.equals("/") ? "-1" : "-1-" + Integer.toHexString(scope.hashCode());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array()) + suffix;
  }

  static byte[] dotNetBytes(String guid) {
    UUID u;
    try {
      u = UUID.fromString(guid);
    } catch (IllegalArgumentException e) {
      return new byte[16];
    }
    var b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    return new byte[] {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6],
        b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
  }

  private static void putIfAbsent(ObjectNode object, String field, String value) {
    if (!object.hasNonNull(field)) {
      object.put(field, value);
    }
  }

  /** Secret text is shown once by addPassword and never kept (application-addpassword.md). */
  private static void scrubSecrets(ObjectNode object) {
    JsonNode credentials = object.get("passwordCredentials");
    if (credentials != null && credentials.isArray()) {
      credentials.forEach(c -> {
        if (c.isObject()) {
          ((ObjectNode) c).remove("secretText");
        }
      });
    }
  }

  // ---- state file

  private byte[] toJson() {
    var root = Entities.JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("tenantId", tenantId);
    root.set("organization", organization);
    var p = root.putObject("policies");
    policies.forEach(p::set);
    var o = root.putObject("owners");
    owners.forEach((k, v) -> {
      var a = o.putArray(k);
      v.forEach(a::add);
    });
    if (!deletedItems.isEmpty()) {   // written only when there are some: older state files have none
      var d = root.putArray("deletedItems");
      deletedItems.forEach((id, object) -> d.addObject().put("from", deletedFrom.get(id)).set("object", object));
    }
    var c = root.putObject("collections");
    collections.forEach((name, objects) -> {
      var a = c.putArray(name);
      objects.values().forEach(a::add);
    });
    try {
      return Entities.JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SimulatedTenant fromJson(Path file, byte[] bytes) {
    if (bytes.length == 0) throw new ManifestException(file.toString(), 0, 0, "the sandbox state file is empty; " + START_AFRESH);
    try {
      JsonNode root = Entities.JSON.readTree(bytes);
      if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
        throw new ManifestException(file.toString(), 0, 0, "not an appreg sandbox state file (no \"format\": \""
            + FORMAT + "\"); " + START_AFRESH + ", or give another --sandbox-state");
      }
      var tenant = new SimulatedTenant();
      tenant.tenantId = requireText(file, root, "tenantId");
      tenant.organization = requireObject(file, root, "organization");
      root.path("policies").fields().forEachRemaining(e -> tenant.policies.put(e.getKey(), (ObjectNode) e.getValue()));
      root.path("owners").fields().forEachRemaining(e -> {
        var set = new LinkedHashSet<String>();
        e.getValue().forEach(v -> set.add(v.asText()));
        tenant.owners.put(e.getKey(), set);
      });
      for (JsonNode d : root.path("deletedItems")) {
        JsonNode object = d.path("object");
        if (!object.isObject() || !object.hasNonNull("id") || !d.path("from").isTextual()) {
          throw new ManifestException(file.toString(), 0, 0, "the sandbox state has a deleted item without id or origin in "
              + "\"deletedItems\"; " + START_AFRESH);
        }
        tenant.deletedItems.put(object.get("id").asText(), (ObjectNode) object);
        tenant.deletedFrom.put(object.get("id").asText(), d.get("from").asText());
      }
      JsonNode stored = requireObject(file, root, "collections");
      for (String name : COLLECTIONS) {
        if (!stored.path(name).isArray()) {
          throw new ManifestException(file.toString(), 0, 0, "the sandbox state has no \"collections." + name
              + "\", so it is not complete; " + START_AFRESH);
        }
        var map = tenant.collection(name);
        for (JsonNode object : stored.path(name)) {
          if (!object.isObject() || !object.hasNonNull("id")) {
            throw new ManifestException(file.toString(), 0, 0, "the sandbox state has an object without id in \"collections."
                + name + "\"; " + START_AFRESH);
          }
          map.put(object.get("id").asText(), (ObjectNode) object);
        }
      }
      return tenant;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new ManifestException(file.toString(), at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "not a complete sandbox state file (" + e.getOriginalMessage().split("\n")[0] + "); " + START_AFRESH);
    } catch (IOException e) {
      throw new ManifestException(file.toString(), 0, 0, "cannot read the sandbox state file (" + e.getMessage() + ")");
    }
  }

  private static String requireText(Path file, JsonNode root, String field) {
    if (!root.path(field).isTextual()) {
      throw new ManifestException(file.toString(), 0, 0, "the sandbox state has no \"" + field + "\"; " + START_AFRESH);
    }
    return root.get(field).asText();
  }

  private static ObjectNode requireObject(Path file, JsonNode root, String field) {
    if (!root.path(field).isObject()) {
      throw new ManifestException(file.toString(), 0, 0, "the sandbox state has no \"" + field + "\"; " + START_AFRESH);
    }
    return (ObjectNode) root.get(field);
  }
}
