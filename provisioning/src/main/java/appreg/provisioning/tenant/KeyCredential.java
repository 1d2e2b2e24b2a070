package appreg.provisioning.tenant;

import java.time.Instant;

/**
 * A certificate credential's metadata ({@code type} AsymmetricX509Cert, {@code usage} Verify or Sign). {@code thumbprint}
 * is the SHA-1 thumbprint in upper-case hex when {@code customKeyIdentifier} holds one (Graph's default for
 * certificates), else null. {@code key} (the certificate, base64 DER) is null unless it was read on purpose: Graph
 * returns it only for one application read with {@code $select=keyCredentials} (keycredential.md).
 */
public record KeyCredential(String keyId, String displayName, String type, String usage, Instant startDateTime,
                            Instant endDateTime, String thumbprint, String key) {
  public KeyCredential {
    if (keyId == null || keyId.isBlank()) throw new IllegalArgumentException("empty keyId");
  }

  public KeyCredential(String keyId, String displayName, String type, String usage, Instant startDateTime, Instant endDateTime) {
    this(keyId, displayName, type, usage, startDateTime, endDateTime, null, null);
  }

  public static final String ASYMMETRIC_X509_CERT = "AsymmetricX509Cert";
  public static final String VERIFY = "Verify";

  public boolean expiredAt(Instant now) {
    return endDateTime != null && !endDateTime.isAfter(now);
  }

  /** The same credential without its certificate bytes: what records keep once a write no longer needs them. */
  public KeyCredential withoutKey() {
    return key == null ? this : new KeyCredential(keyId, displayName, type, usage, startDateTime, endDateTime, thumbprint, null);
  }

  /** The SHA-1 thumbprint (upper-case hex) of {@code customKeyIdentifier} bytes, or null when they are not one. */
  public static String thumbprintOf(byte[] customKeyIdentifier) {
    if (customKeyIdentifier == null || customKeyIdentifier.length != 20) return null;
    return java.util.HexFormat.of().withUpperCase().formatHex(customKeyIdentifier);
  }
}
