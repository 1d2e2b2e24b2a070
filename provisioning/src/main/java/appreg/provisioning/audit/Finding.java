package appreg.provisioning.audit;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One problem found: which rule, how urgent, about what, and the evidence, once as a sentence for people and once as
 * named values for scripts (for example {@code permission}, {@code keyId}, {@code endDateTime}). Evidence never holds
 * secret text: credentials appear by key id, display name and hint only.
 */
public record Finding(String rule, Severity severity, String title, Subject subject, String evidence, Map<String, String> details) {
  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    title = title == null ? "" : title;
    evidence = evidence == null ? "" : evidence;
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** Most severe first, then by registration, then rule and evidence, so output is stable from run to run. */
  public static final Comparator<Finding> ORDER = Comparator
      .comparing(Finding::severity, Comparator.reverseOrder())
      .thenComparing(Finding::subject, Subject.ORDER)
      .thenComparing(Finding::rule)
      .thenComparing(Finding::evidence);
}
