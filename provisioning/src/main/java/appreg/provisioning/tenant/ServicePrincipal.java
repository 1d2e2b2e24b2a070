package appreg.provisioning.tenant;

import java.util.List;

/** A service principal (enterprise application): the local instance of an application, and what an API offers. */
public record ServicePrincipal(
    ObjectId id,
    AppId appId,
    String displayName,
    String appOwnerOrganizationId,
    String servicePrincipalType,
    boolean accountEnabled,
    List<PermissionScope> oauth2PermissionScopes,
    List<AppRole> appRoles,
    List<PasswordCredential> passwordCredentials,
    List<KeyCredential> keyCredentials,
    List<String> tags) {

  public ServicePrincipal {
    java.util.Objects.requireNonNull(id, "id");
    java.util.Objects.requireNonNull(appId, "appId");
    displayName = displayName == null ? "" : displayName;
    oauth2PermissionScopes = List.copyOf(oauth2PermissionScopes);
    appRoles = List.copyOf(appRoles);
    passwordCredentials = List.copyOf(passwordCredentials);
    keyCredentials = List.copyOf(keyCredentials);
    tags = List.copyOf(tags);
  }
}
