package appreg.provisioning.audit;

/**
 * A hash map from keys to values kept in one array, key beside value, found by probing: no object per entry. The
 * audit's indexes hold an entry per registration or service principal (50,000 and more in a large tenant) from the
 * moment it is read to the end; as {@code HashMap} nodes each entry was one more object for every young collection to
 * copy until it was promoted. Keys are compared with {@code equals}, and may be null (kept apart), as in a HashMap;
 * values may not be null; no removal. Not thread-safe.
 */
final class CompactMap<K, V> {
  private Object[] table = new Object[2 * 16];   // key, value, key, value, ...; at most half the slots used
  private int size;
  private V nullKey;

  @SuppressWarnings("unchecked")
  V get(Object key) {
    if (key == null) return nullKey;
    int slots = table.length / 2;
    for (int i = slot(key, slots); ; i = (i + 1) & (slots - 1)) {
      Object k = table[2 * i];
      if (k == null) return null;
      if (k.equals(key)) return (V) table[2 * i + 1];
    }
  }

  boolean containsKey(Object key) {
    return get(key) != null;
  }

  /** The value already kept for {@code key}, else null after keeping {@code value} for it. */
  V putIfAbsent(K key, V value) {
    V known = get(key);
    if (known != null) return known;
    put(key, value);
    return null;
  }

  /** Keeps {@code value} for {@code key}, in place of any value it had. */
  void put(K key, V value) {
    if (value == null) throw new NullPointerException("value");
    if (key == null) {
      if (nullKey == null) size++;
      nullKey = value;
      return;
    }
    if (2 * (size + 1) > table.length / 2) grow();
    if (insert(table, key, value)) size++;
  }

  int size() {
    return size;
  }

  /** True when the key was not there before. */
  private static boolean insert(Object[] table, Object key, Object value) {
    int slots = table.length / 2;
    for (int i = slot(key, slots); ; i = (i + 1) & (slots - 1)) {
      Object k = table[2 * i];
      if (k == null) {
        table[2 * i] = key;
        table[2 * i + 1] = value;
        return true;
      }
      if (k.equals(key)) {
        table[2 * i + 1] = value;
        return false;
      }
    }
  }

  private void grow() {
    Object[] bigger = new Object[table.length * 2];
    for (int i = 0; i < table.length; i += 2) {
      if (table[i] != null) insert(bigger, table[i], table[i + 1]);
    }
    table = bigger;
  }

  private static int slot(Object key, int slots) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ h >>> 16) & (slots - 1);
  }
}
