package appreg.provisioning.graph;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.PermissionScope;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RequiredResource;
import appreg.provisioning.tenant.ResourceAccess;
import appreg.provisioning.tenant.ServicePrincipal;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link TenantJson}'s mapping, read straight from a parser: the items of a listing page become records without a tree
 * of the page or of the item being built first, which at 50,000 registrations was most of the reading's CPU. Same
 * result as {@link TenantJson} for every input: the usual shape (objects, arrays, strings, booleans, nulls) is read
 * token by token; a value of any other shape (a number where text is expected, an object where a list is) is read as a
 * tree and handed to {@link TenantJson}'s code for that property, so its rules apply unchanged.
 */
final class TenantStream {
  private TenantStream() {}

  /** Reads one item, the parser at its first token, and leaves the parser at its last; {@code id[0]} gets its id. */
  interface ItemReader<T> {
    T read(JsonParser p, String[] id) throws IOException;
  }

  static final ItemReader<Registration> REGISTRATION = (p, id) -> object(p, id, TenantJson::registration, TenantStream::registration);
  static final ItemReader<ServicePrincipal> SERVICE_PRINCIPAL =
      (p, id) -> object(p, id, TenantJson::servicePrincipal, TenantStream::servicePrincipal);
  static final ItemReader<DelegatedGrant> GRANT = (p, id) -> object(p, id, TenantJson::grant, TenantStream::grant);

  private interface Fields<T> {
    T read(JsonParser p, String[] id) throws IOException;
  }

  /** An object read field by field; anything else (null, a list) goes through {@link TenantJson} as a tree. */
  private static <T> T object(JsonParser p, String[] id, Function<JsonNode, T> tree, Fields<T> fields) throws IOException {
    id[0] = "";
    if (p.currentToken() != JsonToken.START_OBJECT) {
      JsonNode n = tree(p);
      id[0] = n.path("id").asText("");
      return tree.apply(n);
    }
    return fields.read(p, id);
  }

