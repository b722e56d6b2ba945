package io.github.sentrymcp.core.internal.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.result.RegionStyle;
import java.text.Normalizer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each escaping rule on its own, and exact round trips. {@code DefaultToolResultSanitizerTest} checks the same
 * properties on rendered results (regions, lines, tables).
 */
class RegionEscaperTest {

  private static String single(String raw) {
    return RegionEscaper.escape(raw, true, RegionStyle.TAGS);
  }

  private static String multi(String raw) {
    return RegionEscaper.escape(raw, false, RegionStyle.TAGS);
  }

  private static String cell(String raw) {
    StringBuilder sb = new StringBuilder();
    RegionEscaper.escapeInto(sb, raw, true, RegionStyle.TAGS, true);
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------------ delimiters

  @Test
  void delimiterCharactersBecomeReferences() {
    assertEquals("&lt;/data-x&gt; &amp;amp;", single("</data-x> &amp;"));
    assertEquals("&#xFF1C;&#xFE64;&#x226E;&#x2039;&#x203A;&#x2C2;&#x27E8;&#xFF06;",
        single("\uFF1C\uFE64\u226E\u2039\u203A\u02C2\u27E8\uFF06"));
  }

  @Test
  void moreAngleBracketLookalikesAndTheNoteBracketsBecomeReferences() {
    // CJK angle and double angle brackets, ornament brackets, curved angle brackets, much-less/greater-than, and the
    // compact style's note brackets: none can appear as itself in data
    String lookalikes = "\u3008\u3009\u300A\u300B\u276C\u276D\u2770\u2771\u29FC\u29FD\u226A\u226B\u27EA\u27EB";
    String escaped = single(lookalikes);
    assertEquals("&#x3008;&#x3009;&#x300A;&#x300B;&#x276C;&#x276D;&#x2770;&#x2771;&#x29FC;&#x29FD;&#x226A;&#x226B;"
        + "&#x27EA;&#x27EB;", escaped);
    assertEquals(lookalikes, RegionEscaper.unescape(escaped, RegionStyle.COMPACT));
  }

  @Test
  void encodedDelimitersLoseTheirEscapeCharacter() {
    assertEquals("&#x25;3C &#x25;3e &#x25;26 &#x25;25 %41 100%", single("%3C %3e %26 %25 %41 100%"));
    assertEquals("&#x5C;u003c &#x5C;U003E &#x5C;u0026 &#x5C;x3c &#x5C;X3E &#x5C;x26 \\n C:\\dir",
        single("\\u003c \\U003E \\u0026 \\x3c \\X3E \\x26 \\n C:\\dir"));
  }

  @Test
  void chatTokensWithoutAngleBracketsAreBroken() {
    assertEquals("&#x5B;INST] &#x5B;/inst] &#x5B;SYS] &#x5B;/Sys] [ok] [INSTALL]",
        single("[INST] [/inst] [SYS] [/Sys] [ok] [INSTALL]"));
  }

  // ------------------------------------------------------------------------------------------------ markdown

  @Test
  void markdownThatActsAtADistanceIsInert() {
    assertEquals("&#x21;[x]&#x28;https://e.example) [a] (b) ! [", single("![x](https://e.example) [a] (b) ! ["));
    assertEquals("&#x60;&#x60;&#x60;bash `` ~ &#x7E;&#x7E;&#x7E;&#x7E;", single("```bash `` ~ ~~~~"));
  }

  @Test
  void lineStartsCannotMakeHeadingsInMultiLineValues() {
    assertEquals("# first line follows the open tag\n&#x23; h\n   &#x23;# h2\n    # indented code\n",
        multi("# first line follows the open tag\n# h\n   ## h2\n    # indented code\n"));
    assertEquals("Title\n&#x3D;==\nOther\n&#x2D;-- \t\n- item\n=x", multi("Title\n===\nOther\n--- \t\n- item\n=x"));
  }

  @Test
  void singleLineValuesCannotBreakTheLine() {
    assertEquals("a&#xA;b&#xD;&#xA;c&#x85;d&#x2028;e&#x2029;f&#xB;g&#xC;h",
        single("a\nb\r\nc\u0085d\u2028e\u2029f\u000Bg\u000Ch"));
    assertEquals("a\nb&#xD;\nc&#xD;d", multi("a\nb\r\nc\rd"), "multi-line values keep LF, bare CR is shown");
  }

  @Test
  void bareCarriageReturnIsVisibleInMultiLineValues() {
    String c = multi("progress 10%\rprogress 100%\r\nnext");
    assertFalse(c.contains("\r"), c);
    assertTrue(c.contains("&#xD;"), c);
  }

  @Test
  void pipesAreEscapedOnlyInTableCells() {
    assertEquals("a &#x7C; b", cell("a | b"));
    // outside tables a pipe is ordinary text
    assertEquals("a | b", RegionEscaper.escape("a | b", true, RegionStyle.TAGS));
  }

  // ------------------------------------------------------------------------------------------------ invisibles

  @Test
  void invisibleAndControlCharactersAreMadeVisible() {
    String value = "a\u200Bb\u200Cc\u200Dd\u200Ee\u200Ff\u2060g\uFEFFh\u00ADi" // zero-width, BOM, soft hyphen
        + "\u202Aj\u202Bk\u202Cl\u202Dm\u202En\u2066o\u2067p\u2068q\u2069r\u061Cs" // bidi controls
        + new String(Character.toChars(0xE0001)) + new String(Character.toChars(0xE0041)) // Unicode tags
        + "t\uFE0Fu" + new String(Character.toChars(0xE0100)) + "v\u180Bw" // variation selectors
        + "\u001B[2J\u001B]8;;https://evil.example\u001B\\link\u001B]8;;\u001B\\\u001B]52;c;Y3VybA==\u0007" // ANSI/OSC
        + "\u009B31m\u0090x\u009C\u0000\u0008\u007F\u0085" // C1 CSI, DCS, ST, NUL, BS, DEL, NEL
        + "\u3164\u115F\u034F\uE000" + new String(Character.toChars(0x10FFFD)); // fillers, private use
    for (boolean singleLine : List.of(true, false)) {
      String c = RegionEscaper.escape(value, singleLine, RegionStyle.TAGS);
      c.codePoints().forEach(cp -> {
        int type = Character.getType(cp);
        assertTrue(cp == '\n' || (cp >= 0x20 && cp < 0x7f) || (type != Character.FORMAT && type != Character.CONTROL
            && type != Character.PRIVATE_USE && type != Character.UNASSIGNED && type != Character.NON_SPACING_MARK
            && type != Character.SURROGATE), () -> "raw U+" + Integer.toHexString(cp) + " in " + c);
      });
      assertEquals(value, RegionEscaper.unescape(c, RegionStyle.TAGS));
    }
  }

  @Test
  void loneSurrogatesBecomeReferencesAndPairsStay() {
    assertEquals("a&#xD800;b&#xDC00;c😀", single("a\uD800b\uDC00c\uD83D\uDE00"));
  }

  @Test
  void ordinaryTextStaysReadable() {
    List<String> benign = List.of("SELECT * FROM users WHERE id = 42 AND name LIKE 'a%'",
        "Map[String, List[Int]] foo(bar: Int): Unit = { x * 2 }", "错误：无法连接到数据库 (エラー 오류)",
        "خطأ في الاتصال بالخادم", "שגיאה בחיבור", "🔥 deploy failed 👍🏽 🚀", "C:\\Users\\app\\file.txt",
        "path/to/file.js:42:7", "100% done, 3/4 [ok] `code` ~home", "tab\tseparated\tvalues",
        "naïve café Ünïcödé", "ß → ſ ﬁ");
    for (String s : benign) {
      assertEquals(s, RegionEscaper.escape(s, true, RegionStyle.TAGS), s);
    }
    assertEquals("a &lt; b &amp;&amp; c &gt; d", RegionEscaper.escape("a < b && c > d", true, RegionStyle.TAGS));
  }

  // ------------------------------------------------------------------------------------------------ datamarking

  @Test
  void datamarkingMarksSpacesAndEscapesTheMarker() {
    String value = "run this ˆ now\n  # h";
    String marked = RegionEscaper.escape(value, false, RegionStyle.DATAMARKING);
    assertEquals("runˆthisˆ&#x2C6;ˆnow\nˆˆ&#x23;ˆh", marked);
    assertEquals(value, RegionEscaper.unescape(marked, RegionStyle.DATAMARKING));
    assertEquals("run this ˆ now", RegionEscaper.escape("run this ˆ now", true, RegionStyle.TAGS),
        "with tags the marker is an ordinary character");
  }

  // ------------------------------------------------------------------------------------------------ unescape

  @Test
  void unescapeCopiesWhatItDidNotWrite() {
    assertEquals("A<>&", RegionEscaper.unescape("&#x41;&lt;&gt;&amp;", RegionStyle.TAGS));
    String foreign = "&foo; &#xZZ; &#x110000; & &amp &#x; &#60; ˆ";
    assertEquals(foreign, RegionEscaper.unescape(foreign, RegionStyle.TAGS));
  }

  @ParameterizedTest
  @EnumSource(RegionStyle.class)
  void unescapingRestoresEveryStringExactly(RegionStyle style) {
    String alphabet = "aZ9 \t\n\r&<>;#%\\!][()`~=-_/\"'|*" + "\u00A0\u00AD\u0085\u2028\u200B\u202E\uFEFF\uFF1C\uFE64"
        + "\u226E\u02C6\u3164\uE000\uD83D\uDE00\uD800\uDC00\u0000\u001B\u009B错ع";
    String[] fragments = {"&amp;", "&lt;", "&#x41;", "&#xZZ;", "&#x110000;", "&", "%3C", "%25", "\\u003c", "\\x3E",
        "![", "](", "```", "~~~", "[INST]", "\n# ", "\n===\n", "\n---", "ˆ"};
    Random random = new Random(42);
    for (int n = 0; n < 5_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(40);
      for (int i = 0; i < len; i++) {
        if (random.nextInt(5) == 0) {
          sb.append(fragments[random.nextInt(fragments.length)]);
        } else {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String s = sb.toString();
      for (boolean singleLine : List.of(true, false)) {
        String escaped = RegionEscaper.escape(s, singleLine, style);
        assertEquals(s, RegionEscaper.unescape(escaped, style), () -> "round trip of " + dump(s));
        assertFalse(escaped.contains("<") || escaped.contains(">"), escaped);
        if (singleLine) {
          assertFalse(escaped.contains("\n"), escaped);
        }
      }
    }
  }

  private static String dump(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04X", c)));
    return sb.toString();
  }

  @Test
  void everyCompatibilityFormOfADelimiterCharacterIsEscaped() {
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      String s = new String(Character.toChars(cp));
      String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
      String nfkd = Normalizer.normalize(s, Normalizer.Form.NFKD);
      boolean dangerous = false;
      for (char d : "<>&%\\#`".toCharArray()) {
        dangerous |= nfkc.indexOf(d) >= 0 || nfkd.indexOf(d) >= 0;
      }
      if (dangerous) {
        assertTrue(RegionEscaper.needsReference(cp), "U+" + Integer.toHexString(cp));
      }
    }
  }
}
