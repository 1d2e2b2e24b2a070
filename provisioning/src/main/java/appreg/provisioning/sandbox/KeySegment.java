package appreg.provisioning.sandbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A path segment: {@code name}, {@code name(key='value')} or {@code name('value')}. */
record KeySegment(String name, String key, String value) {
  private static final Pattern KEY_SEGMENT = Pattern.compile("^([A-Za-z0-9]+)\\((?:([A-Za-z]+)=)?'(.*)'\\)$",
      Pattern.DOTALL);

  static KeySegment parse(String segment) {
    Matcher m = KEY_SEGMENT.matcher(segment);
    if (!m.matches()) {
      return new KeySegment(segment, null, null);
    }
    String key = m.group(2) == null ? "id" : m.group(2);
    return new KeySegment(m.group(1), key, m.group(3).replace("''", "'"));
  }
}
