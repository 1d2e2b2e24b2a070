package appreg.provisioning.manifest;

import appreg.provisioning.tenant.AppId;
import java.util.List;

public record ApplicationSpec(String key, String displayName, String signInAudience, AppId appId,
    List<String> webRedirectUris, List<String> spaRedirectUris, List<String> publicClientRedirectUris,
    List<PermissionSpec> permissions, boolean adminConsent, SecretSpec secret,
    List<DirectoryRoleSpec> directoryRoles, Where where) {
  public ApplicationSpec {
    webRedirectUris = List.copyOf(webRedirectUris);
    spaRedirectUris = List.copyOf(spaRedirectUris);
    publicClientRedirectUris = List.copyOf(publicClientRedirectUris);
    permissions = List.copyOf(permissions);
    directoryRoles = List.copyOf(directoryRoles);
    signInAudience = signInAudience == null ? "AzureADMyOrg" : signInAudience;
  }
}
