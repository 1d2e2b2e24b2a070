package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Microsoft first-party applications whose service principals a tenant can instantiate with
 * {@code POST /servicePrincipals {"appId": …}} although no application object lives in the tenant
 * (serviceprincipal-post-serviceprincipals.md; graph-facts.md §1).
 *
 * <p>Every permission id below is copied from a tenant dump, never made up:
 * {@code maciejporebski/azure-ad-first-party-apps-permissions}, files {@code apps/Microsoft Graph.md},
 * {@code apps/Microsoft Partner.md}, {@code apps/Microsoft Partner Center.md},
 * {@code apps/Windows Azure Active Directory.md} (commit 01479de), cross-checked for the ids in graph-facts.md §1.3
 * against {@code merill/graph-permissions-explorer} and {@code KelvinTegelaar/CIPP-API:Config/SAMManifest.json}.
 * The dump does not say which delegated scopes users may consent to; the sign-in scopes ({@code openid},
 * {@code profile}, {@code email}, {@code offline_access}, {@code User.Read}, {@code User.ReadBasic.All}) are marked
 * {@code User}, everything else {@code Admin}.
 */
final class FirstPartyApps {
  private FirstPartyApps() {}

  static final String MICROSOFT_GRAPH = "00000003-0000-0000-c000-000000000000";
  static final String AZURE_AD_GRAPH = "00000002-0000-0000-c000-000000000000";
  static final String MICROSOFT_PARTNER = "4990cffe-04e8-4e8b-808a-1175604b879f";
  static final String PARTNER_CENTER = "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd";
  /** The "Microsoft Services" tenant that owns first-party applications (their SPs' appOwnerOrganizationId). */
  static final String MICROSOFT_SERVICES_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

