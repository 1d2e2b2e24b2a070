package appreg.provisioning.manifest;

import appreg.provisioning.ManifestException;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.WellKnown;
import com.fasterxml.jackson.core.JsonToken;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Turns a {@link Node} tree into manifest records, checking every rule of docs/manifest.md on the way. Stops at the
 * first problem in file order: it names one place, and fixing it may change what the later ones would be.
 */
final class ManifestBinder {
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Names whose type is certain without asking the tenant; the tenant is still asked later. */
  private static final Set<String> DELEGATED_ONLY_GRAPH = Set.of(
      "user.read", "openid", "profile", "email", "offline_access");
  private static final Set<String> APPLICATION_ONLY_GRAPH = Set.of("application.readwrite.ownedby");

  private final String file;
  /** Where a certificate file named by a relative path is looked for: the manifest's directory. */
  private final Path base;

  private ManifestBinder(String file, Path base) {
    this.file = file;
    this.base = base;
  }

  static Manifest bind(Node root, String file, Path base) {
    return new ManifestBinder(file, base).manifest(root);
  }

  private Manifest manifest(Node root) {
    if (root == null || root instanceof Node.Scalar s && (s.isNull() || s.text().isBlank())) {
      throw error(1, 1, "the manifest is empty; it needs 'applications:' with at least one application "
          + "(appreg init --profile NAME prints one)");
    }
    if (!(root instanceof Node.Mapping top)) {
      throw error(root, "a manifest is a mapping with 'applications' at the top, not " + root.describe());
    }
    checkFields(top, Fields.TOP);
    Node.Field schema = top.field("$schema");
    if (schema != null) text(schema, false);
    Node.Field apps = top.field("applications");
    if (apps == null || isAbsent(apps.value())) {
      Node at = apps == null ? top : apps.value();
      throw error(at, "no 'applications'; a manifest lists at least one application");
    }
    Node.Sequence list = list(apps);
    if (list.items().isEmpty()) throw error(list, "'applications' is empty; list at least one application");
    List<ApplicationSpec> result = new ArrayList<>();
    Map<String, Node> keys = new HashMap<>();
    for (Node item : list.items()) result.add(application(item, keys));
    return new Manifest(file, result);
  }

