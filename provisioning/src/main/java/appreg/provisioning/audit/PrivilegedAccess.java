package appreg.provisioning.audit;

import java.util.Map;
import java.util.Set;

/**
 * Which Microsoft Graph permissions and Entra roles hand an app the tenant. The permission tiers follow maester's
 * MT.1050/MT.1051 (themselves from emiliensocchi/azure-tiering): "direct" reaches Global Administrator (or locks the
 * tenant) in one call, "indirect" in one more step, for example AppRoleAssignment.ReadWrite.All can grant itself
 * RoleManagement.ReadWrite.Directory without consent. The roles are ScubaGear's "highly privileged roles" (aad.md,
 * MS.AAD.7.x), by template id (entra-docs permissions-reference.md), which is stable across tenants.
 */
public final class PrivilegedAccess {
  private PrivilegedAccess() {}

  public static final Set<String> DIRECT = Set.of(
      "RoleManagement.ReadWrite.Directory",
      "RoleAssignmentSchedule.ReadWrite.Directory",
      "PrivilegedAccess.ReadWrite.AzureADGroup",
      "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
      "UserAuthenticationMethod.ReadWrite.All",
      "Policy.ReadWrite.ConditionalAccess",
      "User.DeleteRestore.All",
      "User.EnableDisableAccount.All");

  public static final Set<String> INDIRECT = Set.of(
      "AppRoleAssignment.ReadWrite.All",
      "Application.ReadWrite.All",
      "Application.ReadWrite.OwnedBy",
      "DelegatedPermissionGrant.ReadWrite.All",
      "Directory.ReadWrite.All",
      "Group.ReadWrite.All",
      "GroupMember.ReadWrite.All",
      "Domain.ReadWrite.All",
      "Organization.ReadWrite.All",
      "Policy.ReadWrite.PermissionGrant",
      "Policy.ReadWrite.AuthenticationMethod",
      "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
      "RoleEligibilitySchedule.ReadWrite.Directory",
      "RoleManagementPolicy.ReadWrite.Directory",
      "User.ReadWrite.All");

  /** Delegated only: acts as the signed-in user with all of their directory rights. */
  public static final String DIRECTORY_AS_USER = "Directory.AccessAsUser.All";

  public static boolean isHighPrivilege(String permission) {
    return DIRECT.contains(permission) || INDIRECT.contains(permission) || DIRECTORY_AS_USER.equals(permission);
  }

  /** Highly privileged directory roles by template id. */
  public static final Map<String, String> ROLES = Map.of(
      "62e90394-69f5-4237-9190-012177145e10", "Global Administrator",
      "e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator",
      "fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator",
      "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator",
      "29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator",
      "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator",
      "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator",
      "158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator");
}
