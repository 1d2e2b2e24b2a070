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

  private static final int[] TENTHS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  /**
   * The form Graph writes, {@code 2024-05-01T12:00:00Z} or {@code 2024-05-01T12:00:00.1234567Z}, read without a
   * formatter (at 50,000 registrations, with a few credentials each, the formatter was a tenth of the reading's CPU);
   * null for anything else, or any field out of its range, which {@link #instant(String)} then reads as before.
   */
  static Instant utc(String v) {
    int n = v.length();
    if (n < 20 || n == 21 || n > 30 || v.charAt(n - 1) != 'Z' || v.charAt(4) != '-' || v.charAt(7) != '-'
        || v.charAt(10) != 'T' || v.charAt(13) != ':' || v.charAt(16) != ':') return null;
    int year = digits(v, 0, 4);
    int month = digits(v, 5, 2);
    int day = digits(v, 8, 2);
    int hour = digits(v, 11, 2);
    int minute = digits(v, 14, 2);
    int second = digits(v, 17, 2);
    int nanos = 0;
    if (n > 20) {
      if (v.charAt(19) != '.') return null;
      int fraction = digits(v, 20, n - 21);
      if (fraction < 0) return null;
      nanos = fraction * TENTHS[9 - (n - 21)];
    }
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) return null;
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) return null;
    return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(java.time.ZoneOffset.UTC);
  }

  /** The ASCII digits v[from, from+count) as a number; -1 when any is not one. */
  private static int digits(String v, int from, int count) {
    int out = 0;
    for (int i = from; i < from + count; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') return -1;
      out = out * 10 + (c - '0');
    }
    return out;
  }

  /** Graph writes UTC with a Z and up to seven fraction digits; offsets are accepted too. Unparsable means unknown. */
  static Instant instant(JsonNode n, String field) {
    return instant(text(n, field));
  }

  static Instant instant(String v) {
    if (v == null || v.isBlank()) return null;
    Instant utc = utc(v);
    if (utc != null) return utc;
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
