package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What a fresh "Contoso" tenant holds (docs/sandbox.md lists it). */
final class TenantSeed {
  private TenantSeed() {}

  /**
   * Built-in directory roles by template id (graph-facts.md §1.5, from MicrosoftDocs/entra-docs
   * permissions-reference.md; User Administrator from the json-batching.md example). In a tenant the built-in
   * roleDefinition's id equals its templateId.
   */
  private static final String[][] ROLES = {
      {"62e90394-69f5-4237-9190-012177145e10", "Global Administrator",
          "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities."},
      {"f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader",
          "Can read everything that a Global Administrator can, but not update anything."},
      {"5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader",
          "Can read security information and reports in Microsoft Entra ID and Office 365."},
      {"194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator",
          "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365."},
      {"9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator",
          "Can create and manage all aspects of app registrations and enterprise apps."},
      {"158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator",
          "Can create and manage all aspects of app registrations and enterprise apps except App Proxy."},
      {"e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator",
          "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management."},
      {"cf1c38e5-3621-4004-a7cb-879624dced7c", "Application Developer",
          "Can create application registrations independent of the 'Users can register applications' setting."},
      {"4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader",
          "Can read sign-in and audit reports."},
      {"88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers",
          "Can read basic directory information. Commonly used to grant directory read access to applications and guests."},
      {"fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator",
          "Can manage all aspects of users and groups, including resetting passwords for limited admins."},
  };

  private static final String[][] USERS = {
      {"admin", "Contoso Admin", "Contoso", "Admin", "IT Administrator"},
      {"auditor", "Contoso Auditor", "Contoso", "Auditor", "Security Auditor"},
      {"adele.vance", "Adele Vance", "Adele", "Vance", "Retail Manager"},
      {"megan.bowen", "Megan Bowen", "Megan", "Bowen", "Marketing Manager"},
  };

