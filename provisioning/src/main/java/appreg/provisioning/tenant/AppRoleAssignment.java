package appreg.provisioning.tenant;

/** An app role granted to a principal on a resource service principal: for a service principal, an application permission. */
public record AppRoleAssignment(String id, ObjectId principalId, String principalType, ObjectId resourceId, String appRoleId) {
  public AppRoleAssignment {
    appRoleId = appRoleId.toLowerCase(java.util.Locale.ROOT);
  }
}