  /** Microsoft Graph application permissions: value | app role id | display name. */
  private static final String GRAPH_APP_ROLES = """
      Application.Read.All|9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30|Read all applications
      Application.ReadWrite.All|1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9|Read and write all applications
      Application.ReadWrite.OwnedBy|18a4783c-866b-4cc7-a460-3d5e5662c884|Manage apps that this app creates or owns
      AppRoleAssignment.ReadWrite.All|06b708a9-e830-4db3-a914-8e69da51d44f|Manage app permission grants and app role assignments
      AuditLog.Read.All|b0afded3-3588-46d8-8b3d-9842eff778da|Read all audit log data
      DelegatedPermissionGrant.Read.All|81b4724a-58aa-41c1-8a55-84ef97466587|Read all delegated permission grants
      DelegatedPermissionGrant.ReadWrite.All|8e8e4742-1d95-4f68-9d56-6ee75648c72a|Manage all delegated permission grants
      Directory.Read.All|7ab1d382-f21e-4acd-a863-ba3e13f7da61|Read directory data
      Directory.ReadWrite.All|19dbc75e-c2e2-444c-a770-ec69d8559fc7|Read and write directory data
      Domain.Read.All|dbb9058a-0e50-45d7-ae91-66909b5d4664|Read domains
      Domain.ReadWrite.All|7e05723c-0bb0-42da-be95-ae9f08a6e53c|Read and write domains
      Group.Read.All|5b567255-7703-4780-807c-7be8301ae99b|Read all groups
      Group.ReadWrite.All|62a82d76-70ea-41e2-9197-370581804d09|Read and write all groups
      GroupMember.Read.All|98830695-27a2-44f7-8c18-0c3ebc9698f6|Read all group memberships
      GroupMember.ReadWrite.All|dbaae8cf-10b5-4b86-a4a1-f871c94c6695|Read and write all group memberships
      Mail.Read|810c84a8-4a9e-49e6-bf7d-12d183f40d01|Read mail in all mailboxes
      Mail.Send|b633e1c5-b582-4048-a93e-9f11b44c7e96|Send mail as any user
      Organization.Read.All|498476ce-e0fe-48b0-b801-37ba7e2685c6|Read organization information
      Organization.ReadWrite.All|292d869f-3427-49a8-9dab-8c70152b74e9|Read and write organization information
      Policy.Read.All|246dd0d5-5bd0-4def-940b-0421030a5b68|Read your organization's policies
      Policy.Read.PermissionGrant|9e640839-a198-48fb-8b9a-013fd6f6cbcd|Read consent and permission grant policies
      Policy.ReadWrite.ApplicationConfiguration|be74164b-cff1-491c-8741-e671cb536e13|Read and write your organization's application configuration policies
      Policy.ReadWrite.Authorization|fb221be6-99f2-473f-bd32-01c6a0e9ca3b|Read and write your organization's authorization policy
      Policy.ReadWrite.ConditionalAccess|01c0a623-fc9b-48e9-b794-0756f8e8f067|Read and write your organization's conditional access policies
      Policy.ReadWrite.PermissionGrant|a402ca1c-2696-4531-972d-6e5ee4aa11ea|Manage consent and permission grant policies
      PrivilegedAccess.ReadWrite.AzureADGroup|2f6817f8-7b12-4f0f-bc18-eeaf60705a9e|Read and write privileged access to Azure AD groups
      PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup|41202f2c-f7ab-45be-b001-85c9728b9d69|Read, create, and delete assignment schedules for access to Azure AD groups
      Reports.Read.All|230c1aed-a721-4c5d-9cb4-a90514e508ef|Read all usage reports
      RoleAssignmentSchedule.ReadWrite.Directory|dd199f4a-f148-40a4-a2ec-f0069cc799ec|Read, update, and delete all policies for privileged role assignments of your company's directory
      RoleEligibilitySchedule.ReadWrite.Directory|fee28b28-e1f3-4841-818e-2704dc62245f|Read, update, and delete all eligible role assignments and schedules for your company's directory
      RoleManagement.Read.All|c7fbd983-d9aa-4fa7-84b8-17382c103bc4|Read role management data for all RBAC providers
      RoleManagement.Read.Directory|483bed4a-2ad3-4361-a73b-c83ccdbdc53c|Read all directory RBAC settings
      RoleManagement.ReadWrite.Directory|9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8|Read and write all directory RBAC settings
      User.DeleteRestore.All|eccc023d-eccf-4e7b-9683-8813ab36cecc|Delete and restore all users
      User.EnableDisableAccount.All|3011c876-62b7-4ada-afa2-506cbbecc68c|Enable and disable user accounts
      User.Read.All|df021288-bdef-4463-88db-98f22de89214|Read all users' full profiles
      User.ReadBasic.All|97235f07-e226-4f63-ace3-39588e11d3a1|Read all users' basic profiles
      User.ReadWrite.All|741f803b-c850-494e-b5df-cde7c675a1ca|Read and write all users' full profiles
      UserAuthenticationMethod.Read.All|38d9df27-64da-44fd-b7c5-a6fbac20248f|Read all users' authentication methods
      UserAuthenticationMethod.ReadWrite.All|50483e42-d915-4231-9639-7fdb7fd190e5|Read and write all users' authentication methods
      """;

