package appreg.provisioning.manifest;

/**
 * A directory role to assign tenant-wide. {@code role} is the role's display name (resolved against the tenant);
 * {@code assignee} is a user principal name or an object id, or null for the application's own service principal.
 */
public record DirectoryRoleSpec(String role, String assignee, Where where) {
  public DirectoryRoleSpec {
    if (role == null || role.isBlank()) throw new IllegalArgumentException("empty role");
    where = where == null ? new Where(null, 0, 0) : where;
  }
}
