package appreg.provisioning.secret;

/**
 * The one door through which code outside this package may read a {@link Sensitive}: the Graph connection, to put a
 * caller's access token into an {@code Authorization} header. Nothing else should call it.
 */
public final class SecretAccess {
  private SecretAccess() {}

  public static String forAuthorizationHeader(Sensitive token) {
    return token.reveal();
  }
}
