package appreg.provisioning.desired;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Orders candidate names by edit distance to what was written, for "did you mean" lists. */
public final class Nearest {
  private Nearest() {}

  public static List<String> first(String wanted, List<String> offered, int limit) {
    String w = wanted.toLowerCase(Locale.ROOT);
    return offered.stream().distinct()
        .sorted(Comparator.<String>comparingInt(o -> distance(w, o.toLowerCase(Locale.ROOT))).thenComparing(o -> o))
        .limit(limit).toList();
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