  private ApplicationSpec application(Node node, Map<String, Node> keys) {
    Node.Mapping app = mapping(node, "an application", "key, displayName, permissions, ...");
    checkFields(app, Fields.APPLICATION);

    Node.Field keyField = app.field("key");
    if (keyField == null || isAbsent(keyField.value())) {
      throw error(keyField == null ? app : keyField.value(), "application has no 'key'; give it a stable key such as "
          + "'partner-referrals' (it becomes the registration's uniqueName in the tenant)");
    }
    String key = text(keyField, true);
    var keyProblem = Keys.problem(key);
    if (keyProblem.isPresent()) throw error(keyField.value(), keyProblem.get());
    Node first = keys.putIfAbsent(key, keyField.value());
    if (first != null) {
      throw error(keyField.value(), "key '" + key + "' is used twice (first at line " + first.line() + ", column "
          + first.column() + "); each application needs its own key");
    }

    AppId appId = null;
    Node.Field appIdField = app.field("appId");
    if (appIdField != null && !isAbsent(appIdField.value())) {
      String value = text(appIdField, true).trim();
      if (!GUID.matcher(value).matches()) {
        throw error(appIdField.value(), "appId '" + value + "' is not a GUID (like "
            + WellKnown.MICROSOFT_PARTNER + "); it is the Application (client) ID of the registration to adopt");
      }
      appId = new AppId(value);
    }

    String displayName = null;
    Node.Field nameField = app.field("displayName");
    if (nameField != null && !isAbsent(nameField.value())) {
      displayName = text(nameField, true);
      if (displayName.isBlank()) {
        throw error(nameField.value(), "'displayName' is empty" + (appId == null
            ? "; it is required unless 'appId' adopts an existing registration" : "; remove it to keep the adopted registration's name"));
      }
    } else if (appId == null) {
      throw error(nameField == null ? app : nameField.value(), "application '" + key + "' has no 'displayName'; it is "
          + "required unless 'appId' adopts an existing registration");
    }

    String audience = ApplicationSpec.DEFAULT_SIGN_IN_AUDIENCE;
    Node.Field audienceField = app.field("signInAudience");
    if (audienceField != null && !isAbsent(audienceField.value())) {
      audience = text(audienceField, true);
      if (!ApplicationSpec.SIGN_IN_AUDIENCES.contains(audience)) {
        var near = Fields.nearest(audience, ApplicationSpec.SIGN_IN_AUDIENCES);
        throw error(audienceField.value(), "unknown signInAudience '" + audience + "'"
            + near.map(n -> "; did you mean '" + n + "'?").orElse("; use one of "
                + String.join(", ", ApplicationSpec.SIGN_IN_AUDIENCES)));
      }
    }

    List<String> web = redirects(app, "web", Fields.WEB);
    List<String> spa = redirects(app, "spa", Fields.SPA);
    List<String> publicClient = redirects(app, "publicClient", Fields.PUBLIC_CLIENT);
    List<PermissionSpec> permissions = permissions(app);

    boolean adminConsent = true;
    Node.Field consentField = app.field("adminConsent");
    if (consentField != null && !isAbsent(consentField.value())) adminConsent = bool(consentField);

    SecretSpec secret = secret(app);
    CertificateSpec certificate = Credentials.certificate(this, app, key);
    List<FederatedCredentialSpec> federated = Credentials.federatedCredentials(this, app);
    List<DirectoryRoleSpec> roles = directoryRoles(app);
    List<OwnerSpec> owners = owners(app);
    String profile = profile(app);

    return new ApplicationSpec(key, displayName, audience, appId, web, spa, publicClient, permissions, adminConsent,
        secret, certificate, federated, roles, owners, profile, where(app));
  }

  private List<OwnerSpec> owners(Node.Mapping app) {
    Node.Field f = app.field("owners");
    if (f == null || isAbsent(f.value())) return List.of();
    List<OwnerSpec> result = new ArrayList<>();
    Map<String, Node> seen = new HashMap<>();
    for (Node item : list(f).items()) {
      String owner = itemText(item, "owners").trim();
      if (!isPrincipal(owner)) {
        throw error(item, "owner '" + owner + "' is neither a user principal name (name@domain) nor an object id "
            + "(GUID) of a user or service principal");
      }
      Node first = seen.putIfAbsent(owner.toLowerCase(Locale.ROOT), item);
      if (first != null) {
        throw error(item, "owner '" + owner + "' is listed twice (first at line " + first.line() + ", column "
            + first.column() + ")");
      }
      result.add(new OwnerSpec(owner, where(item)));
    }
    return result;
  }

  private String profile(Node.Mapping app) {
    Node.Field f = app.field("profile");
    if (f == null || isAbsent(f.value())) return null;
    String profile = text(f, true).trim();
    if (!ApplicationSpec.PROFILES.contains(profile)) {
      var near = Fields.nearest(profile, ApplicationSpec.PROFILES);
      throw error(f.value(), "unknown profile '" + profile + "'" + near.map(n -> "; did you mean '" + n + "'?")
          .orElse("; the built-in profiles are " + String.join(", ", ApplicationSpec.PROFILES)));
    }
    return profile;
  }

  private static boolean isPrincipal(String s) {
    return GUID.matcher(s).matches() || s.matches("[^@\\s]+@[^@\\s]+");
  }

