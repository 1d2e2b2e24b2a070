package appreg.provisioning.graph;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.AppRole;
import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Graph's JSON (as listed with the reader's {@code $select}) to appreg's records, for the bulk reader and for the
 * gateway's reads and the answers to its writes alike: no SDK model is built (docs/performance.md). Both select the
 * same fields ({@link Models#APPLICATION_FIELDS} and {@link Models#SERVICE_PRINCIPAL_FIELDS}). Only what the records hold is kept: credentials become metadata, and properties such as {@code secretText} or a certificate's {@code key} are never read.
 */
final class TenantJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TenantJson() {}

  static final String APPLICATION_FIELDS = String.join(",", Models.APPLICATION_FIELDS);
  static final String SERVICE_PRINCIPAL_FIELDS = String.join(",", Models.SERVICE_PRINCIPAL_FIELDS);
  static final String GRANT_FIELDS = "id,clientId,resourceId,consentType,principalId,scope";
  static final String ASSIGNMENT_FIELDS = "id,principalId,principalType,resourceId,appRoleId";
  static final String ROLE_ASSIGNMENT_FIELDS = "id,roleDefinitionId,principalId,directoryScopeId";
  static final String ROLE_DEFINITION_FIELDS = "id,displayName,templateId,isBuiltIn";
  static final String ORGANIZATION_FIELDS = "id,displayName,verifiedDomains";

  static Registration registration(JsonNode n) {
    JsonNode web = n.path("web");
    JsonNode implicit = web.path("implicitGrantSettings");
    List<RequiredResource> rra = requiredResources(n.path("requiredResourceAccess"));
    return new Registration(new ObjectId(n.path("id").asText()), new AppId(n.path("appId").asText()), text(n, "displayName"),
        text(n, "uniqueName"), text(n, "signInAudience"), strings(web.path("redirectUris")),
        strings(n.path("spa").path("redirectUris")), strings(n.path("publicClient").path("redirectUris")),
        implicit.path("enableAccessTokenIssuance").asBoolean(false), implicit.path("enableIdTokenIssuance").asBoolean(false),
        n.path("isFallbackPublicClient").asBoolean(false), n.path("servicePrincipalLockConfiguration").path("isEnabled").asBoolean(false),
        rra, passwords(n.path("passwordCredentials")), keys(n.path("keyCredentials")), strings(n.path("tags")),
        instant(n, "createdDateTime"), federatedList(n.path("federatedIdentityCredentials")));
  }

  static List<RequiredResource> requiredResources(JsonNode list) {
    List<RequiredResource> rra = new ArrayList<>();
    for (JsonNode r : list) {
      if (!r.hasNonNull("resourceAppId")) continue;
      List<ResourceAccess> access = resourceAccess(r.path("resourceAccess"));
      rra.add(new RequiredResource(new AppId(r.get("resourceAppId").asText()), access));
    }
    return rra;
  }

  static List<ResourceAccess> resourceAccess(JsonNode list) {
    List<ResourceAccess> access = new ArrayList<>();
    for (JsonNode a : list) {
      if (a.hasNonNull("id") && a.hasNonNull("type")) access.add(new ResourceAccess(a.get("id").asText(), PermissionType.fromGraph(a.get("type").asText())));
    }
    return access;
  }

  static ServicePrincipal servicePrincipal(JsonNode n) {
    return new ServicePrincipal(new ObjectId(n.path("id").asText()), new AppId(n.path("appId").asText()), text(n, "displayName"),
        text(n, "appOwnerOrganizationId"), text(n, "servicePrincipalType"), n.path("accountEnabled").asBoolean(true),
        scopes(n.path("oauth2PermissionScopes")), roles(n.path("appRoles")),
        passwords(n.path("passwordCredentials")), keys(n.path("keyCredentials")), strings(n.path("tags")));
  }

  static List<PermissionScope> scopes(JsonNode list) {
    List<PermissionScope> scopes = new ArrayList<>();
    for (JsonNode s : list) {
      if (s.hasNonNull("id")) scopes.add(new PermissionScope(s.get("id").asText(), text(s, "value"), text(s, "type"), s.path("isEnabled").asBoolean(true)));
    }
    return scopes;
  }

  static List<AppRole> roles(JsonNode list) {
    List<AppRole> roles = new ArrayList<>();
    for (JsonNode r : list) {
      if (r.hasNonNull("id")) roles.add(new AppRole(r.get("id").asText(), text(r, "value"), Set.copyOf(strings(r.path("allowedMemberTypes"))), r.path("isEnabled").asBoolean(true)));
    }
    return roles;
  }

  static DelegatedGrant grant(JsonNode n) {
    String principal = text(n, "principalId");
    return new DelegatedGrant(text(n, "id"), new ObjectId(n.path("clientId").asText()), new ObjectId(n.path("resourceId").asText()),
        text(n, "consentType"), principal == null || principal.isBlank() ? null : new ObjectId(principal),
        new LinkedHashSet<>(DelegatedGrant.parseScopes(text(n, "scope"))));
  }

  static AppRoleAssignment assignment(JsonNode n) {
    return new AppRoleAssignment(text(n, "id"), new ObjectId(n.path("principalId").asText()), text(n, "principalType"),
        new ObjectId(n.path("resourceId").asText()), n.path("appRoleId").asText());
  }

  static RoleAssignment roleAssignment(JsonNode n) {
    String principal = text(n, "principalId");
    return new RoleAssignment(text(n, "id"), text(n, "roleDefinitionId"), principal == null ? null : new ObjectId(principal),
        text(n, "directoryScopeId"));
  }

  static RoleDefinition roleDefinition(JsonNode n) {
    return new RoleDefinition(text(n, "id"), text(n, "displayName"), text(n, "templateId"), n.path("isBuiltIn").asBoolean(false));
  }

  static Organization organization(JsonNode n) {
    List<Organization.Domain> domains = new ArrayList<>();
    for (JsonNode d : n.path("verifiedDomains")) {
      domains.add(new Organization.Domain(text(d, "name"), d.path("isDefault").asBoolean(false), d.path("isInitial").asBoolean(false)));
    }
    return new Organization(text(n, "id"), text(n, "displayName"), domains);
  }

  /** A policy as Graph returned it, without OData annotations. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> policy(JsonNode n) {
    Map<String, Object> m = JSON.convertValue(n, Map.class);
    m.keySet().removeIf(k -> k.startsWith("@odata."));
    return m;
  }

  static List<PasswordCredential> passwords(JsonNode list) {
    List<PasswordCredential> out = new ArrayList<>();
    for (JsonNode p : list) {
      if (!p.hasNonNull("keyId")) continue;
      out.add(new PasswordCredential(p.get("keyId").asText(), text(p, "displayName"), text(p, "hint"),
          instant(p, "startDateTime"), instant(p, "endDateTime")));
    }
    return out;
  }

  static List<KeyCredential> keys(JsonNode list) {
    List<KeyCredential> out = new ArrayList<>();
    for (JsonNode k : list) {
      if (!k.hasNonNull("keyId")) continue;
      out.add(new KeyCredential(k.get("keyId").asText(), text(k, "displayName"), text(k, "type"), text(k, "usage"),
          instant(k, "startDateTime"), instant(k, "endDateTime"), KeyCredential.thumbprintOf(binary(k, "customKeyIdentifier")),
          text(k, "key")));
    }
    return out;
  }

  /** A federated credential as Graph lists it (expanded with the application, or listed on its own). */
  static FederatedCredential federated(JsonNode f) {
    return new FederatedCredential(text(f, "id"), text(f, "name"), text(f, "issuer"), text(f, "subject"),
        strings(f.path("audiences")), text(f, "description"));
  }

  static List<FederatedCredential> federatedList(JsonNode list) {
    List<FederatedCredential> out = new ArrayList<>();
    for (JsonNode f : list) if (f.hasNonNull("name") && !f.get("name").asText().isBlank()) out.add(federated(f));
    return out;
  }

  /** Graph's Binary: base64 text. Anything else is unknown. */
  private static byte[] binary(JsonNode n, String field) {
    return binary(text(n, field));
  }

  static byte[] binary(String v) {
    if (v == null) return null;
    try {
      return java.util.Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : list) if (!s.isNull()) out.add(s.asText());
    return out;
  }

  /** Graph writes UTC with a Z and up to seven fraction digits; offsets are accepted too. Unparsable means unknown. */
  static Instant instant(JsonNode n, String field) {
    return instant(text(n, field));
  }

  static Instant instant(String v) {
    if (v == null || v.isBlank()) return null;
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(v);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
