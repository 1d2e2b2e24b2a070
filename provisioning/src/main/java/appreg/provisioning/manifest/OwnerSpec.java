package appreg.provisioning.manifest;

/**
 * An owner the registration must have: a user principal name, or the object id of a user or service principal
 * (resolved against the tenant by plan and apply). {@code where} locates it in the manifest for "no such user".
 */
public record OwnerSpec(String owner, Where where) {
  public OwnerSpec {
    if (owner == null || owner.isBlank()) throw new IllegalArgumentException("empty owner");
    where = where == null ? new Where(null, 0, 0) : where;
  }

  /** True for an object id (a GUID), false for a user principal name. */
  public boolean isObjectId() {
    return owner.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }
}
