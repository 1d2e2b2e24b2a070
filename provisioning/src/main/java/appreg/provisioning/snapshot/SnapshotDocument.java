package appreg.provisioning.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The snapshot's JSON shape, schema version 1 (docs/export.md, docs/snapshot.schema.json). Property names follow
 * Microsoft Graph's wherever Graph has one, so a snapshot reads like the API it came from. Compact constructors check
 * what the audit cannot do without, so that Jackson reports a bad value with its line and column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "generator", "exportedAt", "organization", "applications", "servicePrincipals",
    "oauth2PermissionGrants", "appRoleAssignments", "roleDefinitions", "roleAssignments", "users", "policies", "unread"})
record SnapshotDocument(
    Integer schemaVersion,
    String generator,
    Instant exportedAt,
    Organization organization,
    List<Application> applications,
    List<ServicePrincipal> servicePrincipals,
    List<Grant> oauth2PermissionGrants,
    List<AppRoleAssignment> appRoleAssignments,
    List<RoleDefinition> roleDefinitions,
    List<RoleAssignment> roleAssignments,
    List<User> users,
    Policies policies,
    List<Unread> unread) {

  SnapshotDocument {
    // the two collections every audit rule reads: without them the tenant would look empty, and pass every rule
    if (applications == null) throw new IllegalArgumentException(incomplete("applications"));
    if (servicePrincipals == null) throw new IllegalArgumentException(incomplete("servicePrincipals"));
    oauth2PermissionGrants = orEmpty(oauth2PermissionGrants);
    appRoleAssignments = orEmpty(appRoleAssignments);
    roleDefinitions = orEmpty(roleDefinitions);
    roleAssignments = orEmpty(roleAssignments);
    users = orEmpty(users);
    unread = unread == null || unread.isEmpty() ? null : unread; // absent when everything was read
  }

  static String incomplete(String collection) {
    return "no \"" + collection + "\" collection, so this is not a complete snapshot; export the tenant again "
        + "(appreg export --out FILE)";
  }

  static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  static String required(String value, String what) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is missing or empty");
    return value;
  }

  record Organization(String id, String displayName, List<Domain> verifiedDomains) {
    Organization {
      verifiedDomains = orEmpty(verifiedDomains);
    }
  }

  record Domain(String name, boolean isDefault, boolean isInitial) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"id", "appId", "displayName", "uniqueName", "signInAudience", "createdDateTime", "isFallbackPublicClient",
      "servicePrincipalLockConfiguration", "web", "spa", "publicClient", "requiredResourceAccess", "passwordCredentials",
      "keyCredentials", "federatedIdentityCredentials", "tags", "owners"})
  record Application(String id, String appId, String displayName, String uniqueName, String signInAudience,
                     Instant createdDateTime, boolean isFallbackPublicClient, Lock servicePrincipalLockConfiguration, Web web,
                     RedirectUris spa, RedirectUris publicClient, List<RequiredResourceAccess> requiredResourceAccess,
                     List<PasswordCredential> passwordCredentials, List<KeyCredential> keyCredentials,
                     List<FederatedIdentityCredential> federatedIdentityCredentials, List<String> tags,
                     List<String> owners) {
    Application {
      required(id, "application id");
      required(appId, "application appId");
      requiredResourceAccess = orEmpty(requiredResourceAccess);
      passwordCredentials = orEmpty(passwordCredentials);
      keyCredentials = orEmpty(keyCredentials);
      tags = orEmpty(tags);
    }
  }

  record Lock(boolean isEnabled) {}

  record Web(List<String> redirectUris, ImplicitGrantSettings implicitGrantSettings) {
    Web {
      redirectUris = orEmpty(redirectUris);
    }
  }

  record ImplicitGrantSettings(boolean enableAccessTokenIssuance, boolean enableIdTokenIssuance) {}

  record RedirectUris(List<String> redirectUris) {
    RedirectUris {
      redirectUris = orEmpty(redirectUris);
    }
  }

  record RequiredResourceAccess(String resourceAppId, List<ResourceAccess> resourceAccess) {
    RequiredResourceAccess {
      required(resourceAppId, "requiredResourceAccess resourceAppId");
      resourceAccess = orEmpty(resourceAccess);
    }
  }

  record ResourceAccess(String id, String type) {
    ResourceAccess {
      required(id, "resourceAccess id");
      if (!"Scope".equals(type) && !"Role".equals(type)) {
        throw new IllegalArgumentException("resourceAccess type must be Scope or Role, not " + type);
      }
    }
  }

  /** A client secret's metadata. There is deliberately no secretText property: a snapshot holding one is refused. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PasswordCredential(String keyId, String displayName, String hint, Instant startDateTime, Instant endDateTime) {
    PasswordCredential {
      required(keyId, "passwordCredential keyId");
    }
  }

  /**
   * A federated identity credential as Graph lists it. The list is absent (null) on every application of a snapshot
   * whose export did not read them (older snapshots, or Graph refused): the audit then reports the federated-credential
   * rules as not evaluated rather than finding none.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"id", "name", "issuer", "subject", "audiences", "description"})
  record FederatedIdentityCredential(String id, String name, String issuer, String subject, List<String> audiences,
                                     String description) {
    FederatedIdentityCredential {
      required(name, "federatedIdentityCredential name");
      audiences = orEmpty(audiences);
    }
  }

  /** A certificate's metadata; never the key itself. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record KeyCredential(String keyId, String displayName, String type, String usage, Instant startDateTime, Instant endDateTime) {
    KeyCredential {
      required(keyId, "keyCredential keyId");
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"id", "appId", "displayName", "appOwnerOrganizationId", "servicePrincipalType", "accountEnabled", "tags",
      "appRoles", "oauth2PermissionScopes", "passwordCredentials", "keyCredentials"})
  record ServicePrincipal(String id, String appId, String displayName, String appOwnerOrganizationId, String servicePrincipalType,
                          boolean accountEnabled, List<String> tags, List<AppRole> appRoles, List<PermissionScope> oauth2PermissionScopes,
                          List<PasswordCredential> passwordCredentials, List<KeyCredential> keyCredentials) {
    ServicePrincipal {
      required(id, "servicePrincipal id");
      required(appId, "servicePrincipal appId");
      tags = orEmpty(tags);
      appRoles = orEmpty(appRoles);
      oauth2PermissionScopes = orEmpty(oauth2PermissionScopes);
      passwordCredentials = orEmpty(passwordCredentials);
      keyCredentials = orEmpty(keyCredentials);
    }
  }

  record AppRole(String id, String value, List<String> allowedMemberTypes, boolean isEnabled) {
    AppRole {
      required(id, "appRole id");
      allowedMemberTypes = orEmpty(allowedMemberTypes);
    }
  }

  record PermissionScope(String id, String value, String type, boolean isEnabled) {
    PermissionScope {
      required(id, "oauth2PermissionScope id");
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Grant(String id, String clientId, String resourceId, String consentType, String principalId, String scope) {
    Grant {
      required(clientId, "oauth2PermissionGrant clientId");
      required(resourceId, "oauth2PermissionGrant resourceId");
    }
  }

  record AppRoleAssignment(String id, String principalId, String principalType, String resourceId, String appRoleId) {
    AppRoleAssignment {
      required(principalId, "appRoleAssignment principalId");
      required(resourceId, "appRoleAssignment resourceId");
      required(appRoleId, "appRoleAssignment appRoleId");
    }
  }

  record RoleDefinition(String id, String displayName, String templateId, boolean isBuiltIn) {}

  record RoleAssignment(String id, String roleDefinitionId, String principalId, String directoryScopeId) {}

  record User(String id, String userPrincipalName, String displayName) {
    User {
      required(id, "user id");
    }
  }

  /** As Graph returned them; a policy that could not be read is absent (null), which the audit reports as unknown. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Policies(Map<String, Object> defaultAppManagementPolicy, Map<String, Object> authorizationPolicy) {}

  /**
   * A part Graph refused to read, with its answer; the audit of the snapshot reports the rules that need it as not
   * evaluated, as the live audit did.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"part", "status", "code", "message", "requestId", "needs"})
  record Unread(String part, Integer status, String code, String message, String requestId, List<String> needs) {
    Unread {
      appreg.provisioning.tenant.TenantPart.parse(required(part, "unread part"));
      needs = orEmpty(needs);
    }
  }
}