  private static Registration registration(JsonParser p, String[] idOut) throws IOException {
    String id = "";
    String appId = "";
    String displayName = null;
    String uniqueName = null;
    String signInAudience = null;
    List<String> web = List.of();
    List<String> spa = List.of();
    List<String> publicClient = List.of();
    boolean accessTokens = false;
    boolean idTokens = false;
    boolean fallbackPublic = false;
    boolean locked = false;
    List<RequiredResource> rra = new ArrayList<>();
    List<PasswordCredential> passwords = new ArrayList<>();
    List<KeyCredential> keys = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    String created = null;
    List<FederatedCredential> federated = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "id" -> {
          boolean isNull = p.currentToken() == JsonToken.VALUE_NULL;
          id = pathText(p);
          idOut[0] = isNull ? "" : id;
        }
        case "appId" -> appId = pathText(p);
        case "displayName" -> displayName = text(p);
        case "uniqueName" -> uniqueName = text(p);
        case "signInAudience" -> signInAudience = text(p);
        case "web" -> {
          if (p.currentToken() == JsonToken.START_OBJECT) {
            web = List.of();
            accessTokens = false;
            idTokens = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              p.nextToken();
              switch (f) {
                case "redirectUris" -> web = strings(p);
                case "implicitGrantSettings" -> {
                  if (p.currentToken() == JsonToken.START_OBJECT) {
                    accessTokens = false;
                    idTokens = false;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                      String g = p.currentName();
                      p.nextToken();
                      switch (g) {
                        case "enableAccessTokenIssuance" -> accessTokens = bool(p, false);
                        case "enableIdTokenIssuance" -> idTokens = bool(p, false);
                        default -> p.skipChildren();
                      }
                    }
                  } else {
                    JsonNode implicit = tree(p);
                    accessTokens = implicit.path("enableAccessTokenIssuance").asBoolean(false);
                    idTokens = implicit.path("enableIdTokenIssuance").asBoolean(false);
                  }
                }
                default -> p.skipChildren();
              }
            }
          } else {
            JsonNode w = tree(p);
            JsonNode implicit = w.path("implicitGrantSettings");
            web = TenantJson.strings(w.path("redirectUris"));
            accessTokens = implicit.path("enableAccessTokenIssuance").asBoolean(false);
            idTokens = implicit.path("enableIdTokenIssuance").asBoolean(false);
          }
        }
        case "spa" -> spa = redirectUris(p);
        case "publicClient" -> publicClient = redirectUris(p);
        case "isFallbackPublicClient" -> fallbackPublic = bool(p, false);
        case "servicePrincipalLockConfiguration" -> {
          if (p.currentToken() == JsonToken.START_OBJECT) {
            locked = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              p.nextToken();
              if (f.equals("isEnabled")) locked = bool(p, false);
              else p.skipChildren();
            }
          } else {
            locked = tree(p).path("isEnabled").asBoolean(false);
          }
        }
        case "requiredResourceAccess" -> rra = requiredResources(p);
        case "passwordCredentials" -> passwords = passwords(p);
        case "keyCredentials" -> keys = keys(p);
        case "tags" -> tags = strings(p);
        case "createdDateTime" -> created = text(p);
        case "federatedIdentityCredentials" -> federated = federated(p);
        default -> p.skipChildren();
      }
    }
    return new Registration(new ObjectId(id), new AppId(appId), displayName, uniqueName, signInAudience, web, spa,
        publicClient, accessTokens, idTokens, fallbackPublic, locked, rra, passwords, keys, tags,
        TenantJson.instant(created), federated);
  }

  private static ServicePrincipal servicePrincipal(JsonParser p, String[] idOut) throws IOException {
    String id = "";
    String appId = "";
    String displayName = null;
    String owner = null;
    String type = null;
    boolean enabled = true;
    List<PermissionScope> scopes = new ArrayList<>();
    List<AppRole> roles = new ArrayList<>();
    List<PasswordCredential> passwords = new ArrayList<>();
    List<KeyCredential> keys = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "id" -> {
          boolean isNull = p.currentToken() == JsonToken.VALUE_NULL;
          id = pathText(p);
          idOut[0] = isNull ? "" : id;
        }
        case "appId" -> appId = pathText(p);
        case "displayName" -> displayName = text(p);
        case "appOwnerOrganizationId" -> owner = text(p);
        case "servicePrincipalType" -> type = text(p);
        case "accountEnabled" -> enabled = bool(p, true);
        case "oauth2PermissionScopes" -> scopes = list(p, TenantStream::scope, TenantJson::scopes);
        case "appRoles" -> roles = list(p, TenantStream::role, TenantJson::roles);
        case "passwordCredentials" -> passwords = passwords(p);
        case "keyCredentials" -> keys = keys(p);
        case "tags" -> tags = strings(p);
        default -> p.skipChildren();
      }
    }
    return new ServicePrincipal(new ObjectId(id), new AppId(appId), displayName, owner, type, enabled, scopes, roles,
        passwords, keys, tags);
  }

  private static DelegatedGrant grant(JsonParser p, String[] idOut) throws IOException {
    String id = null;
    String client = "";
    String resource = "";
    String consentType = null;
    String principal = null;
    String scope = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "id" -> {
          id = text(p);
          idOut[0] = id == null ? "" : id;
        }
        case "clientId" -> client = pathText(p);
        case "resourceId" -> resource = pathText(p);
        case "consentType" -> consentType = text(p);
        case "principalId" -> principal = text(p);
        case "scope" -> scope = text(p);
        default -> p.skipChildren();
      }
    }
    return new DelegatedGrant(id, new ObjectId(client), new ObjectId(resource), consentType,
        principal == null || principal.isBlank() ? null : new ObjectId(principal),
        new LinkedHashSet<>(DelegatedGrant.parseScopes(scope)));
  }

  // ---- lists of objects: each element an object read field by field, anything else through TenantJson as a tree

  private interface Element<T> {
    /** Adds what the element (an object, the parser at its start) yields, if anything. */
    void read(JsonParser p, List<T> out) throws IOException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static <T> List<T> list(JsonParser p, Element<T> element, Function<JsonNode, List<T>> tree) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) return tree.apply(tree(p));
    List<T> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.START_OBJECT) {
        element.read(p, out);
      } else {
        JsonNode n = tree(p);
        ArrayNode one = JSON.createArrayNode();
        one.add(n);
        out.addAll(tree.apply(one));
      }
    }
    return out;
  }

  private static List<RequiredResource> requiredResources(JsonParser p) throws IOException {
    return list(p, (q, out) -> {
      String resourceAppId = null;
      boolean present = false;
      List<ResourceAccess> access = new ArrayList<>();
      while (q.nextToken() == JsonToken.FIELD_NAME) {
        String f = q.currentName();
        q.nextToken();
        switch (f) {
          case "resourceAppId" -> {
            present = q.currentToken() != JsonToken.VALUE_NULL;
            resourceAppId = present ? pathText(q) : null;
          }
          case "resourceAccess" -> access = list(q, TenantStream::resourceAccess, TenantJson::resourceAccess);
          default -> q.skipChildren();
        }
      }
      if (present) out.add(new RequiredResource(new AppId(resourceAppId), access));
    }, TenantJson::requiredResources);
  }

  private static void resourceAccess(JsonParser p, List<ResourceAccess> out) throws IOException {
    String id = null;
    String type = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "id" -> id = nonNullText(p);
        case "type" -> type = nonNullText(p);
        default -> p.skipChildren();
      }
    }
    if (id != null && type != null) out.add(new ResourceAccess(id, PermissionType.fromGraph(type)));
  }

  private static void scope(JsonParser p, List<PermissionScope> out) throws IOException {
    String id = null;
    String value = null;
    String type = null;
    boolean enabled = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "id" -> id = nonNullText(p);
        case "value" -> value = text(p);
        case "type" -> type = text(p);
        case "isEnabled" -> enabled = bool(p, true);
        default -> p.skipChildren();
      }
    }
    if (id != null) out.add(new PermissionScope(id, value, type, enabled));
  }

  private static void role(JsonParser p, List<AppRole> out) throws IOException {
    String id = null;
    String value = null;
    List<String> members = List.of();
    boolean enabled = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      switch (f) {
        case "id" -> id = nonNullText(p);
        case "value" -> value = text(p);
        case "allowedMemberTypes" -> members = strings(p);
        case "isEnabled" -> enabled = bool(p, true);
        default -> p.skipChildren();
      }
    }
    if (id != null) out.add(new AppRole(id, value, Set.copyOf(members), enabled));
  }

  private static List<PasswordCredential> passwords(JsonParser p) throws IOException {
    return list(p, (q, out) -> {
      String keyId = null;
      String displayName = null;
      String hint = null;
      String start = null;
      String end = null;
      while (q.nextToken() == JsonToken.FIELD_NAME) {
        String f = q.currentName();
        q.nextToken();
        switch (f) {
          case "keyId" -> keyId = nonNullText(q);
          case "displayName" -> displayName = text(q);
          case "hint" -> hint = text(q);
          case "startDateTime" -> start = text(q);
          case "endDateTime" -> end = text(q);
          default -> q.skipChildren();
        }
      }
      if (keyId != null) out.add(new PasswordCredential(keyId, displayName, hint, TenantJson.instant(start), TenantJson.instant(end)));
    }, TenantJson::passwords);
  }

  private static List<KeyCredential> keys(JsonParser p) throws IOException {
    return list(p, (q, out) -> {
      String keyId = null;
      String displayName = null;
      String type = null;
      String usage = null;
      String start = null;
      String end = null;
      String customKeyIdentifier = null;
      String key = null;
      while (q.nextToken() == JsonToken.FIELD_NAME) {
        String f = q.currentName();
        q.nextToken();
        switch (f) {
          case "keyId" -> keyId = nonNullText(q);
          case "displayName" -> displayName = text(q);
          case "type" -> type = text(q);
          case "usage" -> usage = text(q);
          case "startDateTime" -> start = text(q);
          case "endDateTime" -> end = text(q);
          case "customKeyIdentifier" -> customKeyIdentifier = text(q);
          case "key" -> key = text(q);
          default -> q.skipChildren();
        }
      }
      if (keyId != null) {
        out.add(new KeyCredential(keyId, displayName, type, usage, TenantJson.instant(start), TenantJson.instant(end),
            KeyCredential.thumbprintOf(TenantJson.binary(customKeyIdentifier)), key));
      }
    }, TenantJson::keys);
  }

  private static List<FederatedCredential> federated(JsonParser p) throws IOException {
    // few registrations have any: read as trees, with TenantJson's own rules
    return TenantJson.federatedList(tree(p));
  }

  // ---- values, with JsonNode's conversions

  /** {@code text(n, field)} of a present field: null for null, a string as it is, anything else as JsonNode shows it. */
  private static String text(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      default -> tree(p).asText();
    };
  }

  /** A field that must be present and not null ({@code hasNonNull}), as text; null when it is null. */
  private static String nonNullText(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : text(p);
  }

  /** {@code n.path(field).asText()} of a present field: a null reads "null", as NullNode has it. */
  private static String pathText(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : tree(p).asText();
  }

  private static boolean bool(JsonParser p, boolean otherwise) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> tree(p).asBoolean(otherwise);
    };
  }

  /** {@code strings(n.path(field))}: the non-null elements of a list as text. */
  private static List<String> strings(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) return TenantJson.strings(tree(p));
    List<String> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      switch (p.currentToken()) {
        case VALUE_NULL -> { }
        case VALUE_STRING -> out.add(p.getText());
        default -> out.add(tree(p).asText());
      }
    }
    return out;
  }

  /** {@code strings(n.path(field).path("redirectUris"))}. */
  private static List<String> redirectUris(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) return TenantJson.strings(tree(p).path("redirectUris"));
    List<String> out = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if (f.equals("redirectUris")) out = strings(p);
      else p.skipChildren();
    }
    return out;
  }

  /** The value at the parser as a tree; JSON null as NullNode. */
  private static JsonNode tree(JsonParser p) throws IOException {
    JsonNode n = p.readValueAsTree();
    return n == null ? NullNode.getInstance() : n;
  }
}