  static void populate(SimulatedTenant tenant) {
    var json = Entities.JSON;
    String tenantId = tenant.newGuid();
    var org = json.createObjectNode();
    org.put("id", tenantId);
    org.putNull("deletedDateTime");
    org.putArray("businessPhones").add("425-555-0100");
    org.put("city", "Redmond");
    org.put("country", "United States");
    org.put("countryLetterCode", "US");
    org.put("createdDateTime", Instant.now().minus(900, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    org.put("defaultUsageLocation", "US");
    org.put("displayName", "Contoso");
    org.putNull("isMultipleDataLocationsForServicesEnabled");
    org.putArray("marketingNotificationEmails");
    org.putNull("onPremisesLastSyncDateTime");
    org.putNull("onPremisesSyncEnabled");
    org.putNull("partnerTenantType");
    org.put("postalCode", "98052");
    org.put("preferredLanguage", "en");
    org.putArray("securityComplianceNotificationMails");
    org.putArray("securityComplianceNotificationPhones");
    org.put("state", "WA");
    org.put("street", "One Microsoft Way");
    org.putArray("technicalNotificationMails").add("admin@" + SimulatedTenant.DOMAIN);
    org.put("tenantType", "AAD");
    var quota = org.putObject("directorySizeQuota");
    quota.put("used", 120);
    quota.put("total", 50000);
    org.putArray("assignedPlans");
    var privacy = org.putObject("privacyProfile");
    privacy.put("contactEmail", "");
    privacy.put("statementUrl", "");
    org.putArray("provisionedPlans");
    var domain = org.putArray("verifiedDomains").addObject();
    domain.put("capabilities", "Email, OfficeCommunicationsOnline");
    domain.put("isDefault", true);
    domain.put("isInitial", true);
    domain.put("name", SimulatedTenant.DOMAIN);
    domain.put("type", "Managed");
    tenant.setOrganization(tenantId, org);

    String adminId = null;
    for (String[] u : USERS) {
      var user = json.createObjectNode();
      user.put("accountEnabled", true);
      user.put("displayName", u[1]);
      user.put("givenName", u[2]);
      user.put("surname", u[3]);
      user.put("jobTitle", u[4]);
      user.put("mail", u[0] + "@" + SimulatedTenant.DOMAIN);
      user.put("mailNickname", u[0]);
      user.put("userPrincipalName", u[0] + "@" + SimulatedTenant.DOMAIN);
      user.put("userType", "Member");
      user.put("preferredLanguage", "en-US");
      user.put("usageLocation", "US");
      String id = tenant.insert("users", user).get("id").asText();
      if (adminId == null) {
        adminId = id;
      }
    }

    // UPNs user-get.md singles out: a B2B guest's ('#' must be percent-encoded in a path) and one starting with '$'
    // (only the quoted form /users('$…') reaches it)
    var guest = json.createObjectNode();
    guest.put("accountEnabled", true);
    guest.put("displayName", "Alex Wilber (Fabrikam)");
    guest.put("mail", "alex@fabrikam.com");
    guest.put("mailNickname", "alex_fabrikam.com#EXT#");
    guest.put("userPrincipalName", "alex_fabrikam.com#EXT#@" + SimulatedTenant.DOMAIN);
    guest.put("userType", "Guest");
    tenant.insert("users", guest);
    var dollar = json.createObjectNode();
    dollar.put("accountEnabled", true);
    dollar.put("displayName", "Operations");
    dollar.put("mailNickname", "ops");
    dollar.put("userPrincipalName", "$ops@" + SimulatedTenant.DOMAIN);
    dollar.put("userType", "Member");
    tenant.insert("users", dollar);

    for (String appId : new String[] {FirstPartyApps.MICROSOFT_GRAPH, FirstPartyApps.PARTNER_CENTER,
        FirstPartyApps.AZURE_AD_GRAPH}) {
      tenant.insert("servicePrincipals", FirstPartyApps.servicePrincipal(appId).orElseThrow());
    }

    for (String[] r : ROLES) {
      var role = json.createObjectNode();
      role.put("id", r[0]);
      role.put("description", r[2]);
      role.put("displayName", r[1]);
      role.put("isBuiltIn", true);
      role.put("isEnabled", true);
      role.putArray("resourceScopes").add("/");
      role.put("templateId", r[0]);
      role.put("version", "1");
      role.putArray("rolePermissions");
      tenant.insert("roleDefinitions", role);
    }
    var globalAdmin = json.createObjectNode();
    globalAdmin.put("principalId", adminId);
    globalAdmin.put("roleDefinitionId", "62e90394-69f5-4237-9190-012177145e10");
    globalAdmin.put("directoryScopeId", "/");
    tenant.insert("roleAssignments", globalAdmin);

    // tenantappmanagementpolicy-get.md example: the tenant default policy has the all-zero id.
    var appPolicy = json.createObjectNode();
    appPolicy.put("id", "00000000-0000-0000-0000-000000000000");
    appPolicy.put("displayName", "Default app management tenant policy");
    appPolicy.put("description", "Default tenant policy that enforces app management restrictions on applications "
        + "and service principals. To apply policy to targeted resources, create a new policy under "
        + "appManagementPolicies collection.");
    appPolicy.put("isEnabled", false);
    ObjectNode appRestrictions = appPolicy.putObject("applicationRestrictions");
    appRestrictions.putArray("passwordCredentials");
    appRestrictions.putArray("keyCredentials");
    ObjectNode spRestrictions = appPolicy.putObject("servicePrincipalRestrictions");
    spRestrictions.putArray("passwordCredentials");
    spRestrictions.putArray("keyCredentials");
    tenant.setPolicy("defaultAppManagementPolicy", appPolicy);

    // authorizationpolicy-get.md example shape; user consent is the legacy default in older tenants.
    var authz = json.createObjectNode();
    authz.put("id", "authorizationPolicy");
    authz.put("displayName", "Authorization Policy");
    authz.put("description", "Used to manage authorization related settings across the company.");
    authz.put("allowInvitesFrom", "everyone");
    authz.put("allowedToSignUpEmailBasedSubscriptions", true);
    authz.put("allowedToUseSSPR", true);
    authz.put("allowEmailVerifiedUsersToJoinOrganization", false);
    authz.putNull("allowUserConsentForRiskyApps");
    authz.put("blockMsolPowerShell", false);
    authz.put("guestUserRoleId", "10dae51f-b6af-4016-8d66-8c2a99b929b3");
    var defaults = authz.putObject("defaultUserRolePermissions");
    defaults.put("allowedToCreateApps", true);
    defaults.put("allowedToCreateSecurityGroups", true);
    defaults.put("allowedToCreateTenants", true);
    defaults.put("allowedToReadBitlockerKeysForOwnedDevice", true);
    defaults.put("allowedToReadOtherUsers", true);
    defaults.putArray("permissionGrantPoliciesAssigned")
        .add("ManagePermissionGrantsForSelf.microsoft-user-default-legacy");
    tenant.setPolicy("authorizationPolicy", authz);
  }
}
