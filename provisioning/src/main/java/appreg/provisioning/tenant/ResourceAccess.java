package appreg.provisioning.tenant;

/** One entry of {@code requiredResourceAccess[].resourceAccess}: a permission id and whether it is a scope or a role. */
public record ResourceAccess(String id, PermissionType type) {
  public ResourceAccess {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("empty permission id");
    id = id.toLowerCase(java.util.Locale.ROOT);
    java.util.Objects.requireNonNull(type, "type");
  }
}
