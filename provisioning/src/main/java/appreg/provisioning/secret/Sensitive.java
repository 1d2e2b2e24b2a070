package appreg.provisioning.secret;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;

/**
 * A value that must never be printed: a client secret or an access token. It prints as {@code (sensitive)},
 * Jackson refuses to serialise it (no getters, no public fields), and only code in this package can read it.
 */
public final class Sensitive {
  /** Every secret and token this process has held, so that text about to be printed can be scrubbed of them. */
  private static final Set<Sensitive> LIVE = Collections.synchronizedSet(new HashSet<>());

  private final String value;

  public Sensitive(String value) {
    this.value = Objects.requireNonNull(value, "value");
    if (value.length() >= 8) LIVE.add(this);
  }

  /**
   * The text with every secret or token this process holds replaced by {@code (sensitive)}. The last line of defence
   * for error messages and traces that quote Graph's answers: a service echoing a secret back must not make us print it.
   */
  public static String scrub(String text) {
    if (text == null || text.isEmpty()) return text;
    String out = text;
    synchronized (LIVE) {
      for (Sensitive s : LIVE) {
        if (out.contains(s.value)) out = out.replace(s.value, "(sensitive)");
      }
    }
    return out;
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
