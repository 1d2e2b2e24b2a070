package appreg.provisioning.snapshot;

import appreg.provisioning.files.AtomicFiles;
import appreg.provisioning.ManifestException;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.ObservedTenant;
import appreg.provisioning.tenant.Organization;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.PermissionScope;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ResourceAccess;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantConsumer;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.TenantPolicies;
import appreg.provisioning.tenant.Unread;
import appreg.provisioning.tenant.User;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link ObservedTenant} to and from a JSON snapshot (schema version {@value #SCHEMA_VERSION}), for {@code export}
 * and {@code audit --from}. Credentials travel as metadata only; the records hold no secret text, and reading refuses
 * a document that carries any property this schema does not define (such as {@code secretText}). A malformed document
 * or another schema version is a {@link ManifestException} naming file, line and column (exit 65).
 */
public final class Snapshot {
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** What a snapshot holds besides the tenant: who wrote it and when. */
  public record Loaded(ObservedTenant tenant, Instant exportedAt, String generator) {}

  private Snapshot() {}

  /** Writes to {@code out} atomically: a reader never sees half a snapshot, and a failed export leaves no file. */
  public static void write(ObservedTenant tenant, Instant exportedAt, String generator, Path out) {
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      AtomicFiles.write(out, false, os -> write(tenant, exportedAt, generator, os));
    } catch (IOException e) {
      throw new UncheckedIOException("writing snapshot " + out + ": " + e.getMessage(), e);
    }
  }


  public static void write(ObservedTenant tenant, Instant exportedAt, String generator, OutputStream out) {
    try {
      JsonGenerator g = JSON.getFactory().createGenerator(out);
      write(tenant, exportedAt, generator, g);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #write(ObservedTenant, Instant, String, OutputStream)}, for stdout. */
  public static void write(ObservedTenant tenant, Instant exportedAt, String generator, Writer out) {
    try {
      JsonGenerator g = JSON.getFactory().createGenerator(out);
      write(tenant, exportedAt, generator, g);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document written item by item: each record becomes its document form just before it is written, so export
   * holds the tenant once (as records), never a second copy as a document or as text.
   */
  private static void write(ObservedTenant t, Instant exportedAt, String generator, JsonGenerator g) throws IOException {
    ObjectWriter w = JSON.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.setPrettyPrinter(JSON.getSerializationConfig().constructDefaultPrettyPrinter());
    g.writeStartObject();
    g.writeNumberField("schemaVersion", SCHEMA_VERSION);
    if (generator != null) g.writeStringField("generator", generator);
    if (exportedAt != null) {
      g.writeFieldName("exportedAt");
      w.writeValue(g, exportedAt);
    }
    Organization o = t.organization();
    if (o != null) {
      g.writeFieldName("organization");
      w.writeValue(g, new SnapshotDocument.Organization(o.tenantId(), o.displayName(),
          o.verifiedDomains().stream().map(d -> new SnapshotDocument.Domain(d.name(), d.isDefault(), d.isInitial())).toList()));
    }
    boolean federatedRead = t.unread().stream().noneMatch(u -> u.part() == TenantPart.FEDERATED_CREDENTIALS);
    array(g, w, "applications", t.registrations(), r -> application(r, t.owners().get(r.id()), federatedRead));
    array(g, w, "servicePrincipals", t.servicePrincipals(), Snapshot::servicePrincipal);
    array(g, w, "oauth2PermissionGrants", t.grants(), x -> new SnapshotDocument.Grant(x.id(), x.clientId().value(),
        x.resourceId().value(), x.consentType(), x.principalId() == null ? null : x.principalId().value(), String.join(" ", x.scopes())));
    array(g, w, "appRoleAssignments", t.appRoleAssignments(), a -> new SnapshotDocument.AppRoleAssignment(a.id(),
        a.principalId().value(), a.principalType(), a.resourceId().value(), a.appRoleId()));
    array(g, w, "roleDefinitions", t.roleDefinitions(), d -> new SnapshotDocument.RoleDefinition(d.id(), d.displayName(),
        d.templateId(), d.builtIn()));
    array(g, w, "roleAssignments", t.roleAssignments(), a -> new SnapshotDocument.RoleAssignment(a.id(), a.roleDefinitionId(),
        a.principalId() == null ? null : a.principalId().value(), a.directoryScopeId()));
    array(g, w, "users", t.users(), u -> new SnapshotDocument.User(u.id().value(), u.userPrincipalName(), u.displayName()));
    g.writeFieldName("policies");
    w.writeValue(g, new SnapshotDocument.Policies(t.policies().appManagement(), t.policies().authorization()));
    if (!t.unread().isEmpty()) {
      array(g, w, "unread", t.unread(), u -> new SnapshotDocument.Unread(u.part().id(), u.status(), u.code(), u.message(),
          u.requestId(), u.needs()));
    }
    g.writeEndObject();
    g.flush();
  }

  private static <T> void array(JsonGenerator g, ObjectWriter w, String name, List<T> items, Function<T, Object> document)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (T item : items) w.writeValue(g, document.apply(item));
    g.writeEndArray();
  }

  /** What to do about a snapshot that cannot be used. */
  private static final String EXPORT_AGAIN = "export the tenant again (appreg export --out FILE)";

  /** Reads a whole snapshot into memory. */
  public static Loaded read(Path file) {
    ObservedTenant.Collector collector = new ObservedTenant.Collector();
    Header header = read(file, collector);
    return new Loaded(collector.tenant(), header.exportedAt(), header.generator());
  }

  /** Who wrote a snapshot and when. */
  public record Header(Instant exportedAt, String generator) {}

  /**
   * Reads a snapshot into {@code tenant} item by item, never holding the document: {@code audit --from} judges a
   * snapshot of 50,000 registrations as it judges a live read. The document is checked as it goes (an odd value is
   * named with its line, column and path, exit 65); a snapshot found incomplete at its end has already been handed
   * over in part, which is harmless to a consumer that reports only after this returns.
   */
  public static Header read(Path file, TenantConsumer tenant) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw new ManifestException(name, 0, 0, "is a directory, not a snapshot; name the file that appreg export wrote");
    }
    if (!Files.exists(file)) throw new ManifestException(name, 0, 0, "no such snapshot file; " + EXPORT_AGAIN);
    if (!Files.isRegularFile(file)) throw new ManifestException(name, 0, 0, "not a regular file; name the file that appreg export wrote");
    try {
      if (Files.size(file) == 0) throw new ManifestException(name, 0, 0, "the snapshot is empty; " + EXPORT_AGAIN);
      checkVersion(file, name);
      try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.getFactory().createParser(in)) {
        return stream(name, p, tenant);
      }
    } catch (JsonProcessingException e) {
      throw located(name, e);
    } catch (IOException e) {
      throw new ManifestException(name, 0, 0, "cannot read the snapshot: " + e.getMessage());
    }
  }

  private static Header stream(String name, JsonParser p, TenantConsumer tenant) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw at(name, p.currentTokenLocation(), "a snapshot is a JSON object starting with \"schemaVersion\"; " + EXPORT_AGAIN);
    }
    Instant exportedAt = null;
    String generator = null;
    boolean applications = false;
    boolean servicePrincipals = false;
    boolean[] federatedSeen = {false};
    int[] applicationCount = {0};
    SnapshotDocument.Policies policies = null;
    List<Unread> unread = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "schemaVersion" -> { } // checked before
        case "generator" -> generator = value == JsonToken.VALUE_NULL ? null : JSON.readValue(p, String.class);
        case "exportedAt" -> exportedAt = JSON.readValue(p, Instant.class);
        case "organization" -> {
          var o = JSON.readValue(p, SnapshotDocument.Organization.class);
          if (o != null) tenant.organization(new Organization(o.id(), o.displayName(),
              o.verifiedDomains().stream().map(x -> new Organization.Domain(x.name(), x.isDefault(), x.isInitial())).toList()));
        }
        case "applications" -> applications = items(p, field, SnapshotDocument.Application.class, a -> {
          Registration r = registration(a);
          applicationCount[0]++;
          if (a.federatedIdentityCredentials() != null) federatedSeen[0] = true;
          tenant.registration(r);
          if (a.owners() != null) tenant.owners(r.id(), a.owners().stream().map(ObjectId::new).toList());
        });
        case "servicePrincipals" -> servicePrincipals = items(p, field, SnapshotDocument.ServicePrincipal.class,
            s -> tenant.servicePrincipal(servicePrincipal(s)));
        case "oauth2PermissionGrants" -> items(p, field, SnapshotDocument.Grant.class, g -> tenant.grant(new DelegatedGrant(g.id(),
            new ObjectId(g.clientId()), new ObjectId(g.resourceId()), g.consentType(),
            g.principalId() == null ? null : new ObjectId(g.principalId()), DelegatedGrant.parseScopes(g.scope()))));
        case "appRoleAssignments" -> items(p, field, SnapshotDocument.AppRoleAssignment.class, a -> tenant.appRoleAssignment(
            new AppRoleAssignment(a.id(), new ObjectId(a.principalId()), a.principalType(), new ObjectId(a.resourceId()), a.appRoleId())));
        case "roleDefinitions" -> items(p, field, SnapshotDocument.RoleDefinition.class, x -> tenant.roleDefinition(
            new RoleDefinition(x.id(), x.displayName(), x.templateId(), x.isBuiltIn())));
        case "roleAssignments" -> items(p, field, SnapshotDocument.RoleAssignment.class, x -> tenant.roleAssignment(
            new RoleAssignment(x.id(), x.roleDefinitionId(), x.principalId() == null ? null : new ObjectId(x.principalId()),
                x.directoryScopeId())));
        case "users" -> items(p, field, SnapshotDocument.User.class, u -> tenant.user(
            new User(new ObjectId(u.id()), u.userPrincipalName(), u.displayName())));
        case "policies" -> policies = JSON.readValue(p, SnapshotDocument.Policies.class);
        case "unread" -> items(p, field, SnapshotDocument.Unread.class, u -> unread.add(new Unread(TenantPart.parse(u.part()),
            u.status() == null ? 0 : u.status(), u.code(), u.message(), u.requestId(), u.needs())));
        default -> throw at(name, p.currentTokenLocation(), "unknown property \"" + field + "\"");
      }
    }
    // the two collections every audit rule reads: without them the tenant would look empty, and pass every rule
    if (!applications) throw at(name, p.currentTokenLocation(), SnapshotDocument.incomplete("applications"));
    if (!servicePrincipals) throw at(name, p.currentTokenLocation(), SnapshotDocument.incomplete("servicePrincipals"));
    tenant.policies(policies == null ? TenantPolicies.UNKNOWN
        : new TenantPolicies(policies.defaultAppManagementPolicy(), policies.authorizationPolicy()));
    // written before federated credentials were read: their absence is unknown, not "none" (export writes the list,
    // empty or not, on every application whenever it read them)
    if (applicationCount[0] > 0 && !federatedSeen[0] && unread.stream().noneMatch(u -> u.part() == TenantPart.FEDERATED_CREDENTIALS)) {
      unread.add(Unread.absent(TenantPart.FEDERATED_CREDENTIALS));
    }
    unread.forEach(tenant::unread);
    return new Header(exportedAt, generator);
  }

  /**
   * Reads the array the parser is at one element at a time; returns false for null (no collection). An element's
   * error names its path from the document's root, as reading the whole document would.
   */
  private static <T> boolean items(JsonParser p, String field, Class<T> type, Consumer<T> each) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) return false;
    if (p.currentToken() != JsonToken.START_ARRAY) {
      var e = MismatchedInputException.from(p, List.class, "Cannot deserialize value of type `java.util.List` from "
          + p.currentToken().asString() + " value");
      e.prependPath(new JsonMappingException.Reference(SnapshotDocument.class, field));
      throw e;
    }
    int index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      T item;
      try {
        item = JSON.readValue(p, type);
      } catch (JsonMappingException e) {
        e.prependPath(new JsonMappingException.Reference(List.class, index));
        e.prependPath(new JsonMappingException.Reference(SnapshotDocument.class, field));
        throw e;
      }
      if (item != null) each.accept(item);
      index++;
    }
    return true;
  }

  /** Reads only up to {@code schemaVersion}, so another version is named as such instead of as its first odd field. */
  private static void checkVersion(Path file, String name) throws IOException {
    try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw at(name, p.currentTokenLocation(), "a snapshot is a JSON object starting with \"schemaVersion\"; " + EXPORT_AGAIN);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("schemaVersion".equals(field)) {
          if (value != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != SCHEMA_VERSION) {
            throw at(name, p.currentTokenLocation(), "unknown snapshot schemaVersion " + p.getText()
                + "; this appreg reads version " + SCHEMA_VERSION + " (export the tenant again with this version)");
          }
          return;
        }
        p.skipChildren();
      }
      throw new ManifestException(name, 1, 1, "not an appreg snapshot: no \"schemaVersion\" property; " + EXPORT_AGAIN);
    }
  }

  private static ManifestException at(String name, JsonLocation loc, String problem) {
    return new ManifestException(name, loc.getLineNr(), loc.getColumnNr(), problem);
  }

  private static ManifestException located(String name, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    String problem;
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      problem = v.getCause().getMessage() + path(v);
    } else if (e instanceof UnrecognizedPropertyException u) {
      problem = "unknown property \"" + u.getPropertyName() + "\"" + path(u)
          + ("secretText".equals(u.getPropertyName()) ? "; a snapshot never holds secret text" : "");
    } else if (e instanceof JsonMappingException m && !m.getOriginalMessage().startsWith("Unexpected end-of-input")) {
      problem = clean(m.getOriginalMessage()) + path(m);
    } else {
      problem = "not valid JSON: " + clean(e.getOriginalMessage()) + "; the snapshot is cut short or damaged: " + EXPORT_AGAIN;
    }
    return loc == null ? new ManifestException(name, 0, 0, problem) : at(name, loc, problem);
  }

  /** Jackson's wording without class names and source descriptions, on one line. */
  private static String clean(String message) {
    return message.split("\n")[0]
        .replaceAll(" \\(class [^)]*\\)", "")
        .replaceAll("\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)", "(opened at line $1, column $2)");
  }

  private static String path(JsonMappingException e) {
    String p = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining());
    return p.isEmpty() ? "" : " (at " + p.substring(p.startsWith(".") ? 1 : 0) + ")";
  }

  // ----- records <-> document, one item at a time

  private static SnapshotDocument.Application application(Registration r, List<ObjectId> owners, boolean federatedRead) {
    return new SnapshotDocument.Application(r.id().value(), r.appId().value(), r.displayName(), r.uniqueName(),
        r.signInAudience(), r.createdDateTime(), r.fallbackPublicClient(), new SnapshotDocument.Lock(r.instanceLockEnabled()),
        new SnapshotDocument.Web(r.webRedirectUris(),
            new SnapshotDocument.ImplicitGrantSettings(r.implicitAccessTokenIssuance(), r.implicitIdTokenIssuance())),
        new SnapshotDocument.RedirectUris(r.spaRedirectUris()), new SnapshotDocument.RedirectUris(r.publicClientRedirectUris()),
        r.requiredResourceAccess().stream().map(rr -> new SnapshotDocument.RequiredResourceAccess(rr.resourceAppId().value(),
            rr.access().stream().map(a -> new SnapshotDocument.ResourceAccess(a.id(), a.type().graphName())).toList())).toList(),
        passwords(r.passwordCredentials()), keys(r.keyCredentials()),
        federatedRead ? r.federatedCredentials().stream().map(f -> new SnapshotDocument.FederatedIdentityCredential(f.id(),
            f.name(), f.issuer(), f.subject(), f.audiences(), f.description())).toList() : null,
        r.tags(), owners == null ? null : owners.stream().map(ObjectId::value).toList());
  }

  private static SnapshotDocument.ServicePrincipal servicePrincipal(ServicePrincipal sp) {
    return new SnapshotDocument.ServicePrincipal(sp.id().value(), sp.appId().value(), sp.displayName(),
        sp.appOwnerOrganizationId(), sp.servicePrincipalType(), sp.accountEnabled(), sp.tags(),
        sp.appRoles().stream().map(r -> new SnapshotDocument.AppRole(r.id(), r.value(),
            List.copyOf(new java.util.TreeSet<>(r.allowedMemberTypes())), r.enabled())).toList(),
        sp.oauth2PermissionScopes().stream().map(s -> new SnapshotDocument.PermissionScope(s.id(), s.value(), s.type(),
            s.enabled())).toList(),
        passwords(sp.passwordCredentials()), keys(sp.keyCredentials()));
  }

  private static List<SnapshotDocument.PasswordCredential> passwords(List<PasswordCredential> list) {
    return list.stream().map(p -> new SnapshotDocument.PasswordCredential(p.keyId(), p.displayName(), p.hint(),
        p.startDateTime(), p.endDateTime())).toList();
  }

  private static List<SnapshotDocument.KeyCredential> keys(List<KeyCredential> list) {
    return list.stream().map(k -> new SnapshotDocument.KeyCredential(k.keyId(), k.displayName(), k.type(), k.usage(),
        k.startDateTime(), k.endDateTime())).toList();
  }

  private static Registration registration(SnapshotDocument.Application a) {
    var web = a.web() == null ? new SnapshotDocument.Web(List.of(), null) : a.web();
    var implicit = web.implicitGrantSettings();
    return new Registration(new ObjectId(a.id()), new AppId(a.appId()), a.displayName(), a.uniqueName(), a.signInAudience(),
        web.redirectUris(), a.spa() == null ? List.of() : a.spa().redirectUris(),
        a.publicClient() == null ? List.of() : a.publicClient().redirectUris(),
        implicit != null && implicit.enableAccessTokenIssuance(), implicit != null && implicit.enableIdTokenIssuance(),
        a.isFallbackPublicClient(), a.servicePrincipalLockConfiguration() != null && a.servicePrincipalLockConfiguration().isEnabled(),
        a.requiredResourceAccess().stream().map(rr -> new RequiredResource(new AppId(rr.resourceAppId()),
            rr.resourceAccess().stream().map(x -> new ResourceAccess(x.id(), PermissionType.fromGraph(x.type()))).toList())).toList(),
        a.passwordCredentials().stream().map(p -> new PasswordCredential(p.keyId(), p.displayName(), p.hint(), p.startDateTime(), p.endDateTime())).toList(),
        a.keyCredentials().stream().map(Snapshot::key).toList(), a.tags(), a.createdDateTime(),
        a.federatedIdentityCredentials() == null ? List.of() : a.federatedIdentityCredentials().stream()
            .map(f -> new FederatedCredential(f.id(), f.name(), f.issuer(), f.subject(), f.audiences(), f.description())).toList());
  }

  private static ServicePrincipal servicePrincipal(SnapshotDocument.ServicePrincipal s) {
    return new ServicePrincipal(new ObjectId(s.id()), new AppId(s.appId()),
        s.displayName(), s.appOwnerOrganizationId(), s.servicePrincipalType(), s.accountEnabled(),
        s.oauth2PermissionScopes().stream().map(x -> new PermissionScope(x.id(), x.value(), x.type(), x.isEnabled())).toList(),
        s.appRoles().stream().map(x -> new AppRole(x.id(), x.value(), new LinkedHashSet<>(x.allowedMemberTypes()), x.isEnabled())).toList(),
        s.passwordCredentials().stream().map(p -> new PasswordCredential(p.keyId(), p.displayName(), p.hint(), p.startDateTime(), p.endDateTime())).toList(),
        s.keyCredentials().stream().map(Snapshot::key).toList(), s.tags());
  }

  private static KeyCredential key(SnapshotDocument.KeyCredential k) {
    return new KeyCredential(k.keyId(), k.displayName(), k.type(), k.usage(), k.startDateTime(), k.endDateTime());
  }
}
