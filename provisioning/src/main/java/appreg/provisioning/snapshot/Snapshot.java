package appreg.provisioning.snapshot;

import appreg.provisioning.files.AtomicFiles;
import appreg.provisioning.ManifestException;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
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
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.TenantPolicies;
import appreg.provisioning.tenant.Unread;
import appreg.provisioning.tenant.User;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
      JSON.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .writeValue(out, toDocument(tenant, exportedAt, generator));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What to do about a snapshot that cannot be used. */
  private static final String EXPORT_AGAIN = "export the tenant again (appreg export --out FILE)";

  public static Loaded read(Path file) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw new ManifestException(name, 0, 0, "is a directory, not a snapshot; name the file that appreg export wrote");
    }
    if (!Files.exists(file)) throw new ManifestException(name, 0, 0, "no such snapshot file; " + EXPORT_AGAIN);
    if (!Files.isRegularFile(file)) throw new ManifestException(name, 0, 0, "not a regular file; name the file that appreg export wrote");
    try {
      if (Files.size(file) == 0) throw new ManifestException(name, 0, 0, "the snapshot is empty; " + EXPORT_AGAIN);
      checkVersion(file, name);
      try (InputStream in = Files.newInputStream(file)) {
        SnapshotDocument doc = JSON.readValue(in, SnapshotDocument.class);
        return new Loaded(fromDocument(doc), doc.exportedAt(), doc.generator());
      }
    } catch (JsonProcessingException e) {
      throw located(name, e);
    } catch (IOException e) {
      throw new ManifestException(name, 0, 0, "cannot read the snapshot: " + e.getMessage());
    }
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

  // ----- records -> document

  static SnapshotDocument toDocument(ObservedTenant t, Instant exportedAt, String generator) {
    Organization o = t.organization();
    var org = o == null ? null : new SnapshotDocument.Organization(o.tenantId(), o.displayName(),
        o.verifiedDomains().stream().map(d -> new SnapshotDocument.Domain(d.name(), d.isDefault(), d.isInitial())).toList());
    List<SnapshotDocument.Application> apps = new ArrayList<>();
    for (Registration r : t.registrations()) {
      List<ObjectId> owners = t.owners().get(r.id());
      apps.add(new SnapshotDocument.Application(r.id().value(), r.appId().value(), r.displayName(), r.uniqueName(),
          r.signInAudience(), r.createdDateTime(), r.fallbackPublicClient(), new SnapshotDocument.Lock(r.instanceLockEnabled()),
          new SnapshotDocument.Web(r.webRedirectUris(),
              new SnapshotDocument.ImplicitGrantSettings(r.implicitAccessTokenIssuance(), r.implicitIdTokenIssuance())),
          new SnapshotDocument.RedirectUris(r.spaRedirectUris()), new SnapshotDocument.RedirectUris(r.publicClientRedirectUris()),
          r.requiredResourceAccess().stream().map(rr -> new SnapshotDocument.RequiredResourceAccess(rr.resourceAppId().value(),
              rr.access().stream().map(a -> new SnapshotDocument.ResourceAccess(a.id(), a.type().graphName())).toList())).toList(),
          passwords(r.passwordCredentials()), keys(r.keyCredentials()), r.tags(),
          owners == null ? null : owners.stream().map(ObjectId::value).toList()));
    }
    List<SnapshotDocument.ServicePrincipal> sps = t.servicePrincipals().stream().map(sp -> new SnapshotDocument.ServicePrincipal(
        sp.id().value(), sp.appId().value(), sp.displayName(), sp.appOwnerOrganizationId(), sp.servicePrincipalType(),
        sp.accountEnabled(), sp.tags(),
        sp.appRoles().stream().map(r -> new SnapshotDocument.AppRole(r.id(), r.value(), List.copyOf(new java.util.TreeSet<>(r.allowedMemberTypes())), r.enabled())).toList(),
        sp.oauth2PermissionScopes().stream().map(s -> new SnapshotDocument.PermissionScope(s.id(), s.value(), s.type(), s.enabled())).toList(),
        passwords(sp.passwordCredentials()), keys(sp.keyCredentials()))).toList();
    var grants = t.grants().stream().map(g -> new SnapshotDocument.Grant(g.id(), g.clientId().value(), g.resourceId().value(),
        g.consentType(), g.principalId() == null ? null : g.principalId().value(), String.join(" ", g.scopes()))).toList();
    var assignments = t.appRoleAssignments().stream().map(a -> new SnapshotDocument.AppRoleAssignment(a.id(), a.principalId().value(),
        a.principalType(), a.resourceId().value(), a.appRoleId())).toList();
    var roleDefinitions = t.roleDefinitions().stream().map(d -> new SnapshotDocument.RoleDefinition(d.id(), d.displayName(),
        d.templateId(), d.builtIn())).toList();
    var roleAssignments = t.roleAssignments().stream().map(a -> new SnapshotDocument.RoleAssignment(a.id(), a.roleDefinitionId(),
        a.principalId() == null ? null : a.principalId().value(), a.directoryScopeId())).toList();
    var users = t.users().stream().map(u -> new SnapshotDocument.User(u.id().value(), u.userPrincipalName(), u.displayName())).toList();
    return new SnapshotDocument(SCHEMA_VERSION, generator, exportedAt, org, apps, sps, grants, assignments, roleDefinitions,
        roleAssignments, users, new SnapshotDocument.Policies(t.policies().appManagement(), t.policies().authorization()),
        t.unread().stream().map(u -> new SnapshotDocument.Unread(u.part().id(), u.status(), u.code(), u.message(),
            u.requestId(), u.needs())).toList());
  }

  private static List<SnapshotDocument.PasswordCredential> passwords(List<PasswordCredential> list) {
    return list.stream().map(p -> new SnapshotDocument.PasswordCredential(p.keyId(), p.displayName(), p.hint(),
        p.startDateTime(), p.endDateTime())).toList();
  }

  private static List<SnapshotDocument.KeyCredential> keys(List<KeyCredential> list) {
    return list.stream().map(k -> new SnapshotDocument.KeyCredential(k.keyId(), k.displayName(), k.type(), k.usage(),
        k.startDateTime(), k.endDateTime())).toList();
  }

  // ----- document -> records

  static ObservedTenant fromDocument(SnapshotDocument d) {
    var o = d.organization();
    Organization org = o == null ? null : new Organization(o.id(), o.displayName(),
        o.verifiedDomains().stream().map(x -> new Organization.Domain(x.name(), x.isDefault(), x.isInitial())).toList());
    List<Registration> regs = new ArrayList<>();
    Map<ObjectId, List<ObjectId>> owners = new HashMap<>();
    for (var a : d.applications()) {
      ObjectId id = new ObjectId(a.id());
      var web = a.web() == null ? new SnapshotDocument.Web(List.of(), null) : a.web();
      var implicit = web.implicitGrantSettings();
      regs.add(new Registration(id, new AppId(a.appId()), a.displayName(), a.uniqueName(), a.signInAudience(),
          web.redirectUris(), a.spa() == null ? List.of() : a.spa().redirectUris(),
          a.publicClient() == null ? List.of() : a.publicClient().redirectUris(),
          implicit != null && implicit.enableAccessTokenIssuance(), implicit != null && implicit.enableIdTokenIssuance(),
          a.isFallbackPublicClient(), a.servicePrincipalLockConfiguration() != null && a.servicePrincipalLockConfiguration().isEnabled(),
          a.requiredResourceAccess().stream().map(rr -> new RequiredResource(new AppId(rr.resourceAppId()),
              rr.resourceAccess().stream().map(x -> new ResourceAccess(x.id(), PermissionType.fromGraph(x.type()))).toList())).toList(),
          a.passwordCredentials().stream().map(p -> new PasswordCredential(p.keyId(), p.displayName(), p.hint(), p.startDateTime(), p.endDateTime())).toList(),
          a.keyCredentials().stream().map(Snapshot::key).toList(), a.tags(), a.createdDateTime()));
      if (a.owners() != null) owners.put(id, a.owners().stream().map(ObjectId::new).toList());
    }
    List<ServicePrincipal> sps = d.servicePrincipals().stream().map(s -> new ServicePrincipal(new ObjectId(s.id()), new AppId(s.appId()),
        s.displayName(), s.appOwnerOrganizationId(), s.servicePrincipalType(), s.accountEnabled(),
        s.oauth2PermissionScopes().stream().map(x -> new PermissionScope(x.id(), x.value(), x.type(), x.isEnabled())).toList(),
        s.appRoles().stream().map(x -> new AppRole(x.id(), x.value(), new LinkedHashSet<>(x.allowedMemberTypes()), x.isEnabled())).toList(),
        s.passwordCredentials().stream().map(p -> new PasswordCredential(p.keyId(), p.displayName(), p.hint(), p.startDateTime(), p.endDateTime())).toList(),
        s.keyCredentials().stream().map(Snapshot::key).toList(), s.tags())).toList();
    List<DelegatedGrant> grants = d.oauth2PermissionGrants().stream().map(g -> new DelegatedGrant(g.id(), new ObjectId(g.clientId()),
        new ObjectId(g.resourceId()), g.consentType(), g.principalId() == null ? null : new ObjectId(g.principalId()),
        DelegatedGrant.parseScopes(g.scope()))).toList();
    List<AppRoleAssignment> assignments = d.appRoleAssignments().stream().map(a -> new AppRoleAssignment(a.id(),
        new ObjectId(a.principalId()), a.principalType(), new ObjectId(a.resourceId()), a.appRoleId())).toList();
    List<RoleDefinition> defs = d.roleDefinitions().stream().map(x -> new RoleDefinition(x.id(), x.displayName(), x.templateId(), x.isBuiltIn())).toList();
    List<RoleAssignment> roles = d.roleAssignments().stream().map(x -> new RoleAssignment(x.id(), x.roleDefinitionId(),
        x.principalId() == null ? null : new ObjectId(x.principalId()), x.directoryScopeId())).toList();
    List<User> users = d.users().stream().map(u -> new User(new ObjectId(u.id()), u.userPrincipalName(), u.displayName())).toList();
    var p = d.policies();
    TenantPolicies policies = p == null ? TenantPolicies.UNKNOWN : new TenantPolicies(p.defaultAppManagementPolicy(), p.authorizationPolicy());
    List<Unread> unread = d.unread() == null ? List.of() : d.unread().stream().map(u -> new Unread(TenantPart.parse(u.part()),
        u.status() == null ? 0 : u.status(), u.code(), u.message(), u.requestId(), u.needs())).toList();
    return new ObservedTenant(org, regs, sps, grants, assignments, defs, roles, users, owners, policies, unread);
  }

  private static KeyCredential key(SnapshotDocument.KeyCredential k) {
    return new KeyCredential(k.keyId(), k.displayName(), k.type(), k.usage(), k.startDateTime(), k.endDateTime());
  }
}
