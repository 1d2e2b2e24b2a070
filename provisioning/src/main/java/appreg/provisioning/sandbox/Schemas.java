package appreg.provisioning.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The v1.0 types the sandbox serves. Sources: microsoft-graph-docs-contrib {@code api-reference/v1.0/resources/}
 * application.md, serviceprincipal.md, oauth2permissiongrant.md, approleassignment.md, unifiedroleassignment.md,
 * unifiedroledefinition.md, passwordcredential.md, webapplication.md, spaapplication.md, publicclientapplication.md,
 * requiredresourceaccess.md, resourceaccess.md, implicitgrantsettings.md, apiapplication.md, permissionscope.md,
 * approle.md, informationalurl.md, serviceprincipallockconfiguration.md, keycredential.md, user.md, organization.md.
 */
final class Schemas {
  private Schemas() {}

  static final Schema RESOURCE_ACCESS = leaf("resourceAccess", "ResourceAccess", "id", "type");
  static final Schema REQUIRED_RESOURCE_ACCESS = complex("requiredResourceAccess", "RequiredResourceAccess",
      ordered("resourceAppId", null, "resourceAccess", RESOURCE_ACCESS));
  static final Schema IMPLICIT_GRANT = leaf("implicitGrantSettings", "ImplicitGrantSettings",
      "enableAccessTokenIssuance", "enableIdTokenIssuance");
  static final Schema REDIRECT_URI_SETTINGS = leaf("redirectUriSettings", "RedirectUriSettings", "uri", "index");
  static final Schema WEB = complex("webApplication", "WebApplication", ordered(
      "homePageUrl", null, "implicitGrantSettings", IMPLICIT_GRANT, "logoutUrl", null,
      "redirectUris", null, "redirectUriSettings", REDIRECT_URI_SETTINGS));
  static final Schema SPA = leaf("spaApplication", "SpaApplication", "redirectUris");
  static final Schema PUBLIC_CLIENT = leaf("publicClientApplication", "PublicClientApplication", "redirectUris");
  static final Schema PERMISSION_SCOPE = leaf("permissionScope", "PermissionScope", "adminConsentDescription",
      "adminConsentDisplayName", "id", "isEnabled", "origin", "type", "userConsentDescription",
      "userConsentDisplayName", "value");
  static final Schema APP_ROLE = leaf("appRole", "AppRole", "allowedMemberTypes", "description", "displayName",
      "id", "isEnabled", "origin", "value");
  static final Schema PRE_AUTHORIZED = leaf("preAuthorizedApplication", "PreAuthorizedApplication", "appId",
      "delegatedPermissionIds");
  static final Schema API = complex("apiApplication", "ApiApplication", ordered(
      "acceptMappedClaims", null, "knownClientApplications", null, "oauth2PermissionScopes", PERMISSION_SCOPE,
      "preAuthorizedApplications", PRE_AUTHORIZED, "requestedAccessTokenVersion", null));
  static final Schema INFO = leaf("informationalUrl", "InformationalUrl", "logoUrl", "marketingUrl",
      "privacyStatementUrl", "supportUrl", "termsOfServiceUrl");
  static final Schema LOCK = leaf("servicePrincipalLockConfiguration", "ServicePrincipalLockConfiguration",
      "isEnabled", "allProperties", "credentialsWithUsageVerify", "credentialsWithUsageSign", "identifierUris",
      "tokenEncryptionKeyId");
  static final Schema PASSWORD_CREDENTIAL = leaf("passwordCredential", "PasswordCredential", "customKeyIdentifier",
      "displayName", "endDateTime", "hint", "keyId", "secretText", "startDateTime");
  static final Schema KEY_CREDENTIAL = leaf("keyCredential", "KeyCredential", "customKeyIdentifier", "displayName",
      "endDateTime", "key", "keyId", "startDateTime", "type", "usage");
  static final Schema OPTIONAL_CLAIM = leaf("optionalClaim", "OptionalClaim", "additionalProperties", "essential",
      "name", "source");
  static final Schema OPTIONAL_CLAIMS = complex("optionalClaims", "OptionalClaims",
      ordered("accessToken", OPTIONAL_CLAIM, "idToken", OPTIONAL_CLAIM, "saml2Token", OPTIONAL_CLAIM));
  static final Schema PARENTAL = leaf("parentalControlSettings", "ParentalControlSettings",
      "countriesBlockedForMinors", "legalAgeGroupRule");
  static final Schema VERIFIED_PUBLISHER = leaf("verifiedPublisher", "VerifiedPublisher", "addedDateTime",
      "displayName", "verifiedPublisherId");
  static final Schema ADD_IN = leaf("addIn", "AddIn", "id", "properties", "type");
  static final Schema WINDOWS = leaf("windowsApplication", "WindowsApplication", "packageSid", "redirectUris");
  static final Schema CERTIFICATION = leaf("certification", "Certification", "certificationDetailsUrl",
      "certificationExpirationDateTime", "isCertifiedByMicrosoft", "isPublisherAttested", "lastCertificationDateTime");
  static final Schema REQUEST_SIGNATURE = leaf("requestSignatureVerification", "RequestSignatureVerification",
      "allowedWeakAlgorithms", "isSignedRequestRequired");
  static final Schema AUTH_BEHAVIORS = leaf("authenticationBehaviors", "AuthenticationBehaviors",
      "blockAzureADGraphAccess", "removeUnverifiedEmailClaim", "requireClientServicePrincipal");

