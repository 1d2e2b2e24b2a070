package appreg.provisioning.graph;

import java.util.HashSet;
import java.util.Set;

/**
 * The ids a listing has handed over, to drop an item a later page repeats: a set of strings, as a
 * {@code HashSet<String>} would be, but an id of the form Graph gives every directory object, a GUID in lower-case hex
 * ({@code 5cc46e4b-7979-4515-abb2-599db7351298}), is kept as its 128 bits in two arrays of numbers: no object per id.
 * 50,000 registrations and their service principals otherwise kept about 100,000 map entries alive through the read,
 * each copied by every young collection until it was promoted. Any other id goes to a plain set, so equal strings and
 * only equal strings count as the same id.
 */
final class IdSet {
  private long[] keys = new long[2 * 64];   // high and low half of each GUID, side by side; (0, 0) is kept apart
  private int size;
  private boolean zero;
  private Set<String> others;

  /** Adds {@code id}; false when it was there already. */
  boolean add(String id) {
    if (id.length() != 36) return other(id);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return other(id);
        continue;
      }
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return other(id);
      if (i < 18) hi = hi << 4 | d;
      else lo = lo << 4 | d;
    }
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

  private boolean other(String id) {
    if (others == null) others = new HashSet<>();
    return others.add(id);
  }

  /** Puts the pair in {@code table} unless it is there; false when it was. */
  private static boolean insert(long[] table, long hi, long lo) {
    int slots = table.length / 2;
    int i = (int) (mix(hi ^ lo * 0x9E3779B97F4A7C15L) & (slots - 1));
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

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return x;
  }
}
