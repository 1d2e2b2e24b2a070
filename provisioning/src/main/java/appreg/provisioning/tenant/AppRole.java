package appreg.provisioning.tenant;

import java.util.Set;

/** An app role an API offers ({@code appRoles[]}); application permissions are roles allowed for "Application". */
public record AppRole(String id, String value, Set<String> allowedMemberTypes, boolean enabled) {
  public AppRole {
    id = id.toLowerCase(java.util.Locale.ROOT);
    allowedMemberTypes = Set.copyOf(allowedMemberTypes);
  }

  public boolean forApplications() {
    return allowedMemberTypes.contains("Application");
  }
}