  static final Schema APPLICATION = new Schema("application", "Application", ordered(
      "id", null, "deletedDateTime", null, "addIns", ADD_IN, "api", API, "appId", null,
      "applicationTemplateId", null, "appRoles", APP_ROLE, "authenticationBehaviors", AUTH_BEHAVIORS,
      "certification", CERTIFICATION, "createdDateTime", null, "defaultRedirectUri", null, "description", null,
      "disabledByMicrosoftStatus", null, "displayName", null, "groupMembershipClaims", null, "identifierUris", null,
      "info", INFO, "isDeviceOnlyAuthSupported", null, "isFallbackPublicClient", null, "keyCredentials",
      KEY_CREDENTIAL, "logo", null, "nativeAuthenticationApisEnabled", null, "notes", null,
      "oauth2RequirePostResponse", null, "optionalClaims", OPTIONAL_CLAIMS, "parentalControlSettings", PARENTAL,
      "passwordCredentials", PASSWORD_CREDENTIAL, "publicClient", PUBLIC_CLIENT, "publisherDomain", null,
      "requestSignatureVerification", REQUEST_SIGNATURE, "requiredResourceAccess", REQUIRED_RESOURCE_ACCESS,
      "samlMetadataUrl", null, "serviceManagementReference", null, "servicePrincipalLockConfiguration", LOCK,
      "signInAudience", null, "spa", SPA, "tags", null, "tokenEncryptionKeyId", null, "uniqueName", null,
      "verifiedPublisher", VERIFIED_PUBLISHER, "web", WEB, "windows", WINDOWS),
      Set.of("owners", "extensionProperties", "federatedIdentityCredentials", "tokenIssuancePolicies",
          "tokenLifetimePolicies", "appManagementPolicies", "createdOnBehalfOf", "homeRealmDiscoveryPolicies"));

  static final Schema SAML_SETTINGS = leaf("samlSingleSignOnSettings", "SamlSingleSignOnSettings", "relayState");
  static final Schema SERVICE_PRINCIPAL = new Schema("servicePrincipal", "ServicePrincipal", ordered(
      "id", null, "deletedDateTime", null, "accountEnabled", null, "addIns", ADD_IN, "alternativeNames", null,
      "appDescription", null, "appDisplayName", null, "appId", null, "applicationTemplateId", null,
      "appOwnerOrganizationId", null, "appRoleAssignmentRequired", null, "appRoles", APP_ROLE, "description", null,
      "disabledByMicrosoftStatus", null, "displayName", null, "homepage", null, "info", INFO, "keyCredentials",
      KEY_CREDENTIAL, "loginUrl", null, "logoutUrl", null, "notes", null, "notificationEmailAddresses", null,
      "oauth2PermissionScopes", PERMISSION_SCOPE, "passwordCredentials", PASSWORD_CREDENTIAL,
      "preferredSingleSignOnMode", null, "preferredTokenSigningKeyThumbprint", null,
      "replyUrls", null, "resourceSpecificApplicationPermissions", null, "samlSingleSignOnSettings", SAML_SETTINGS,
      "servicePrincipalNames", null, "servicePrincipalType", null, "signInAudience", null, "tags", null,
      "tokenEncryptionKeyId", null, "verifiedPublisher", VERIFIED_PUBLISHER),
      Set.of("appRoleAssignedTo", "appRoleAssignments", "oauth2PermissionGrants", "owners", "memberOf",
          "ownedObjects", "createdObjects", "transitiveMemberOf", "federatedIdentityCredentials"));

  static final Schema OAUTH2_PERMISSION_GRANT = new Schema("oAuth2PermissionGrant", "OAuth2PermissionGrant",
      ordered("id", null, "clientId", null, "consentType", null, "principalId", null, "resourceId", null,
          "scope", null), Set.of());

  static final Schema APP_ROLE_ASSIGNMENT = new Schema("appRoleAssignment", "AppRoleAssignment", ordered(
      "id", null, "deletedDateTime", null, "appRoleId", null, "createdDateTime", null, "principalDisplayName", null,
      "principalId", null, "principalType", null, "resourceDisplayName", null, "resourceId", null), Set.of());

  static final Schema ROLE_ASSIGNMENT = new Schema("unifiedRoleAssignment", "UnifiedRoleAssignment", ordered(
      "id", null, "appScopeId", null, "condition", null, "directoryScopeId", null, "principalId", null,
      "roleDefinitionId", null), Set.of("principal", "roleDefinition", "directoryScope", "appScope"));

  static final Schema ROLE_DEFINITION = new Schema("unifiedRoleDefinition", "UnifiedRoleDefinition", ordered(
      "id", null, "description", null, "displayName", null, "isBuiltIn", null, "isEnabled", null,
      "resourceScopes", null, "rolePermissions", null, "templateId", null, "version", null),
      Set.of("inheritsPermissionsFrom"));

