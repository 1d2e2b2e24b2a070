package appreg.provisioning.audit.rules;

import java.util.List;
import java.util.Map;

/** Reads values out of a policy kept as Graph's JSON object (nested maps and lists). */
final class PolicyValues {
  private PolicyValues() {}

  static Object at(Map<String, Object> policy, String... path) {
    Object cur = policy;
    for (String p : path) {
      if (!(cur instanceof Map<?, ?> m)) return null;
      cur = m.get(p);
    }
    return cur;
  }

  static boolean isTrue(Object v) {
    return v instanceof Boolean b ? b : v instanceof String s && s.equalsIgnoreCase("true");
  }

  static List<?> list(Object v) {
    return v instanceof List<?> l ? l : List.of();
  }
}
