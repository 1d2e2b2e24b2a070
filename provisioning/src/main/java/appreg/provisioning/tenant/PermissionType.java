package appreg.provisioning.tenant;

/** Graph's {@code resourceAccess.type}: a delegated scope or an application role. */
public enum PermissionType {
  SCOPE("Scope"),
  ROLE("Role");

  private final String graphName;

  PermissionType(String graphName) {
    this.graphName = graphName;
  }

  public String graphName() {
    return graphName;
  }

  public static PermissionType fromGraph(String name) {
    for (PermissionType t : values()) if (t.graphName.equalsIgnoreCase(name)) return t;
    throw new IllegalArgumentException("unknown resourceAccess type: " + name);
  }
}
