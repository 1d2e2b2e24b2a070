package appreg.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UntrustedTest {
  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "0x1b|\\x1b",      // ESC: starts CSI and OSC sequences
      "0x07|\\x07",      // BEL: ends an OSC title
      "0x0d|\\r",        // CR: overwrites the line
      "0x0a|\\n",        // LF: forges a new line
      "0x09|\\t",
      "0x00|\\x00",
      "0x08|\\x08",      // backspace
      "0x7f|\\x7f",      // DEL
      "0x85|\\x85",      // NEL, C1
      "0x9b|\\x9b",      // CSI, C1: ESC [ for 8-bit terminals
      "0x9d|\\x9d",      // OSC, C1
      "0x061c|\\u061c",  // Arabic letter mark
      "0x200e|\\u200e",  // left-to-right mark
      "0x200f|\\u200f",  // right-to-left mark
      "0x202a|\\u202a",  // LRE
      "0x202b|\\u202b",  // RLE
      "0x202c|\\u202c",  // PDF
      "0x202d|\\u202d",  // LRO
      "0x202e|\\u202e",  // RLO: txt.exe shown as exe.txt
      "0x2066|\\u2066",  // LRI
      "0x2067|\\u2067",  // RLI
      "0x2068|\\u2068",  // FSI
      "0x2069|\\u2069",  // PDI
      "0x2028|\\u2028",  // line separator
      "0x2029|\\u2029",  // paragraph separator
      "0xd800|\\ud800"}) // an unpaired surrogate
  void eachControlIsShownEscaped(String code, String shown) {
    char c = (char) Integer.decode(code).intValue();
    assertEquals("a" + shown + "b", Untrusted.text("a" + c + "b"));
  }

  @Test
  void ordinaryTextIsTheSameString() {
    String s = "Partner Center Referrals – Zürich 東京 😀 \\n C:\\temp \"quoted\" <tag>";
    assertSame(s, Untrusted.text(s));
    assertNull(Untrusted.text(null));
  }

  @Test
  void aWholeAttackBecomesOneVisibleLine() {
    assertEquals("x\\x1b]0;owned\\x07\\x1b[2J\\rForged\\ntxt\\u202eexe.",
        Untrusted.text("x\u001b]0;owned\u0007\u001b[2J\rForged\ntxt\u202eexe."));
  }
}