  /** Microsoft Graph delegated permissions: value | scope id | display name | consent type. */
  private static final String GRAPH_SCOPES = """
      Application.Read.All|c79f8feb-a9db-4090-85f9-90d820caa0eb|Read applications|Admin
      Application.ReadWrite.All|bdfbf15f-ee85-4955-8675-146e8e5296b5|Read and write all applications|Admin
      AppRoleAssignment.ReadWrite.All|84bccea3-f856-4a8a-967b-dbe0a3d53a64|Manage app permission grants and app role assignments|Admin
      AuditLog.Read.All|e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20|Read audit log data|Admin
      DelegatedPermissionGrant.Read.All|a197cdc4-a8e8-4d49-9d35-4ca7c83887b4|Read delegated permission grants|Admin
      DelegatedPermissionGrant.ReadWrite.All|41ce6ca6-6826-4807-84f1-1c82854f7ee5|Manage all delegated permission grants|Admin
      Directory.AccessAsUser.All|0e263e50-5827-48a4-b97c-d940288653c7|Access directory as the signed in user|Admin
      Directory.Read.All|06da0dbc-49e2-44d2-8312-53f166ab848a|Read directory data|Admin
      Directory.ReadWrite.All|c5366453-9fb0-48a5-a156-24f0c49a4b84|Read and write directory data|Admin
      Domain.ReadWrite.All|0b5d694c-a244-4bde-86e6-eb5cd07730fe|Read and write domains|Admin
      email|64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0|View users' email address|User
      Group.Read.All|5f8c59db-677d-491f-a6b8-5f174b11ec1d|Read all groups|Admin
      Group.ReadWrite.All|4e46008b-f24c-477d-8fff-7bb4ec7aafe0|Read and write all groups|Admin
      GroupMember.ReadWrite.All|f81125ac-d3b7-4573-a3b2-7099cc39df9e|Read and write group memberships|Admin
      offline_access|7427e0e9-2fba-42fe-b0c0-848c9e6a8182|Maintain access to data you have given it access to|User
      openid|37f7f235-527c-4136-accd-4a02d197296e|Sign users in|User
      Organization.Read.All|4908d5b9-3fb2-4b1e-9336-1888b7937185|Read organization information|Admin
      Organization.ReadWrite.All|46ca0847-7e6b-426e-9775-ea810a948356|Read and write organization information|Admin
      Policy.Read.All|572fea84-0151-49b2-9301-11cb16974376|Read your organization's policies|Admin
      Policy.ReadWrite.ApplicationConfiguration|b27add92-efb2-4f16-84f5-8108ba77985c|Read and write your organization's application configuration policies|Admin
      Policy.ReadWrite.AuthenticationMethod|7e823077-d88e-468f-a337-e18f1f0e6c7c|Read and write authentication method policies|Admin
      Policy.ReadWrite.Authorization|edd3c878-b384-41fd-95ad-e7407dd775be|Read and write your organization's authorization policy|Admin
      Policy.ReadWrite.ConditionalAccess|ad902697-1014-4ef5-81ef-2b4301988e8c|Read and write your organization's conditional access policies|Admin
      Policy.ReadWrite.PermissionGrant|2672f8bb-fd5e-42e0-85e1-ec764dd2614e|Manage consent and permission grant policies|Admin
      PrivilegedAccess.ReadWrite.AzureADGroup|32531c59-1f32-461f-b8df-6f8a3b89f73b|Read and write privileged access to Azure AD groups|Admin
      PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup|06dbc45d-6708-4ef0-a797-f797ee68bf4b|Read, create, and delete assignment schedules for access to Azure AD groups|Admin
      profile|14dad69e-099b-42c9-810b-d002981feec1|View users' basic profile|User
      RoleAssignmentSchedule.ReadWrite.Directory|8c026be3-8e26-4774-9372-8d5d6f21daff|Read, update, and delete all active role assignments for your company's directory|Admin
      RoleEligibilitySchedule.ReadWrite.Directory|62ade113-f8e0-4bf9-a6ba-5acb31db32fd|Read, update, and delete all eligible role assignments for your company's directory|Admin
      RoleManagement.Read.All|48fec646-b2ba-4019-8681-8eb31435aded|Read role management data for all RBAC providers|Admin
      RoleManagement.Read.Directory|741c54c3-0c1e-44a1-818b-3f97ab4e8c83|Read directory RBAC settings|Admin
      RoleManagement.ReadWrite.Directory|d01b97e9-cbc0-49fe-810a-750afd5527a3|Read and write directory RBAC settings|Admin
      User.DeleteRestore.All|4bb440cd-2cf2-4f90-8004-aa2acd2537c5|Delete and restore users|Admin
      User.EnableDisableAccount.All|f92e74e7-2563-467f-9dd0-902688cb5863|Enable and disable user accounts|Admin
      User.Read|e1fe6dd8-ba31-4d61-89e7-88639da4683d|Sign in and read user profile|User
      User.Read.All|a154be20-db9c-4678-8ab7-66f6cc099a59|Read all users' full profiles|Admin
      User.ReadBasic.All|b340eb25-3456-403f-be2f-af7a0d370277|Read all users' basic profiles|User
      User.ReadWrite.All|204e0828-b5ca-4ad8-b9f3-f32a958e7cc4|Read and write all users' full profiles|Admin
      UserAuthenticationMethod.ReadWrite.All|b7887744-6746-4312-813d-72daeaee7e2d|Read and write all users' authentication methods.|Admin
      """;

  private record App(String appId, String displayName, List<String> servicePrincipalNames, String appRoles,
      String scopes) {}

