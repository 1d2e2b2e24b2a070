package appreg.provisioning.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How stored objects become Graph's JSON. The tenant stores only what was set (plus ids and timestamps) so that
 * thousands of synthetic registrations stay small; reading overlays that on the full default shape Graph returns,
 * taken from the documentation examples (fixtures application-post-response.json, servicePrincipal-post-response.json).
 */
final class Entities {
  private Entities() {}

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, ObjectNode> DEFAULTS = Map.of(
      "applications", parse("""
          {"id":null,"deletedDateTime":null,"appId":null,"applicationTemplateId":null,"disabledByMicrosoftStatus":null,
           "createdDateTime":null,"displayName":null,"description":null,"groupMembershipClaims":null,"identifierUris":[],
           "isDeviceOnlyAuthSupported":null,"isFallbackPublicClient":null,"nativeAuthenticationApisEnabled":null,
           "notes":null,"publisherDomain":null,"serviceManagementReference":null,"signInAudience":"AzureADMyOrg",
           "tags":[],"tokenEncryptionKeyId":null,"uniqueName":null,"samlMetadataUrl":null,"defaultRedirectUri":null,
           "certification":null,"optionalClaims":null,"servicePrincipalLockConfiguration":null,
           "requestSignatureVerification":null,"addIns":[],
           "api":{"acceptMappedClaims":null,"knownClientApplications":[],"requestedAccessTokenVersion":null,
                  "oauth2PermissionScopes":[],"preAuthorizedApplications":[]},
           "appRoles":[],
           "info":{"logoUrl":null,"marketingUrl":null,"privacyStatementUrl":null,"supportUrl":null,"termsOfServiceUrl":null},
           "keyCredentials":[],
           "parentalControlSettings":{"countriesBlockedForMinors":[],"legalAgeGroupRule":"Allow"},
           "passwordCredentials":[],"publicClient":{"redirectUris":[]},"requiredResourceAccess":[],
           "verifiedPublisher":{"displayName":null,"verifiedPublisherId":null,"addedDateTime":null},
           "web":{"homePageUrl":null,"logoutUrl":null,"redirectUris":[],
                  "implicitGrantSettings":{"enableAccessTokenIssuance":false,"enableIdTokenIssuance":false},
                  "redirectUriSettings":[]},
           "spa":{"redirectUris":[]},"windows":null}"""),
      "servicePrincipals", parse("""
          {"id":null,"deletedDateTime":null,"accountEnabled":true,"alternativeNames":[],"appDisplayName":null,
           "appDescription":null,"appId":null,"applicationTemplateId":null,"appOwnerOrganizationId":null,
           "appRoleAssignmentRequired":false,"description":null,"disabledByMicrosoftStatus":null,"displayName":null,
           "homepage":null,"loginUrl":null,"logoutUrl":null,"notes":null,"notificationEmailAddresses":[],
           "preferredSingleSignOnMode":null,"preferredTokenSigningKeyThumbprint":null,"replyUrls":[],
           "servicePrincipalNames":[],"servicePrincipalType":"Application","signInAudience":"AzureADMyOrg","tags":[],
           "tokenEncryptionKeyId":null,"samlSingleSignOnSettings":null,"addIns":[],"appRoles":[],
           "info":{"logoUrl":null,"marketingUrl":null,"privacyStatementUrl":null,"supportUrl":null,"termsOfServiceUrl":null},
           "keyCredentials":[],"oauth2PermissionScopes":[],"passwordCredentials":[],"resourceSpecificApplicationPermissions":[],
           "verifiedPublisher":{"displayName":null,"verifiedPublisherId":null,"addedDateTime":null}}"""),
      "oauth2PermissionGrants", parse("""
          {"clientId":null,"consentType":null,"id":null,"principalId":null,"resourceId":null,"scope":null}"""),
      "appRoleAssignments", parse("""
          {"id":null,"deletedDateTime":null,"appRoleId":null,"createdDateTime":null,"principalDisplayName":null,
           "principalId":null,"principalType":null,"resourceDisplayName":null,"resourceId":null}"""),
      "roleAssignments", parse("""
          {"id":null,"directoryScopeId":"/","principalId":null,"roleDefinitionId":null}"""),
      "roleDefinitions", parse("""
          {"id":null,"description":null,"displayName":null,"isBuiltIn":true,"isEnabled":true,"resourceScopes":["/"],
           "templateId":null,"version":"1","rolePermissions":[]}"""),
      "users", parse("""
          {"businessPhones":[],"displayName":null,"givenName":null,"jobTitle":null,"mail":null,"mobilePhone":null,
           "officeLocation":null,"preferredLanguage":null,"surname":null,"userPrincipalName":null,"id":null}"""));

  static Schema schema(String collection) {
    return switch (collection) {
      case "applications" -> Schemas.APPLICATION;
      case "servicePrincipals" -> Schemas.SERVICE_PRINCIPAL;
      case "oauth2PermissionGrants" -> Schemas.OAUTH2_PERMISSION_GRANT;
      case "appRoleAssignments" -> Schemas.APP_ROLE_ASSIGNMENT;
      case "roleAssignments" -> Schemas.ROLE_ASSIGNMENT;
      case "roleDefinitions" -> Schemas.ROLE_DEFINITION;
      case "users" -> Schemas.USER;
      default -> throw new IllegalArgumentException("unknown collection: " + collection);
    };
  }

  /** A full, independent copy of {@code stored} in Graph's shape. */
  static ObjectNode render(String collection, ObjectNode stored) {
    return render(collection, stored, null);
  }

