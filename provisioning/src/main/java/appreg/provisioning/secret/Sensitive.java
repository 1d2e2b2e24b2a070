package appreg.provisioning.secret;

import java.util.Objects;

/**
 * A value that must never be printed: a client secret or an access token. It prints as {@code (sensitive)},
 * Jackson refuses to serialise it (no getters, no public fields), and only code in this package can read it.
 */
public final class Sensitive {
  private final String value;

  public Sensitive(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  String reveal() {
    return value;
  }

  /** True when {@code text} contains this value; lets tests and guards check output without revealing it. */
  public boolean occursIn(CharSequence text) {
    return text != null && !value.isEmpty() && text.toString().contains(value);
  }

  @Override
  public String toString() {
    return "(sensitive)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sensitive s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
