package appreg.provisioning.tenant;

/** An application's client id ({@code appId}), shared by the registration and its service principals. */
public record AppId(String value) {
  public AppId {
    if (value == null || value.isBlank()) throw new IllegalArgumentException("empty appId");
    value = value.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }
}
