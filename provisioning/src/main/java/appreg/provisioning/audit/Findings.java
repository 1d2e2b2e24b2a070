package appreg.provisioning.audit;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An audit's findings in report order ({@link Finding#ORDER}), held encoded: a tenant of 50,000 registrations yields
 * about 180,000 findings, which as objects (a map of details, a string per value) would take several hundred bytes
 * each. Here each is its evidence and details as UTF-8 in 64 KB chunks, plus a few ints; rule ids, titles, detail
 * names and subjects are stored once. A finding is rebuilt when it is read ({@link #get}), so a renderer holds one
 * at a time. Read-only.
 */
public final class Findings extends AbstractList<Finding> implements RandomAccess {
  private final Store store;
  private final int[] order;
  private final Map<Severity, Integer> counts;

  private Findings(Store store, int[] order) {
    this.store = store;
    this.order = order;
    Map<Severity, Integer> c = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) c.put(s, 0);
    for (int i : order) c.merge(Severity.values()[store.severity[i]], 1, Integer::sum);
    this.counts = java.util.Collections.unmodifiableMap(c);
  }

  /** The findings given, sorted. */
  public static Findings of(List<Finding> findings) {
    if (findings instanceof Findings f) return f;
    Store s = new Store();
    findings.forEach(s::add);
    return s.sorted(Set.of());
  }

  @Override
  public Finding get(int index) {
    return store.decode(order[index]);
  }

  @Override
  public int size() {
    return order.length;
  }

  /** Reads findings one at a time without building them, for a report writer that writes them straight out. */
  public Cursor cursor() {
    return new Cursor();
  }

  /**
   * One finding at a time ({@link #at}), in report order, as stored: rule, severity, title and subject as objects,
   * evidence and detail values as UTF-8 in {@link #bytes} (from an offset, a length; -1 for a null value). Moving
   * builds nothing. A cursor is for one thread; several may read the same findings at once.
   */
  public final class Cursor {
    private int index = -1;
    private byte[] bytes;
    private String title;
    private int evidenceAt;
    private int evidenceLength;
    private int details;
    private String[] names = new String[8];
    private int[] valueAt = new int[8];
    private int[] valueLength = new int[8];

    private Cursor() {}

    /** Moves to the finding at {@code position} in report order. */
    public Cursor at(int position) {
      index = order[position];
      Reader r = store.reader(index);
      bytes = r.bytes;
      title = store.tokens.get(r.varint());
      int n = r.varint();
      evidenceAt = r.at;
      evidenceLength = n - 1;
      r.at += Math.max(0, n - 1);
      details = r.varint();
      if (details > names.length) {
        names = new String[details];
        valueAt = new int[details];
        valueLength = new int[details];
      }
      for (int d = 0; d < details; d++) {
        names[d] = store.tokens.get(r.varint());
        int v = r.varint();
        valueAt[d] = r.at;
        valueLength[d] = v - 1;
        r.at += Math.max(0, v - 1);
      }
      return this;
    }

    public String rule() {
      return store.tokens.get(store.rule[index]);
    }

    public Severity severity() {
      return Severity.values()[store.severity[index]];
    }

    /** As {@link Finding#title}: never null. */
    public String title() {
      return title == null ? "" : title;
    }

    public Subject subject() {
      return store.subjects.get(store.subject[index]);
    }

    /** The bytes the evidence and the detail values are in. */
    public byte[] bytes() {
      return bytes;
    }

    /** The evidence's UTF-8: from here, {@link #evidenceLength} bytes ({@link Finding#evidence} is never null). */
    public int evidenceAt() {
      return evidenceAt;
    }

    public int evidenceLength() {
      return Math.max(0, evidenceLength);
    }

    public int details() {
      return details;
    }

    public String name(int detail) {
      return names[detail];
    }

    public int valueAt(int detail) {
      return valueAt[detail];
    }

    /** The value's length in bytes, or -1 when it is null. */
    public int valueLength(int detail) {
      return valueLength[detail];
    }
  }

  /** Findings per severity, every severity present (zero when none). */
  public Map<Severity, Integer> counts() {
    return counts;
  }

  public boolean anyAtOrAbove(Severity threshold) {
    for (Severity s : Severity.values()) if (s.atLeast(threshold) && counts.get(s) > 0) return true;
    return false;
  }

  /**
   * Where findings go while an audit runs: appended in any order, sorted once at the end. One store is written by one
   * thread at a time; findings found on other threads go to a {@link #fork} each, {@link #append}ed here afterwards
   * in the order they are to count as found.
   */
  static final class Store {
    private static final int CHUNK = 1 << 16;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk;
    private int used = CHUNK;
    private int count;
    private int[] position = new int[1024];
    private int[] subject = new int[1024];
    private int[] rule = new int[1024];
    private byte[] severity = new byte[1024];
    private final Dictionary dictionary;
    private final List<String> tokens;
    private final List<Subject> subjects;
    private final Scratch scratch = new Scratch();

    Store() {
      this(new Dictionary());
    }

    private Store(Dictionary dictionary) {
      this.dictionary = dictionary;
      this.tokens = dictionary.tokens;
      this.subjects = dictionary.subjects;
    }

    /** An empty store sharing this one's rule ids, titles, detail names and subjects, to be {@link #append}ed to it. */
    Store fork() {
      return new Store(dictionary);
    }

    /** Adds every finding of {@code fork} (a {@link #fork} of this store, no longer written), after those already here. */
    void append(Store fork) {
      if (fork.dictionary != dictionary) throw new IllegalArgumentException("not a fork of this store");
      if (fork.count == 0) return;
      while (count + fork.count > position.length) grow();
      int base = chunks.size();
      chunks.addAll(fork.chunks);
      for (int i = 0; i < fork.count; i++) position[count + i] = fork.position[i] + (base << 16);
      System.arraycopy(fork.subject, 0, subject, count, fork.count);
      System.arraycopy(fork.rule, 0, rule, count, fork.count);
      System.arraycopy(fork.severity, 0, severity, count, fork.count);
      count += fork.count;
      chunk = null;   // what is added next goes to a chunk of its own, after the fork's
      used = CHUNK;
    }

    int size() {
      return count;
    }

    void add(Finding f) {
      if (count == position.length) grow();
      scratch.reset();
      scratch.varint(token(f.title()));
      scratch.string(f.evidence());
      scratch.varint(f.details().size());
      f.details().forEach((k, v) -> {
        scratch.varint(token(k));
        scratch.string(v);
      });
      position[count] = append(scratch.bytes, scratch.length);
      subject[count] = dictionary.subject(f.subject());
      rule[count] = token(f.rule());
      severity[count] = (byte) f.severity().ordinal();
      count++;
    }

    /** The findings of every rule but {@code dropped}, in report order. */
    Findings sorted(Set<String> dropped) {
      int[] subjectRank = subjectRanks();
      boolean[] isRule = new boolean[tokens.size()];
      for (int i = 0; i < count; i++) isRule[rule[i]] = true;
      List<Integer> ruleTokens = new ArrayList<>();
      boolean[] droppedRule = new boolean[tokens.size()];
      for (int t = 0; t < isRule.length; t++) {
        if (!isRule[t]) continue;
        ruleTokens.add(t);
        droppedRule[t] = dropped.contains(tokens.get(t));
      }
      ruleTokens.sort(Comparator.comparing(tokens::get));
      int[] ruleOrder = new int[tokens.size()];
      for (int r = 0; r < ruleTokens.size(); r++) ruleOrder[ruleTokens.get(r)] = r;
      int kept = 0;
      int[] order = new int[count];
      for (int i = 0; i < count; i++) if (!droppedRule[rule[i]]) order[kept++] = i;
      order = Arrays.copyOf(order, kept);
      sort(order, subjectRank, ruleOrder, ruleTokens.size());
      return new Findings(this, order);
    }

    /**
     * Sorts {@code order} (finding indexes, ascending) into report order: most severe first, then by subject rank,
     * rule rank and evidence, equal findings in the order they were found in. Each finding's severity, subject and
     * rule ranks and index are packed into one number, so one sort of numbers does most of it; only findings equal in
     * all three ranks (a few credentials of one registration, say) are then put in order of their evidence.
     */
    private void sort(int[] order, int[] subjectRank, int[] ruleOrder, int rules) {
      int maxSeverity = Severity.values().length - 1;
      int indexBits = bits(count);
      int ruleBits = bits(rules);
      int subjectBits = bits(subjects.size());
      int severityBits = bits(maxSeverity + 1);
      if (indexBits + ruleBits + subjectBits + severityBits > 63) {
        sortByComparing(order, subjectRank, ruleOrder);
        return;
      }
      long[] keys = new long[order.length];
      for (int k = 0; k < order.length; k++) {
        int i = order[k];
        long key = maxSeverity - severity[i];
        key = key << subjectBits | subjectRank[subject[i]];
        key = key << ruleBits | ruleOrder[rule[i]];
        keys[k] = key << indexBits | i;
      }
      Arrays.sort(keys);
      long indexMask = (1L << indexBits) - 1;
      for (int k = 0; k < keys.length; k++) order[k] = (int) (keys[k] & indexMask);
      for (int from = 0; from < keys.length; ) {
        int to = from + 1;
        while (to < keys.length && keys[to] >>> indexBits == keys[from] >>> indexBits) to++;
        if (to - from > 1) byEvidence(order, from, to);
        from = to;
      }
    }

    /** Findings {@code from} to {@code to} of {@code order}, equal but for their evidence, sorted by it (stably). */
    private void byEvidence(int[] order, int from, int to) {
      record Evidence(String text, int index) {}
      Evidence[] run = new Evidence[to - from];
      for (int k = from; k < to; k++) run[k - from] = new Evidence(evidence(order[k]), order[k]);
      Arrays.sort(run, Comparator.comparing(Evidence::text));   // stable: equal evidence keeps the order found
      for (int k = from; k < to; k++) order[k] = run[k - from].index();
    }

    /** The same order as {@link #sort}, comparing finding by finding: for more findings or subjects than it packs. */
    private void sortByComparing(int[] order, int[] subjectRank, int[] ruleOrder) {
      Integer[] sorted = new Integer[order.length];
      for (int k = 0; k < order.length; k++) sorted[k] = order[k];
      Arrays.sort(sorted, (a, b) -> {
        int c = Integer.compare(severity[b], severity[a]);
        if (c != 0) return c;
        c = Integer.compare(subjectRank[subject[a]], subjectRank[subject[b]]);
        if (c != 0) return c;
        c = Integer.compare(ruleOrder[rule[a]], ruleOrder[rule[b]]);
        if (c != 0) return c;
        return evidence(a).compareTo(evidence(b));   // equal findings keep the order they were found in
      });
      for (int k = 0; k < order.length; k++) order[k] = sorted[k];
    }

    /** Bits that hold every number below {@code n}. */
    private static int bits(int n) {
      return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(0, n - 1)));
    }

    /** Subjects ranked by {@link Subject#ORDER}, with each lower-case name computed once; equal subjects share a rank. */
    private int[] subjectRanks() {
      record Key(String lower, String appId, String objectId, int index) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
          int c = lower.compareTo(o.lower);
          if (c != 0) return c;
          c = appId.compareTo(o.appId);
          return c != 0 ? c : objectId.compareTo(o.objectId);
        }
      }
      int n = subjects.size();
      Key[] byOrder = new Key[n];
      for (int i = 0; i < n; i++) {
        Subject s = subjects.get(i);
        byOrder[i] = new Key(s.displayName().toLowerCase(Locale.ROOT), s.appId() == null ? "" : s.appId().value(),
            s.objectId() == null ? "" : s.objectId().value(), i);
      }
      Arrays.sort(byOrder);
      int[] rank = new int[n];
      for (int r = 0; r < n; r++) {
        rank[byOrder[r].index()] = r > 0 && byOrder[r - 1].compareTo(byOrder[r]) == 0 ? rank[byOrder[r - 1].index()] : r;
      }
      return rank;
    }

    private String evidence(int i) {
      Reader r = reader(i);
      r.varint();
      return r.string();
    }

    Finding decode(int i) {
      Reader r = reader(i);
      String title = tokens.get(r.varint());
      String evidence = r.string();
      int n = r.varint();
      Map<String, String> details = new LinkedHashMap<>();
      for (int d = 0; d < n; d++) details.put(tokens.get(r.varint()), r.string());
      return new Finding(tokens.get(rule[i]), Severity.values()[severity[i]], title, subjects.get(subject[i]), evidence, details);
    }

    private int token(String s) {
      return dictionary.token(s);
    }

    private void grow() {
      int n = position.length * 2;
      position = Arrays.copyOf(position, n);
      subject = Arrays.copyOf(subject, n);
      rule = Arrays.copyOf(rule, n);
      severity = Arrays.copyOf(severity, n);
    }

    /** Copies {@code length} bytes into the current chunk (a new one when they do not fit); returns chunk and offset. */
    private int append(byte[] bytes, int length) {
      if (used + length > CHUNK || chunk == null) {
        chunk = new byte[Math.max(CHUNK, length)];
        chunks.add(chunk);
        used = 0;
      }
      System.arraycopy(bytes, 0, chunk, used, length);
      int at = (chunks.size() - 1) << 16 | used;
      used += length;
      return at;
    }

    private Reader reader(int i) {
      return new Reader(chunks.get(position[i] >>> 16), position[i] & 0xffff);
    }
  }

  /**
   * Rule ids, titles, detail names and subjects, each stored once and named by its index, shared by a store and its
   * forks, which may add to it from several threads at once. Which index a value gets does not matter: the order of
   * findings is decided by the values.
   */
  private static final class Dictionary {
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> tokenIndex = new ConcurrentHashMap<>();
    private final List<Subject> subjects = new ArrayList<>();
    /**
     * Each subject's index, by probing: subjects are as many as registrations, so no object per entry (as a map's
     * entry and boxed index would be, for the young collections to copy). Under this dictionary's lock.
     */
    private Subject[] subjectKeys = new Subject[64];
    private int[] subjectIndexes = new int[64];

    int token(String s) {
      Integer i = tokenIndex.get(s);
      return i != null ? i : add(s, tokens, tokenIndex);
    }

    synchronized int subject(Subject s) {
      int mask = subjectKeys.length - 1;
      for (int i = spread(s.hashCode()) & mask; ; i = (i + 1) & mask) {
        Subject k = subjectKeys[i];
        if (k == null) {
          subjects.add(s);
          subjectKeys[i] = s;
          subjectIndexes[i] = subjects.size() - 1;
          if (2 * subjects.size() > subjectKeys.length) growSubjects();
          return subjects.size() - 1;
        }
        if (k.equals(s)) return subjectIndexes[i];
      }
    }

    private void growSubjects() {
      Subject[] keys = new Subject[subjectKeys.length * 2];
      int[] indexes = new int[keys.length];
      int mask = keys.length - 1;
      for (int j = 0; j < subjectKeys.length; j++) {
        if (subjectKeys[j] == null) continue;
        int i = spread(subjectKeys[j].hashCode()) & mask;
        while (keys[i] != null) i = (i + 1) & mask;
        keys[i] = subjectKeys[j];
        indexes[i] = subjectIndexes[j];
      }
      subjectKeys = keys;
      subjectIndexes = indexes;
    }

    private static int spread(int h) {
      h *= 0x9E3779B9;
      return h ^ h >>> 16;
    }

    private synchronized <T> int add(T value, List<T> values, Map<T, Integer> index) {
      Integer i = index.get(value);
      if (i != null) return i;
      values.add(value);
      index.put(value, values.size() - 1);
      return values.size() - 1;
    }
  }

  /** Unsigned varints and length-prefixed UTF-8 (length + 1, so 0 is null). */
  private static final class Scratch {
    byte[] bytes = new byte[512];
    int length;

    void reset() {
      length = 0;
    }

    void varint(int v) {
      while ((v & ~0x7f) != 0) {
        put((byte) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      put((byte) v);
    }

    void string(String s) {
      if (s == null) {
        varint(0);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length + 1);
      ensure(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
    }

    private void put(byte b) {
      ensure(1);
      bytes[length++] = b;
    }

    private void ensure(int more) {
      if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int at;

    Reader(byte[] bytes, int at) {
      this.bytes = bytes;
      this.at = at;
    }

    int varint() {
      int v = 0;
      int shift = 0;
      while (true) {
        byte b = bytes[at++];
        v |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) return v;
        shift += 7;
      }
    }

    String string() {
      int n = varint();
      if (n == 0) return null;
      String s = new String(bytes, at, n - 1, StandardCharsets.UTF_8);
      at += n - 1;
      return s;
    }
  }
}
