package appreg.cli.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON written straight as UTF-8 bytes, exactly as {@link Json#MAPPER}'s pretty generator writes it and its writer
 * encodes it: a string's escapes (JSON's own, with the standard ones in upper-case hex, and the terminal controls of
 * {@link Untrusted} in lower-case as {@link Json}'s escapes give them), its other characters in UTF-8 (an unpaired
 * surrogate as '?', as the encoder replaces it), and the pretty printer's indentation. For a report's findings, which
 * are many and all alike; {@code AuditJsonBytesTest} holds it to the generator's bytes.
 */
public final class JsonBytes {
  private static final byte[] UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = System.lineSeparator().getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private byte[] buf;
  private int length;

  public JsonBytes(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public byte[] bytes() {
    return buf;
  }

  public int length() {
    return length;
  }

  public void clear() {
    length = 0;
  }

  /** Characters that need no escape and encode as themselves (field names, punctuation). */
  public JsonBytes ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) buf[length++] = (byte) s.charAt(i);
    return this;
  }

  public JsonBytes put(char c) {
    ensure(1);
    buf[length++] = (byte) c;
    return this;
  }

  /** The pretty printer's line break and indentation for {@code nesting} levels. */
  public JsonBytes indent(int nesting) {
    ensure(NEWLINE.length + 2 * nesting);
    System.arraycopy(NEWLINE, 0, buf, length, NEWLINE.length);
    length += NEWLINE.length;
    Arrays.fill(buf, length, length + 2 * nesting, (byte) ' ');
    length += 2 * nesting;
    return this;
  }

  /** A field's name and the separator after it: {@code "name" : }. */
  public JsonBytes name(String name) {
    string(name);
    return ascii(" : ");
  }

  /** A string value, quoted and escaped, or {@code null}. */
  public JsonBytes string(String s) {
    if (s == null) return nullValue();
    int n = s.length();
    ensure(6 * n + 2);   // no character takes more than six bytes
    byte[] out = buf;
    int at = length;
    out[at++] = '"';
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || !PLAIN[c]) break;
      out[at++] = (byte) c;
    }
    length = at;
    if (i < n) escaped(s, i, n);
    buf[length++] = '"';
    return this;
  }

  /** Characters {@code i} to {@code n} of {@code s}, some needing more than a byte each. */
  private void escaped(String s, int i, int n) {
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        ascii(c);
      } else if (Untrusted.control(c)) {
        escape(c, LOWER);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        ensure(4);
        buf[length++] = (byte) (0xf0 | cp >> 18);
        buf[length++] = (byte) (0x80 | (cp >> 12 & 0x3f));
        buf[length++] = (byte) (0x80 | (cp >> 6 & 0x3f));
        buf[length++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        put('?');
      } else if (c < 0x800) {
        ensure(2);
        buf[length++] = (byte) (0xc0 | c >> 6);
        buf[length++] = (byte) (0x80 | (c & 0x3f));
      } else {
        ensure(3);
        buf[length++] = (byte) (0xe0 | c >> 12);
        buf[length++] = (byte) (0x80 | (c >> 6 & 0x3f));
        buf[length++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }

  /**
   * A string value given as {@code count} bytes of well-formed UTF-8 (as {@code String.getBytes(UTF_8)} gives them),
   * quoted and escaped as {@link #string(String)} would write the string; {@code null} for a count below 0.
   */
  public JsonBytes string(byte[] utf8, int at, int count) {
    if (count < 0) return nullValue();
    ensure(6 * count + 2);   // no byte takes more than six
    byte[] out = buf;
    int to = length;
    out[to++] = '"';
    int end = at + count;
    int i = at;
    for (; i < end; i++) {
      int c = utf8[i];
      if (c < 0 || !PLAIN[c]) break;
      out[to++] = (byte) c;
    }
    length = to;
    while (i < end) {
      int b = utf8[i] & 0xff;
      if (b < 0x80) {
        ascii((char) b);
        i++;
        continue;
      }
      int n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (n < 4) {
        char c = (char) (n == 2 ? (b & 0x1f) << 6 | (utf8[i + 1] & 0x3f)
            : (b & 0x0f) << 12 | (utf8[i + 1] & 0x3f) << 6 | (utf8[i + 2] & 0x3f));
        if (Untrusted.control(c)) {
          escape(c, LOWER);
          i += n;
          continue;
        }
      }
      ensure(n);
      System.arraycopy(utf8, i, buf, length, n);
      length += n;
      i += n;
    }
    put('"');
    return this;
  }

  public JsonBytes nullValue() {
    ensure(4);
    for (byte b : NULL) buf[length++] = b;
    return this;
  }

  /**
   * The characters below 0x80 written as they are: those the mapper's own escapes leave alone (all but the controls,
   * DEL, the quote and the backslash), read from {@link Json#MAPPER} so that the two cannot disagree.
   */
  private static final boolean[] PLAIN = new boolean[0x80];

  static {
    int[] escapes = Json.MAPPER.getFactory().getCharacterEscapes().getEscapeCodesForAscii();
    for (int c = 0; c < PLAIN.length; c++) PLAIN[c] = escapes[c] == 0;
  }

  private void ascii(char c) {
    switch (c) {
      case '"' -> two('\\', '"');
      case '\\' -> two('\\', '\\');
      case '\b' -> two('\\', 'b');
      case '\t' -> two('\\', 't');
      case '\n' -> two('\\', 'n');
      case '\f' -> two('\\', 'f');
      case '\r' -> two('\\', 'r');
      default -> {
        if (!PLAIN[c]) {
          escape(c, UPPER);
        } else {
          ensure(1);
          buf[length++] = (byte) c;
        }
      }
    }
  }

  private void two(char a, char b) {
    ensure(2);
    buf[length++] = (byte) a;
    buf[length++] = (byte) b;
  }

  private void escape(char c, byte[] hex) {
    ensure(6);
    buf[length++] = '\\';
    buf[length++] = 'u';
    buf[length++] = hex[c >> 12 & 0xf];
    buf[length++] = hex[c >> 8 & 0xf];
    buf[length++] = hex[c >> 4 & 0xf];
    buf[length++] = hex[c & 0xf];
  }

  private void ensure(int more) {
    if (length + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
  }
}