  static final Schema USER = new Schema("user", "User", ordered(
      "id", null, "deletedDateTime", null, "accountEnabled", null, "businessPhones", null, "city", null,
      "companyName", null, "country", null, "createdDateTime", null, "department", null, "displayName", null,
      "givenName", null, "jobTitle", null, "mail", null, "mailNickname", null, "mobilePhone", null,
      "officeLocation", null, "preferredLanguage", null, "surname", null, "usageLocation", null,
      "userPrincipalName", null, "userType", null),
      Set.of("memberOf", "ownedObjects", "appRoleAssignments", "oauth2PermissionGrants", "manager"));

  static final Schema ORGANIZATION = new Schema("organization", "Organization", ordered(
      "id", null, "deletedDateTime", null, "businessPhones", null, "city", null, "country", null,
      "countryLetterCode", null, "createdDateTime", null, "defaultUsageLocation", null, "displayName", null,
      "isMultipleDataLocationsForServicesEnabled", null, "marketingNotificationEmails", null,
      "onPremisesLastSyncDateTime", null, "onPremisesSyncEnabled", null, "partnerTenantType", null,
      "postalCode", null, "preferredLanguage", null, "securityComplianceNotificationMails", null,
      "securityComplianceNotificationPhones", null, "state", null, "street", null, "technicalNotificationMails",
      null, "tenantType", null, "directorySizeQuota", null, "assignedPlans", null, "privacyProfile", null,
      "provisionedPlans", null, "verifiedDomains", null), Set.of("branding", "certificateBasedAuthConfiguration"));

  static final Schema PASSWORD_CREDENTIAL_CONFIGURATION = leaf("passwordCredentialConfiguration",
      "PasswordCredentialConfiguration", "restrictionType", "state", "maxLifetime",
      "restrictForAppsCreatedAfterDateTime");
  static final Schema KEY_CREDENTIAL_CONFIGURATION = leaf("keyCredentialConfiguration", "KeyCredentialConfiguration",
      "restrictionType", "state", "maxLifetime", "restrictForAppsCreatedAfterDateTime", "certificateBasedApplicationConfigurationIds");
  static final Schema APP_MANAGEMENT_CONFIGURATION = complex("appManagementConfiguration",
      "AppManagementConfiguration", ordered("passwordCredentials", PASSWORD_CREDENTIAL_CONFIGURATION,
          "keyCredentials", KEY_CREDENTIAL_CONFIGURATION));
  static final Schema TENANT_APP_MANAGEMENT_POLICY = new Schema("tenantAppManagementPolicy",
      "TenantAppManagementPolicy", ordered("id", null, "deletedDateTime", null, "description", null,
          "displayName", null, "isEnabled", null, "applicationRestrictions", APP_MANAGEMENT_CONFIGURATION,
          "servicePrincipalRestrictions", APP_MANAGEMENT_CONFIGURATION), Set.of());
  static final Schema DEFAULT_USER_ROLE_PERMISSIONS = leaf("defaultUserRolePermissions",
      "DefaultUserRolePermissions", "allowedToCreateApps", "allowedToCreateSecurityGroups",
      "allowedToCreateTenants", "allowedToReadBitlockerKeysForOwnedDevice", "allowedToReadOtherUsers",
      "permissionGrantPoliciesAssigned");
  static final Schema AUTHORIZATION_POLICY = new Schema("authorizationPolicy", "AuthorizationPolicy", ordered(
      "id", null, "deletedDateTime", null, "description", null, "displayName", null,
      "allowedToSignUpEmailBasedSubscriptions", null, "allowedToUseSSPR", null, "allowEmailVerifiedUsersToJoinOrganization",
      null, "allowInvitesFrom", null, "allowUserConsentForRiskyApps", null, "blockMsolPowerShell", null,
      "defaultUserRolePermissions", DEFAULT_USER_ROLE_PERMISSIONS, "guestUserRoleId", null), Set.of());

  /** Body of {@code addPassword}: only {@code passwordCredential} (application-addpassword.md). */
  static final Schema ADD_PASSWORD = new Schema("addPassword", "AddPassword",
      Map.of("passwordCredential", PASSWORD_CREDENTIAL), Set.of());
  static final Schema REMOVE_PASSWORD = new Schema("removePassword", "RemovePassword",
      ordered("keyId", null), Set.of());

  private static Schema leaf(String graphName, String directoryName, String... properties) {
    var map = new LinkedHashMap<String, Schema>();
    for (String p : properties) {
      map.put(p, null);
    }
    return new Schema(graphName, directoryName, map, Set.of());
  }

  private static Schema complex(String graphName, String directoryName, Map<String, Schema> properties) {
    return new Schema(graphName, directoryName, properties, Set.of());
  }

  /** Map.of cannot hold nulls and loses order: pairs of (name, schema-or-null). */
  private static Map<String, Schema> ordered(Object... pairs) {
    var map = new LinkedHashMap<String, Schema>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Schema) pairs[i + 1]);
    }
    return map;
  }
}
