package appreg.provisioning.tenant;

import java.time.Instant;

/**
 * A client secret as Graph lists it after creation: metadata and the three-character hint, never the secret text.
 * {@code endDateTime} may be null (Graph allows it; treated as never expiring).
 */
public record PasswordCredential(String keyId, String displayName, String hint, Instant startDateTime, Instant endDateTime) {
  public PasswordCredential {
    if (keyId == null || keyId.isBlank()) throw new IllegalArgumentException("empty keyId");
  }

  public boolean expiredAt(Instant now) {
    return endDateTime != null && !endDateTime.isAfter(now);
  }
}
