package appreg.provisioning.audit;

import appreg.provisioning.tenant.Unread;
import java.util.List;
import java.util.Objects;

/**
 * A rule that did not run because a part of the tenant it needs could not be read; {@code because} says which parts
 * and Graph's answer for each. Absence of its findings then means "unknown", not "fine", and every output says so.
 */
public record NotEvaluated(String rule, String title, List<Unread> because) {
  public NotEvaluated {
    Objects.requireNonNull(rule, "rule");
    title = title == null ? "" : title;
    because = List.copyOf(because);
  }

  /** One sentence: "not evaluated: the owners of registrations could not be read (Graph 400 …)". */
  public String reason() {
    boolean inPart = !because.isEmpty() && because.stream().allMatch(u -> u.part().perRegistration());
    return (inPart ? "not evaluated for some registrations: " : "not evaluated: ") + String.join("; ", because.stream()
        .map(u -> u.part().description() + " could not be read (" + u.reason() + ")").toList());
  }
}
