package appreg.provisioning;

/** The command line asks for something that cannot work (exit 64), detected before any tenant write. */
public final class UsageException extends AppregException {
  public UsageException(String message) {
    super(message);
  }
}
