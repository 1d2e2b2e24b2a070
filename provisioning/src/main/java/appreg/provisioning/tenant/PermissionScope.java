package appreg.provisioning.tenant;

/** A delegated permission an API offers ({@code oauth2PermissionScopes[]}); {@code value} is the claim name. */
public record PermissionScope(String id, String value, String type, boolean enabled) {
  public PermissionScope {
    id = id.toLowerCase(java.util.Locale.ROOT);
  }
}
