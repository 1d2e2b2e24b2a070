package appreg.cli.render;

/**
 * Text that anyone in a tenant can write (display names, descriptions, tags, redirect URIs, Graph's error messages that
 * quote them) made safe to print on a terminal. A display name such as {@code "\u001b]0;pwned\u0007"} would otherwise
 * retitle the window, {@code "\u001b[2J"} clear the screen, a carriage return overwrite the line before it with a
 * forged one, and a right-to-left override (U+202E) show {@code exe.txt} as {@code txt.exe}.
 *
 * <p>Every character a terminal would act on rather than show is replaced by a visible escape: {@code \n}, {@code \r},
 * {@code \t}, {@code \x1b} for the other C0 controls, DEL and the C1 controls (U+0080 to U+009F, which some terminals
 * read as ESC sequences), and {@code \u202e} for the bidirectional controls (U+061C, U+200E, U+200F, U+202A to
 * U+202E, U+2066 to U+2069), the line and paragraph separators (U+2028, U+2029) and unpaired surrogates. Everything
 * else, accents and scripts included, is printed as it is. A backslash is left alone, so ordinary text never changes.
 *
 * <p>Call it once at each place tenant text is printed as text; JSON and SARIF are covered by {@link Json}'s encoding.
 */
public final class Untrusted {
  private Untrusted() {}

  /** {@code s} with every control character shown escaped; {@code null} stays {@code null}. */
  public static String text(String s) {
    if (s == null) return null;
    int i = 0;
    while (i < s.length() && !unsafe(s, i)) i++;
    if (i == s.length()) return s;
    StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!unsafe(s, i)) {
        b.append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x100) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  /** True for a character that a terminal acts on instead of showing. */
  public static boolean control(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)
        || c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
        || c == 0x2028 || c == 0x2029;
  }

  private static boolean unsafe(String s, int i) {
    char c = s.charAt(i);
    if (control(c)) return true;
    if (Character.isHighSurrogate(c)) return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    if (Character.isLowSurrogate(c)) return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    return false;
  }
}
