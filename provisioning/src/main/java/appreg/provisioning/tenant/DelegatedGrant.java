package appreg.provisioning.tenant;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An {@code oauth2PermissionGrant}: delegated consent of {@code clientId} (a service principal) to {@code resourceId}
 * (the API's service principal), for all users ({@code AllPrincipals}) or for one ({@code Principal} + principalId).
 */
public record DelegatedGrant(String id, ObjectId clientId, ObjectId resourceId, String consentType, ObjectId principalId, Set<String> scopes) {
  public static final String ALL_PRINCIPALS = "AllPrincipals";

  public DelegatedGrant {
    scopes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
  }

  public boolean forAllPrincipals() {
    return ALL_PRINCIPALS.equalsIgnoreCase(consentType);
  }

  /** Graph keeps scopes as one space-separated string. */
  public static Set<String> parseScopes(String scope) {
    Set<String> out = new LinkedHashSet<>();
    if (scope != null) for (String s : scope.trim().split("\\s+")) if (!s.isEmpty()) out.add(s);
    return out;
  }
}
