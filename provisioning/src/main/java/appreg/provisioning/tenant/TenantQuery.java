package appreg.provisioning.tenant;

import java.util.List;

/**
 * What a plan needs to read, and nothing more: registrations by key (and by appId for adoption), registrations sharing
 * a display name, APIs by appId or display name, role definitions when roles are declared, role assignees (users by
 * UPN or id), and declared owners (users by UPN, users or service principals by object id).
 */
public record TenantQuery(List<String> keys, List<AppId> adoptAppIds, List<String> displayNames, List<AppId> apiAppIds,
                          List<String> apiDisplayNames, boolean roleDefinitions, List<String> users, List<String> owners) {
  public TenantQuery {
    owners = List.copyOf(owners);
    keys = List.copyOf(keys);
    adoptAppIds = List.copyOf(adoptAppIds);
    displayNames = List.copyOf(displayNames);
    apiAppIds = List.copyOf(apiAppIds);
    apiDisplayNames = List.copyOf(apiDisplayNames);
    users = List.copyOf(users);
  }
}
