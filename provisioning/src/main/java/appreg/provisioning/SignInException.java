package appreg.provisioning;

/**
 * appreg could not get a token for Graph (exit 1): no credential anywhere, a sign-in that was declined or timed out,
 * or a sign-in service that could not be reached. The message says what happened in one line and {@link #hint()} the
 * ways forward; the cause (often a long Azure Identity or MSAL text) is shown only with {@code -v}.
 */
public final class SignInException extends AppregException {
  private final String hint;

  public SignInException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint == null ? "" : hint;
  }

  /** What to do next, for a {@code hint:} line; empty when the message says it already. */
  public String hint() {
    return hint;
  }
}
