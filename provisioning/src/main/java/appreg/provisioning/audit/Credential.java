package appreg.provisioning.audit;

import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.PasswordCredential;
import appreg.provisioning.tenant.Registration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
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

  /**
   * As {@code DateTimeFormatter.ISO_INSTANT} writes it ({@code 2025-06-01T12:00:00Z}, the fraction in groups of three
   * digits when there is one); written digit by digit for the years 1 to 9999, else by the formatter. Evidence of
   * the credential rules names two dates per credential, and the formatter was a good part of judging them.
   */
  public static String date(Instant i) {
    if (i == null) return null;
    if (i.getEpochSecond() < YEAR_1 || i.getEpochSecond() > YEAR_9999_END) return DateTimeFormatter.ISO_INSTANT.format(i);
    LocalDateTime t = LocalDateTime.ofEpochSecond(i.getEpochSecond(), 0, ZoneOffset.UTC);
    int nano = i.getNano();
    char[] c = new char[nano == 0 ? 20 : nano % 1_000_000 == 0 ? 24 : nano % 1_000 == 0 ? 27 : 30];
    ymd(c, t.getYear(), t.getMonthValue(), t.getDayOfMonth());
    c[10] = 'T';
    two(c, 11, t.getHour());
    c[13] = ':';
    two(c, 14, t.getMinute());
    c[16] = ':';
    two(c, 17, t.getSecond());
    if (nano != 0) {
      c[19] = '.';
      int digits = c.length - 21;
      int n = nano / (digits == 3 ? 1_000_000 : digits == 6 ? 1_000 : 1);
      for (int d = digits - 1; d >= 0; d--, n /= 10) c[20 + d] = (char) ('0' + n % 10);
    }
    c[c.length - 1] = 'Z';
    return new String(c);
  }

  /** As {@code DateTimeFormatter.ISO_LOCAL_DATE} writes the UTC day ({@code 2025-06-01}); "never" for null. */
  public static String day(Instant i) {
    if (i == null) return "never";
    if (i.getEpochSecond() < YEAR_1 || i.getEpochSecond() > YEAR_9999_END) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(i.atOffset(ZoneOffset.UTC));
    }
    LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(i.getEpochSecond(), 86_400L));
    char[] c = new char[10];
    ymd(c, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    return new String(c);
  }

  /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written as four digits. */
  private static final long YEAR_1 = -62_135_596_800L;
  private static final long YEAR_9999_END = 253_402_300_799L;

  private static void ymd(char[] c, int year, int month, int day) {
    c[0] = (char) ('0' + year / 1000);
    c[1] = (char) ('0' + year / 100 % 10);
    c[2] = (char) ('0' + year / 10 % 10);
    c[3] = (char) ('0' + year % 10);
    c[4] = '-';
    two(c, 5, month);
    c[7] = '-';
    two(c, 8, day);
  }

  private static void two(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 10);
    c[at + 1] = (char) ('0' + v % 10);
  }
}
