package appreg.provisioning.manifest;

/**
 * A client secret to keep on the registration. It is issued through {@code addPassword} with an explicit
 * {@code endDateTime} (now + lifetimeDays), and a new one is issued when the newest expires within
 * {@code rotateWithinDays}.
 */
public record SecretSpec(String displayName, int lifetimeDays, int rotateWithinDays) {
  public static final String DEFAULT_DISPLAY_NAME = "appreg";
  public static final int DEFAULT_LIFETIME_DAYS = 180;
  public static final int DEFAULT_ROTATE_WITHIN_DAYS = 30;
  /** Two years: the longest lifetime the Entra portal offers, and Graph's default when no end date is sent. */
  public static final int MAX_LIFETIME_DAYS = 730;

  public SecretSpec {
    displayName = displayName == null || displayName.isBlank() ? DEFAULT_DISPLAY_NAME : displayName;
    if (lifetimeDays < 1 || lifetimeDays > MAX_LIFETIME_DAYS) {
      throw new IllegalArgumentException("lifetimeDays must be between 1 and " + MAX_LIFETIME_DAYS + ": " + lifetimeDays);
    }
    if (rotateWithinDays < 0 || rotateWithinDays >= lifetimeDays) {
      throw new IllegalArgumentException("rotateWithinDays must be at least 0 and below lifetimeDays: " + rotateWithinDays);
    }
  }

  public static SecretSpec defaults() {
    return new SecretSpec(DEFAULT_DISPLAY_NAME, DEFAULT_LIFETIME_DAYS, DEFAULT_ROTATE_WITHIN_DAYS);
  }
}