  private List<String> redirects(Node.Mapping app, String field, String platform) {
    Node.Field f = app.field(field);
    if (f == null || isAbsent(f.value())) return List.of();
    Node.Mapping m = mapping(f.value(), "'" + field + "'", "redirectUris");
    checkFields(m, platform);
    Node.Field uris = m.field("redirectUris");
    if (uris == null || isAbsent(uris.value())) return List.of();
    List<String> result = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Node item : list(uris).items()) {
      String uri = itemText(item, "redirectUris");
      var problem = RedirectUris.problem(uri, platform);
      if (problem.isPresent()) throw error(item, problem.get());
      if (!seen.add(uri)) throw error(item, "redirect URI '" + uri + "' is listed twice in " + platform);
      result.add(uri);
    }
    return result;
  }

  private List<PermissionSpec> permissions(Node.Mapping app) {
    Node.Field f = app.field("permissions");
    if (f == null || isAbsent(f.value())) return List.of();
    Node.Sequence list = list(f);
    if (list.items().isEmpty()) {
      throw error(list, "'permissions' is empty; list at least one API with its permissions, or remove 'permissions'");
    }
    List<PermissionSpec> result = new ArrayList<>();
    Map<String, Node> apis = new HashMap<>();
    for (Node item : list.items()) {
      Node.Mapping m = mapping(item, "a permission", "api, delegated, application");
      checkFields(m, Fields.PERMISSION);
      Node.Field apiField = m.field("api");
      if (apiField == null || isAbsent(apiField.value())) {
        throw error(apiField == null ? m : apiField.value(), "permission has no 'api'; name the API by its appId "
            + "(e.g. " + WellKnown.MICROSOFT_GRAPH + " for Microsoft Graph) or its display name");
      }
      String api = text(apiField, true).trim();
      if (api.isEmpty()) throw error(apiField.value(), "'api' is empty; name the API by its appId or display name");
      Node before = apis.putIfAbsent(api.toLowerCase(Locale.ROOT), apiField.value());
      if (before != null) {
        throw error(apiField.value(), "api '" + api + "' is listed twice (first at line " + before.line()
            + ", column " + before.column() + "); put all its permissions in one entry");
      }
      List<String> delegated = names(m, "delegated");
      List<String> application = names(m, "application");
      if (delegated.isEmpty() && application.isEmpty()) {
        throw error(m, "permission for '" + api + "' lists no 'delegated' or 'application' permissions");
      }
      checkTypes(m, api, delegated, application);
      result.add(new PermissionSpec(api, delegated, application, where(m)));
    }
    return result;
  }

  private List<String> names(Node.Mapping permission, String field) {
    Node.Field f = permission.field(field);
    if (f == null || isAbsent(f.value())) return List.of();
    List<String> result = new ArrayList<>();
    for (Node item : list(f).items()) {
      String name = itemText(item, field).trim();
      if (name.isEmpty()) throw error(item, "an empty permission name in '" + field + "'");
      if (name.contains(" ")) {
        throw error(item, "permission name '" + name + "' contains a space; use the permission's value (like "
            + "User.Read), not its description");
      }
      if (result.contains(name)) throw error(item, "'" + name + "' is listed twice in '" + field + "'");
      result.add(name);
    }
    return result;
  }

  /**
   * Catches a permission listed under the wrong type when the type is certain without the tenant: user_impersonation
   * is a delegated scope by convention, Microsoft Partner has no app roles at all, and a few Microsoft Graph names
   * exist in one type only. Everything else is checked against the API's service principal later.
   */
  private void checkTypes(Node.Mapping m, String api, List<String> delegated, List<String> application) {
    String a = api.toLowerCase(Locale.ROOT);
    boolean partner = a.equals(WellKnown.MICROSOFT_PARTNER.value()) || a.startsWith("microsoft partner (")
        || a.equals("microsoft partner") || a.equals("microsoft dev center");
    boolean graph = a.equals(WellKnown.MICROSOFT_GRAPH.value()) || a.equals("microsoft graph");
    for (String name : application) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals("user_impersonation") || partner || graph && DELEGATED_ONLY_GRAPH.contains(n)) {
        throw error(at(m, "application", name), "'" + name + "' is a delegated permission (a scope)"
            + (partner ? "; Microsoft Partner offers no application permissions" : "")
            + ": list it under 'delegated', not 'application'");
      }
    }
    for (String name : delegated) {
      if (graph && APPLICATION_ONLY_GRAPH.contains(name.toLowerCase(Locale.ROOT))) {
        throw error(at(m, "delegated", name), "'" + name + "' is an application permission (an app role): list it "
            + "under 'application', not 'delegated'");
      }
    }
  }

  private Node at(Node.Mapping m, String field, String name) {
    Node.Field f = m.field(field);
    for (Node item : ((Node.Sequence) f.value()).items()) {
      if (item instanceof Node.Scalar s && s.text().trim().equals(name)) return item;
    }
    return f.value();
  }

  private SecretSpec secret(Node.Mapping app) {
    Node.Field f = app.field("secret");
    if (f == null || f.value() instanceof Node.Scalar s && s.isNull()) return null;
    if (f.value() instanceof Node.Scalar s && s.token() == JsonToken.VALUE_STRING && s.text().isEmpty()) {
      throw error(f.value(), "'secret' is empty; write 'secret: {}' for the defaults (180 days), or remove it for no "
          + "secret");
    }
    Node.Mapping m = mapping(f.value(), "'secret'", "displayName, lifetimeDays, rotateWithinDays; or {} for the defaults");
    checkFields(m, Fields.SECRET);
    String displayName = SecretSpec.DEFAULT_DISPLAY_NAME;
    Node.Field nameField = m.field("displayName");
    if (nameField != null && !isAbsent(nameField.value())) {
      displayName = text(nameField, true);
      if (displayName.isBlank()) {
        throw error(nameField.value(), "the secret's 'displayName' is empty; remove it for the default 'appreg'");
      }
    }
    int lifetime = SecretSpec.DEFAULT_LIFETIME_DAYS;
    Node.Field lifetimeField = m.field("lifetimeDays");
    if (lifetimeField != null && !isAbsent(lifetimeField.value())) {
      long days = integer(lifetimeField, "days");
      if (days < 1 || days > SecretSpec.MAX_LIFETIME_DAYS) {
        throw error(lifetimeField.value(), "lifetimeDays " + shown(lifetimeField) + " is out of range; a secret lives 1 to "
            + SecretSpec.MAX_LIFETIME_DAYS + " days");
      }
      lifetime = (int) days;
    }
    int rotate = Math.min(SecretSpec.DEFAULT_ROTATE_WITHIN_DAYS, lifetime - 1);
    Node.Field rotateField = m.field("rotateWithinDays");
    if (rotateField != null && !isAbsent(rotateField.value())) {
      long days = integer(rotateField, "days");
      if (days < 0) {
        throw error(rotateField.value(), "rotateWithinDays " + shown(rotateField) + " is negative; use 0 to rotate only once the "
            + "secret has expired");
      }
      if (days >= lifetime) {
        throw error(rotateField.value(), "rotateWithinDays " + shown(rotateField) + " must be below lifetimeDays " + lifetime
            + ", or every run would issue a new secret");
      }
      rotate = (int) days;
    }
    return new SecretSpec(displayName, lifetime, rotate);
  }

  private List<DirectoryRoleSpec> directoryRoles(Node.Mapping app) {
    Node.Field f = app.field("directoryRoles");
    if (f == null || isAbsent(f.value())) return List.of();
    List<DirectoryRoleSpec> result = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Node item : list(f).items()) {
      Node.Mapping m = mapping(item, "a directory role", "role, assignee");
      checkFields(m, Fields.DIRECTORY_ROLE);
      Node.Field roleField = m.field("role");
      if (roleField == null || isAbsent(roleField.value())) {
        throw error(roleField == null ? m : roleField.value(), "directory role has no 'role'; name it as Entra does, "
            + "e.g. Security Reader");
      }
      String role = text(roleField, true).trim();
      if (role.isEmpty()) throw error(roleField.value(), "'role' is empty; name it as Entra does, e.g. Security Reader");
      String assignee = null;
      Node.Field assigneeField = m.field("assignee");
      if (assigneeField != null && !isAbsent(assigneeField.value())) {
        assignee = text(assigneeField, true).trim();
        if (!isPrincipal(assignee)) {
          throw error(assigneeField.value(), "assignee '" + assignee + "' is neither a user principal name "
              + "(name@domain) nor an object id (GUID); leave it out to assign the role to the application itself");
        }
      }
      String who = assignee == null ? "the application" : assignee;
      if (!seen.add(role.toLowerCase(Locale.ROOT) + "\n" + who.toLowerCase(Locale.ROOT))) {
        throw error(m, "role '" + role + "' for " + who + " is listed twice");
      }
      result.add(new DirectoryRoleSpec(role, assignee, where(m)));
    }
    return result;
  }

  Path base() {
    return base;
  }

  // --- types ---------------------------------------------------------------------------------------------------

  void checkFields(Node.Mapping m, String place) {
    List<String> known = Fields.KNOWN.get(place);
    for (Node.Field f : m.fields()) {
      if (!known.contains(f.name())) throw error(f.line(), f.column(), Fields.unknown(f.name(), place));
    }
  }

  /** YAML {@code field: ~}, {@code field:} and JSON {@code null} all mean "not given". */
  static boolean isAbsent(Node node) {
    return node instanceof Node.Scalar s && (s.isNull() || s.token() == JsonToken.VALUE_STRING && s.text().isEmpty());
  }

  Node.Mapping mapping(Node node, String what, String fields) {
    if (node instanceof Node.Mapping m) return m;
    throw error(node, what + " must be a mapping (" + fields + "), not " + node.describe());
  }

  Node.Sequence list(Node.Field f) {
    if (f.value() instanceof Node.Sequence s) return s;
    String example = f.value() instanceof Node.Scalar s && !s.text().isEmpty() ? "; write " + f.name() + ": ["
        + s.text() + "]" : "";
    throw error(f.value(), "'" + f.name() + "' must be a list, not " + f.value().describe() + example);
  }

  String text(Node.Field f, boolean required) {
    if (f.value() instanceof Node.Scalar s && !s.isNull()) return s.text();
    if (!required && isAbsent(f.value())) return null;
    throw error(f.value(), "'" + f.name() + "' must be text, not " + f.value().describe());
  }

  String itemText(Node item, String field) {
    if (item instanceof Node.Scalar s && !s.isNull()) return s.text();
    throw error(item, "each entry of '" + field + "' must be text, not " + item.describe());
  }

  boolean bool(Node.Field f) {
    if (f.value() instanceof Node.Scalar s && s.isBoolean()) return s.token() == JsonToken.VALUE_TRUE;
    throw error(f.value(), "'" + f.name() + "' must be true or false, not " + f.value().describe());
  }

  long integer(Node.Field f, String unit) {
    if (f.value() instanceof Node.Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
      try {
        BigInteger v = new BigInteger(s.text().replace("_", "").replaceFirst("^\\+", ""));
        return v.bitLength() < 63 ? v.longValue() : v.signum() * Long.MAX_VALUE;
      } catch (NumberFormatException e) {
        // 0x1F, 0o17 and the like: YAML integers, but not how anyone writes a number of days
      }
    }
    throw error(f.value(), "'" + f.name() + "' must be a whole number of " + unit + ", not " + f.value().describe());
  }

  static String shown(Node.Field f) {
    return ((Node.Scalar) f.value()).text();
  }

  Where where(Node node) {
    return new Where(file, node.line(), node.column());
  }

  ManifestException error(Node node, String problem) {
    return error(node.line(), node.column(), problem);
  }

  ManifestException error(int line, int column, String problem) {
    return new ManifestException(file, line, column, problem);
  }
}
