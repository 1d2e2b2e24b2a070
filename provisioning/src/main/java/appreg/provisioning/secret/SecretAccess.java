package appreg.provisioning.secret;

/**
 * The doors through which code outside this package may read a {@link Sensitive}: the Graph connection, to put a
 * caller's access token into an {@code Authorization} header, and the gateway, to send an addKey proof of possession.
 * Nothing else should call them.
 */
public final class SecretAccess {
  private SecretAccess() {}

  public static String forAuthorizationHeader(Sensitive token) {
    return token.reveal();
  }

  /** The second door: the gateway, to put a proof of possession into the body of Graph's {@code addKey}. */
  public static String forProofOfPossession(Sensitive proof) {
    return proof.reveal();
  }
}
