package appreg.provisioning;

/**
 * Base of the failures appreg reports. Each subtype is one row of the contract's exit-code table; the CLI maps
 * them in one place. Messages never contain a token or a secret.
 */
public abstract class AppregException extends RuntimeException {
  protected AppregException(String message) {
    super(message);
  }

  protected AppregException(String message, Throwable cause) {
    super(message, cause);
  }
}
