package appreg.provisioning.tenant;

/** A directory role assignment; {@code directoryScopeId} "/" is tenant-wide. */
public record RoleAssignment(String id, String roleDefinitionId, ObjectId principalId, String directoryScopeId) {}
