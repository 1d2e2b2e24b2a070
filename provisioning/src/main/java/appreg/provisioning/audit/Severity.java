package appreg.provisioning.audit;

import java.util.Locale;

/**
 * How urgent a finding is, lowest first so that {@code compareTo} orders by urgency. The lower-case name is the JSON
 * value and what {@code --fail-on} accepts.
 */
public enum Severity {
  INFO, LOW, MEDIUM, HIGH;

  /** The contract's spelling: {@code high}, {@code medium}, {@code low}, {@code info}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  public static Severity parse(String value) {
    for (Severity s : values()) if (s.id().equalsIgnoreCase(value == null ? "" : value.trim())) return s;
    throw new IllegalArgumentException("'" + value + "' is not a severity; use high, medium, low or info");
  }

  @Override
  public String toString() {
    return id();
  }
}