  /**
   * As {@link #render(String, ObjectNode)}, but only the properties named in {@code only} (and OData annotations),
   * each exactly as the full rendering has it, in the same order; {@code null} renders every property. A listing with
   * {@code $select} renders a page of 999 items this way without copying the rest of each item's default shape.
   */
  static ObjectNode render(String collection, ObjectNode stored, Set<String> only) {
    ObjectNode defaults = DEFAULTS.get(collection);
    if (defaults == null) {
      return only == null ? stored.deepCopy() : copyOf(stored, only);
    }
    ObjectNode out = only == null ? defaults.deepCopy() : copyOf(defaults, only);
    stored.fields().forEachRemaining(e -> {
      if (only != null && !wanted(only, e.getKey())) {
        return;
      }
      JsonNode value = e.getValue();
      JsonNode base = defaults.get(e.getKey());
      if (base != null && base.isObject() && value.isObject()) {
        ObjectNode merged = base.deepCopy();
        value.fields().forEachRemaining(n -> merged.set(n.getKey(), n.getValue().deepCopy()));
        out.set(e.getKey(), merged);
      } else {
        out.set(e.getKey(), value.deepCopy());
      }
    });
    // Reads list a secret's hint and keyId; secretText is always null after addPassword (passwordcredential.md).
    JsonNode credentials = out.get("passwordCredentials");
    if (credentials != null && credentials.isArray()) {
      for (JsonNode c : credentials) {
        if (c.isObject()) {
          ((ObjectNode) c).putNull("secretText");
        }
      }
    }
    return out;
  }

  /**
   * Writes what a listing with {@code $select} and no {@code $expand} answers for {@code stored}, without building
   * it: the same properties in the same order with the same values as rendering it with only the selected properties
   * (and {@code id}), shaping it as a listing does ({@link Query#listed}) and projecting it on {@code select} would
   * give, so the bytes are the same. Each value is written from the stored node or the default shape as it is.
   */
  static void writeListed(JsonGenerator g, SerializerProvider provider, String collection, ObjectNode stored,
                          List<String> select) throws IOException {
    ObjectNode defaults = DEFAULTS.get(collection);
    g.writeStartObject();
    // project(): the annotations first, in the rendered order (the default shapes hold none), then id, then select;
    // a property named again is set again in its place, with the same value
    List<String> annotations = null;
    for (var it = stored.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.startsWith("@odata.")) {
        if (annotations == null) annotations = new ArrayList<>(2);
        if (annotations.contains(name)) continue;
        annotations.add(name);
        g.writeFieldName(name);
        writeListedValue(g, provider, collection, defaults, stored, name);
      }
    }
    for (int i = -1; i < select.size(); i++) {
      String p = i < 0 ? "id" : select.get(i);
      if ((annotations != null && annotations.contains(p)) || (i >= 0 && (p.equals("id") || select.subList(0, i).contains(p)))) {
        continue;
      }
      g.writeFieldName(p);
      writeListedValue(g, provider, collection, defaults, stored, p);
    }
    g.writeEndObject();
  }

  /** The rendered and shaped value of {@code property}, or null when the rendering has none. */
  private static void writeListedValue(JsonGenerator g, SerializerProvider provider, String collection,
                                       ObjectNode defaults, ObjectNode stored, String property) throws IOException {
    if (defaults == null) {
      JsonNode value = stored.get(property);
      if (value == null) g.writeNull();
      else value.serialize(g, provider);
      return;
    }
    boolean application = collection.equals("applications");
    if (application && property.equals(FederatedIdentityCredentialsResource.NAVIGATION)) {
      g.writeNull();   // a relationship: shown only when expanded
      return;
    }
    JsonNode value = stored.get(property);
    JsonNode base = defaults.get(property);
    if (value == null) value = base;
    if (value == null) {
      g.writeNull();
    } else if (base != null && base != value && base.isObject() && value.isObject()) {
      // the default shape's properties in their order, the stored ones over them, then the stored ones it lacks
      g.writeStartObject();
      for (var it = base.fields(); it.hasNext(); ) {
        var e = it.next();
        g.writeFieldName(e.getKey());
        JsonNode over = value.get(e.getKey());
        (over != null ? over : e.getValue()).serialize(g, provider);
      }
      for (var it = value.fields(); it.hasNext(); ) {
        var e = it.next();
        if (base.has(e.getKey())) continue;
        g.writeFieldName(e.getKey());
        e.getValue().serialize(g, provider);
      }
      g.writeEndObject();
    } else if (value.isArray() && property.equals("passwordCredentials")) {
      writeWithNull(g, provider, value, "secretText");
    } else if (value.isArray() && application && property.equals("keyCredentials")) {
      writeWithNull(g, provider, value, "key");
    } else {
      value.serialize(g, provider);
    }
  }

  /** A list whose objects each have {@code property} null: in its place when they have it, else last. */
  private static void writeWithNull(JsonGenerator g, SerializerProvider provider, JsonNode list, String property)
      throws IOException {
    g.writeStartArray();
    for (JsonNode element : list) {
      if (!element.isObject()) {
        element.serialize(g, provider);
        continue;
      }
      g.writeStartObject();
      for (var it = element.fields(); it.hasNext(); ) {
        var e = it.next();
        g.writeFieldName(e.getKey());
        if (e.getKey().equals(property)) g.writeNull();
        else e.getValue().serialize(g, provider);
      }
      if (!element.has(property)) {
        g.writeFieldName(property);
        g.writeNull();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static boolean wanted(Set<String> only, String property) {
    return only.contains(property) || property.startsWith("@odata.");
  }

  private static ObjectNode copyOf(ObjectNode node, Set<String> only) {
    ObjectNode out = JSON.createObjectNode();
    node.fields().forEachRemaining(e -> {
      if (wanted(only, e.getKey())) {
        out.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    return out;
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
