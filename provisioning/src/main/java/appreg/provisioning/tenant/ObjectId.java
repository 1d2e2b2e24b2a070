package appreg.provisioning.tenant;

/** The directory object id of an application, service principal, user or grant target. */
public record ObjectId(String value) {
  public ObjectId {
    if (value == null || value.isBlank()) throw new IllegalArgumentException("empty object id");
  }

  @Override
  public String toString() {
    return value;
  }
}
