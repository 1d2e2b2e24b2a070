package appreg.provisioning.tenant;

import java.time.Instant;

/** A certificate credential's metadata ({@code type} AsymmetricX509Cert, {@code usage} Verify or Sign); never the key. */
public record KeyCredential(String keyId, String displayName, String type, String usage, Instant startDateTime, Instant endDateTime) {
  public KeyCredential {
    if (keyId == null || keyId.isBlank()) throw new IllegalArgumentException("empty keyId");
  }

  public boolean expiredAt(Instant now) {
    return endDateTime != null && !endDateTime.isAfter(now);
  }
}