  private static final Map<String, App> APPS = Map.of(
      MICROSOFT_GRAPH, new App(MICROSOFT_GRAPH, "Microsoft Graph", List.of("https://graph.microsoft.com",
          "https://graph.microsoft.com/", "https://canary.graph.microsoft.com", "https://graph.microsoft.us",
          "https://dod-graph.microsoft.us", "https://ags.windows.net", MICROSOFT_GRAPH), GRAPH_APP_ROLES, GRAPH_SCOPES),
      AZURE_AD_GRAPH, new App(AZURE_AD_GRAPH, "Windows Azure Active Directory", List.of("https://graph.windows.net",
          "https://graph.microsoftazure.us", AZURE_AD_GRAPH),
          "Directory.Read.All|5778995a-e1bf-45b8-affa-663a9f3f4d04|Read directory data\n",
          "User.Read|311a71cc-e848-46a1-bdf8-97ff7156d8e6|Sign in and read user profile|User\n"),
      MICROSOFT_PARTNER, new App(MICROSOFT_PARTNER, "Microsoft Partner", List.of("https://api.partner.microsoft.com",
          "https://api.partner.microsoft-int.com", "https://developer.microsoft.com", "https://dev.microsoft.com",
          "https://devcenter.microsoft.com/", "https://developers.windows.com/", "https://developer.windows.com/",
          "https://dev.windows.com/", MICROSOFT_PARTNER), "",
          "user_impersonation|eabf9ef3-1f9e-f3da-19a1-bcd60d080567|Partner Center|Admin\n"),
      PARTNER_CENTER, new App(PARTNER_CENTER, "Microsoft Partner Center", List.of(
          "https://api.partnercenter.microsoft.com", "https://reseller.microsoft.com",
          "https://partnercenterapi.store.microsoft.com", "https://partnerapi.store.microsoft.com",
          "https://accountmgmtservice.dce.mp.microsoft.com", PARTNER_CENTER), "",
          "user_impersonation|1cebfa2a-fb4d-419e-b5f9-839b4383e05a|Access Partner Center|Admin\n"));

  static boolean isKnown(String appId) {
    return appId != null && APPS.containsKey(appId.toLowerCase());
  }

  /** The stored form (see {@link Entities}) of a new service principal for a first-party app, or empty. */
  static Optional<ObjectNode> servicePrincipal(String appId) {
    var app = appId == null ? null : APPS.get(appId.toLowerCase());
    if (app == null) {
      return Optional.empty();
    }
    var f = JsonNodeFactory.instance;
    var sp = f.objectNode();
    sp.put("accountEnabled", true);
    sp.put("appDisplayName", app.displayName);
    sp.put("appId", app.appId);
    sp.put("appOwnerOrganizationId", MICROSOFT_SERVICES_TENANT);
    sp.put("displayName", app.displayName);
    sp.put("servicePrincipalType", "Application");
    sp.put("signInAudience", "AzureADMultipleOrgs");
    var names = sp.putArray("servicePrincipalNames");
    app.servicePrincipalNames.forEach(names::add);
    var roles = sp.putArray("appRoles");
    app.appRoles.lines().filter(l -> !l.isBlank()).forEach(line -> {
      String[] p = line.split("\\|");
      var role = roles.addObject();
      role.putArray("allowedMemberTypes").add("Application");
      role.put("description", "Allows the app to " + lower(p[2]) + " without a signed-in user.");
      role.put("displayName", p[2]);
      role.put("id", p[1]);
      role.put("isEnabled", true);
      role.putNull("origin");
      role.put("value", p[0]);
    });
    var scopes = sp.putArray("oauth2PermissionScopes");
    app.scopes.lines().filter(l -> !l.isBlank()).forEach(line -> {
      String[] p = line.split("\\|");
      var scope = scopes.addObject();
      scope.put("adminConsentDescription", "Allows the app to " + lower(p[2]) + " on behalf of the signed-in user.");
      scope.put("adminConsentDisplayName", p[2]);
      scope.put("id", p[1]);
      scope.put("isEnabled", true);
      scope.put("type", p[3]);
      scope.put("userConsentDescription", "Allows the app to " + lower(p[2]) + " on your behalf.");
      scope.put("userConsentDisplayName", p[2]);
      scope.put("value", p[0]);
    });
    return Optional.of(sp);
  }

  private static String lower(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
