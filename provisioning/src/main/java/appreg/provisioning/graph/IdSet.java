package appreg.provisioning.graph;

import java.util.HashSet;
import java.util.Set;

/**
 * A set of ids (those a listing has handed over, to drop an item a later page repeats; the appIds registered in the
 * tenant), as a {@code HashSet<String>} would be, but an id of the form Graph gives every directory object, a GUID in
 * lower-case hex ({@code 5cc46e4b-7979-4515-abb2-599db7351298}), is kept as its 128 bits in an array of numbers: no
 * object per id. 50,000 registrations and their service principals otherwise kept well over 100,000 set entries alive
 * through the read, each copied by the young collections until it was promoted. Any other id goes to a plain set, so
 * equal strings and only equal strings count as the same id.
 */
final class IdSet {
  private long[] keys = new long[2 * 64];   // high and low half of each GUID, side by side; (0, 0) is kept apart
  private int size;
  private boolean zero;
  private Set<String> others;

  /** Adds {@code id}; false when it was there already. */
  boolean add(String id) {
    long[] guid = guid(id);
    if (guid == null) {
      if (others == null) others = new HashSet<>();
      return others.add(id);
    }
    long hi = guid[0];
    long lo = guid[1];
    if (hi == 0 && lo == 0) {
      boolean added = !zero;
      zero = true;
      return added;
    }
    if (2 * (size + 1) > keys.length / 2) grow();   // at most half full
    if (!insert(keys, hi, lo)) return false;
    size++;
    return true;
  }

  boolean contains(String id) {
    long[] guid = guid(id);
    if (guid == null) return others != null && others.contains(id);
    if (guid[0] == 0 && guid[1] == 0) return zero;
    int slots = keys.length / 2;
    for (int i = slot(guid[0], guid[1], slots); ; i = (i + 1) & (slots - 1)) {
      if (keys[2 * i] == 0 && keys[2 * i + 1] == 0) return false;
      if (keys[2 * i] == guid[0] && keys[2 * i + 1] == guid[1]) return true;
    }
  }

  /** The GUID's two halves, or null when {@code id} is not a GUID in lower-case hex. */
  private static long[] guid(String id) {
    if (id.length() != 36) return null;
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return null;
        continue;
      }
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return null;
      if (i < 18) hi = hi << 4 | d;
      else lo = lo << 4 | d;
    }
    return new long[] {hi, lo};
  }

  /** Puts the pair in {@code table} unless it is there; false when it was. */
  private static boolean insert(long[] table, long hi, long lo) {
    int slots = table.length / 2;
    int i = slot(hi, lo, slots);
    while (true) {
      long h = table[2 * i];
      long l = table[2 * i + 1];
      if (h == 0 && l == 0) {
        table[2 * i] = hi;
        table[2 * i + 1] = lo;
        return true;
      }
      if (h == hi && l == lo) return false;
      i = (i + 1) & (slots - 1);
    }
  }

  private void grow() {
    long[] bigger = new long[keys.length * 2];
    for (int i = 0; i < keys.length; i += 2) {
      if (keys[i] != 0 || keys[i + 1] != 0) insert(bigger, keys[i], keys[i + 1]);
    }
    keys = bigger;
  }

  private static int slot(long hi, long lo, int slots) {
    return (int) (mix(hi ^ lo * 0x9E3779B97F4A7C15L) & (slots - 1));
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return x;
  }
}
