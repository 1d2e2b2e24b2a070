package appreg.provisioning.manifest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for an application key. The key becomes Graph's {@code uniqueName} and is addressed as
 * {@code /applications(uniqueName='key')}, so it stays within characters that need no quoting or escaping there.
 */
public final class Keys {
  private Keys() {}

  public static final int MAX_LENGTH = 120;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

  /** Why {@code key} cannot be an application key, or empty when it can. */
  public static Optional<String> problem(String key) {
    if (key == null || key.isEmpty()) return Optional.of("the key is empty");
    if (key.length() > MAX_LENGTH) {
      return Optional.of("key is " + key.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
    if (!ALLOWED.matcher(key).matches()) {
      int bad = key.codePoints().filter(c -> !(c < 128 && ALLOWED.matcher(Character.toString(c)).matches()))
          .findFirst().orElse('?');
      String shown = Character.isWhitespace(bad) ? "a space" : "'" + Character.toString(bad) + "'";
      return Optional.of("key '" + key + "' contains " + shown
          + "; a key may contain only letters, digits, '-', '_' and '.'");
    }
    return Optional.empty();
  }
}
