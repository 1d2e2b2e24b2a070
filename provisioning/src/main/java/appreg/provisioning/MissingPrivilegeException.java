package appreg.provisioning;

import java.util.List;

/**
 * The caller lacks a Graph permission or a directory role that a step needs (exit 77). {@code needed} lists the
 * least-privileged permissions or roles that would let the step run.
 */
public final class MissingPrivilegeException extends AppregException {
  private final String step;
  private final List<String> needed;

  public MissingPrivilegeException(String step, List<String> needed, String detail) {
    super(step + ": " + detail + (needed.isEmpty() ? "" : "; needs " + String.join(" or ", needed)));
    this.step = step;
    this.needed = List.copyOf(needed);
  }

  public String step() { return step; }
  public List<String> needed() { return needed; }
}
