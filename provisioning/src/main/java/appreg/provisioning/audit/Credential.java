package appreg.provisioning.audit;

import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client secret or a certificate seen the same way by the credential rules: metadata only (the key id, display name,
 * the secret's three-character hint, the dates). {@code endDateTime} null means it never expires.
 */
public record Credential(Kind kind, String keyId, String displayName, String hint, Instant startDateTime, Instant endDateTime) {
  public enum Kind {
    SECRET("secret"), CERTIFICATE("certificate");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public static List<Credential> of(Registration r) {
    List<Credential> out = new ArrayList<>();
    for (PasswordCredential p : r.passwordCredentials()) {
      out.add(new Credential(Kind.SECRET, p.keyId(), p.displayName(), p.hint(), p.startDateTime(), p.endDateTime()));
    }
    for (KeyCredential k : r.keyCredentials()) {
      out.add(new Credential(Kind.CERTIFICATE, k.keyId(), k.displayName(), null, k.startDateTime(), k.endDateTime()));
    }
    return out;
  }

  public boolean expiredAt(Instant now) {
    return endDateTime != null && !endDateTime.isAfter(now);
  }

  /** Usable now: started (or no start recorded) and not expired. */
  public boolean validAt(Instant now) {
    return !expiredAt(now) && (startDateTime == null || !startDateTime.isAfter(now));
  }

  /** From start to end; null when either date is missing. */
  public Duration lifetime() {
    return startDateTime == null || endDateTime == null ? null : Duration.between(startDateTime, endDateTime);
  }

  /** "secret 'appreg' (keyId 0f3…, hint abc)" — how evidence names a credential without its secret. */
  public String describe() {
    String name = displayName == null || displayName.isBlank() ? "" : " '" + displayName + "'";
    return kind.id() + name + " (keyId " + keyId + (hint == null || hint.isBlank() ? "" : ", hint " + hint) + ")";
  }

  /** The credential's part of a finding's structured evidence. */
  public Map<String, String> details() {
    return Rule.details("credentialType", kind.id(), "keyId", keyId, "displayName", displayName, "hint", hint,
        "startDateTime", date(startDateTime), "endDateTime", endDateTime == null ? "never" : date(endDateTime));
  }

  public static String date(Instant i) {
    return i == null ? null : DateTimeFormatter.ISO_INSTANT.format(i);
  }

  public static String day(Instant i) {
    return i == null ? "never" : DateTimeFormatter.ISO_LOCAL_DATE.format(i.atOffset(ZoneOffset.UTC));
  }
}
