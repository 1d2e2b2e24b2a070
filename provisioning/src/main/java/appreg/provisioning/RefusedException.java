package appreg.provisioning;

/** appreg will not write because the tenant is in a state only a person should resolve (exit 1). Nothing was changed. */
public final class RefusedException extends AppregException {
  public RefusedException(String message) {
    super(message);
  }
}
