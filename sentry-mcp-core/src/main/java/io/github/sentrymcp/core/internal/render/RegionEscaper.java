package io.github.sentrymcp.core.internal.render;

import io.github.sentrymcp.api.result.RegionStyle;
import java.util.Locale;

/**
 * Escapes untrusted text for the inside of a region, and undoes it. Every rule writes a character reference ({@code
 * &amp; &lt; &gt; &#xHEX;}), never drops or decodes anything, so {@link #unescape} restores the input exactly:
 *
 * <ul>
 *   <li>{@code & < >}, their compatibility forms and angle-bracket look-alikes ({@link #isDelimiterLookalike});
 *   <li>the {@code %} of {@code %3C %3E %26 %25}, the {@code \} of {@code \u003c}-style escapes, the {@code [} of
 *       {@code [INST] [/INST] [SYS] [/SYS]};
 *   <li>controls, format characters, variation selectors, invisible fillers, line and paragraph separators,
 *       private-use, unassigned and lone surrogate code points ({@link #needsReference});
 *   <li>line rules: in single-line values every line break; in multi-line values bare CR, and a {@code #} or setext
 *       underline at the start of a line (after up to three spaces);
 *   <li>in table cells {@code |};
 *   <li>markdown acting at a distance: runs of three or more backticks or tildes, the {@code !} of {@code ![} and the
 *       {@code (} of {@code ](};
 *   <li>with {@link RegionStyle#DATAMARKING}, every space becomes {@link RegionStyle#DATAMARK} and a literal
 *       {@code ˆ} is written as a reference.
 * </ul>
 *
 * <p>Neither caps nor credential redaction happen here: {@link ResultRenderer} redacts and cuts a value before
 * escaping it.
 */
public final class RegionEscaper {

  private RegionEscaper() {}

  /**
   * The escaped form of {@code raw} as it appears inside a region, without the cap and without credential redaction
   * (a region holds the escaped form of the redacted value). For tests and tools.
   */
  public static String escape(String raw, boolean singleLine, RegionStyle style) {
    StringBuilder sb = new StringBuilder(raw.length() + 16);
    escapeInto(sb, raw, singleLine, style, false);
    return sb.toString();
  }

  /**
   * Restores the text of a region's content exactly as it was before escaping: undoes datamarking (when {@code style}
   * is {@link RegionStyle#DATAMARKING}) and decodes the character references this class writes ({@code &amp; &lt;
   * &gt; &#xHEX;}). Anything else is copied as it is. For {@link #escape} output that is the original string; for a
   * rendered region it is Sentry's value with its credentials still replaced by {@code [REDACTED]} (they were removed
   * before escaping and cannot be restored), and cut where the region says {@code truncated}.
   */
  public static String unescape(String content, RegionStyle style) {
    StringBuilder sb = new StringBuilder(content.length());
    int n = content.length();
    for (int i = 0; i < n; i++) {
      char c = content.charAt(i);
      if (c == RegionStyle.DATAMARK && style == RegionStyle.DATAMARKING) {
        sb.append(' ');
      } else if (c == '&') {
        int semi = content.indexOf(';', i + 1);
        String ref = semi < 0 || semi - i > 10 ? "" : content.substring(i + 1, semi);
        if (ref.equals("amp")) {
          sb.append('&');
        } else if (ref.equals("lt")) {
          sb.append('<');
        } else if (ref.equals("gt")) {
          sb.append('>');
        } else if (ref.startsWith("#x") && ref.length() > 2) {
          try {
            int cp = Integer.parseInt(ref.substring(2), 16);
            if (cp > Character.MAX_CODE_POINT) {
              throw new NumberFormatException(ref);
            }
            sb.appendCodePoint(cp);
          } catch (NumberFormatException e) {
            sb.append(c);
            continue;
          }
        } else {
          sb.append(c);
          continue;
        }
        i = semi;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Appends the escaped form of {@code raw}; {@code inTableCell} also escapes {@code |}, the cell separator. */
  static void escapeInto(StringBuilder sb, String raw, boolean singleLine, RegionStyle style, boolean inTableCell) {
    boolean marking = style == RegionStyle.DATAMARKING;
    int n = raw.length();
    boolean lineStart = false; // the first line follows the open tag, so it never starts a markdown line
    int i = 0;
    while (i < n) {
      char c = raw.charAt(i);
      if (lineStart) {
        lineStart = false;
        int j = i;
        while (j < n && j - i < 3 && raw.charAt(j) == ' ') {
          j++;
        }
        if (j < n && (raw.charAt(j) == '#' || isSetextUnderline(raw, j))) {
          for (; i < j; i++) {
            sb.append(marking ? RegionStyle.DATAMARK : ' ');
          }
          ref(sb, raw.charAt(j));
          i = j + 1;
          continue;
        }
      }
      if (isPlainAscii(c) && !(marking && c == ' ')) {
        // the common case: copy a whole run of characters that never need escaping at once
        int j = i + 1;
        while (j < n && isPlainAscii(raw.charAt(j)) && !(marking && raw.charAt(j) == ' ')) {
          j++;
        }
        sb.append(raw, i, j);
        i = j;
        continue;
      }
      if (c >= 0x20 && c < 0x7f) { // only the printable ASCII characters with a rule of their own get here
        switch (c) {
          case '&' -> sb.append("&amp;");
          case '<' -> sb.append("&lt;");
          case '>' -> sb.append("&gt;");
          case ' ' -> sb.append(RegionStyle.DATAMARK); // plain spaces take the fast path above
          case '|' -> {
            if (inTableCell) {
              ref(sb, c);
            } else {
              sb.append(c);
            }
          }
          case '%' -> {
            if (isEncodedDelimiter(raw, i + 1)) {
              ref(sb, c);
            } else {
              sb.append(c);
            }
          }
          case '\\' -> {
            if (isBackslashDelimiter(raw, i + 1)) {
              ref(sb, c);
            } else {
              sb.append(c);
            }
          }
          case '!' -> {
            if (i + 1 < n && raw.charAt(i + 1) == '[') {
              ref(sb, c);
            } else {
              sb.append(c);
            }
          }
          case ']' -> {
            sb.append(c);
            if (i + 1 < n && raw.charAt(i + 1) == '(') {
              ref(sb, '(');
              i++;
            }
          }
          case '[' -> {
            if (isChatToken(raw, i)) {
              ref(sb, c);
            } else {
              sb.append(c);
            }
          }
          case '`', '~' -> {
            int j = i;
            while (j < n && raw.charAt(j) == c) {
              j++;
            }
            if (j - i >= 3) {
              for (; i < j; i++) {
                ref(sb, c);
              }
              continue;
            }
            sb.append(raw, i, j);
            i = j;
            continue;
          }
        }
        i++;
        continue;
      }
      if (c == '\t') {
        sb.append(c);
        i++;
        continue;
      }
      if (c == '\n' && !singleLine) {
        sb.append(c);
        lineStart = true;
        i++;
        continue;
      }
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      if (needsReference(cp) || (marking && cp == RegionStyle.DATAMARK)) {
        ref(sb, cp);
      } else {
        sb.appendCodePoint(cp);
      }
    }
  }

  /** Printable ASCII that no rule ever escapes (letters, digits, space and punctuation without a special role). */
  private static boolean isPlainAscii(char c) {
    return c >= 0x20 && c < 0x7f && PLAIN[c];
  }

  private static final boolean[] PLAIN = new boolean[0x80];

  static {
    for (char c = 0x20; c < 0x7f; c++) {
      PLAIN[c] = "&<>%\\![]`~|".indexOf(c) < 0;
    }
  }

  /** Appends {@code cp} as a character reference {@code &#xHEX;}. */
  static void ref(StringBuilder sb, int cp) {
    sb.append("&#x").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append(';');
  }

  /** {@code %3C %3E %26 %25} (any case) after a {@code %}: a percent-encoded delimiter character. */
  private static boolean isEncodedDelimiter(String s, int at) {
    if (at + 1 >= s.length()) {
      return false;
    }
    char a = s.charAt(at);
    char b = Character.toUpperCase(s.charAt(at + 1));
    return (a == '3' && (b == 'C' || b == 'E')) || (a == '2' && (b == '6' || b == '5'));
  }

  /** {@code u003c u003e u0026 x3c x3e x26} (any case) after a backslash. */
  private static boolean isBackslashDelimiter(String s, int at) {
    return startsWithIgnoreCase(s, at, "u003c") || startsWithIgnoreCase(s, at, "u003e")
        || startsWithIgnoreCase(s, at, "u0026") || startsWithIgnoreCase(s, at, "x3c")
        || startsWithIgnoreCase(s, at, "x3e") || startsWithIgnoreCase(s, at, "x26");
  }

  /** Instruction-format tokens without angle brackets: {@code [INST] [/INST] [SYS] [/SYS]}. */
  private static boolean isChatToken(String s, int at) {
    return startsWithIgnoreCase(s, at, "[inst]") || startsWithIgnoreCase(s, at, "[/inst]")
        || startsWithIgnoreCase(s, at, "[sys]") || startsWithIgnoreCase(s, at, "[/sys]");
  }

  private static boolean startsWithIgnoreCase(String s, int at, String prefix) {
    return s.regionMatches(true, at, prefix, 0, prefix.length());
  }

  /** A line of only {@code =} or only {@code -} (trailing blanks allowed): it would turn the line above into a heading. */
  private static boolean isSetextUnderline(String s, int at) {
    char c = s.charAt(at);
    if (c != '=' && c != '-') {
      return false;
    }
    int i = at;
    while (i < s.length() && s.charAt(i) == c) {
      i++;
    }
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i == s.length() || s.charAt(i) == '\n';
  }

  /** True for code points outside printable ASCII that must be written as a character reference. */
  static boolean needsReference(int cp) {
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      return true; // C0 (incl. ESC, CR, LF in single-line values, VT, FF), DEL, C1 (incl. NEL, CSI, OSC)
    }
    if (cp <= 0xffff && Character.isSurrogate((char) cp)) {
      return true; // a lone surrogate
    }
    if (isDelimiterLookalike(cp)) {
      return true;
    }
    switch (cp) {
      case 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, 0x2800 -> {
        return true; // invisible or blank-looking letters and marks (fillers, grapheme joiner)
      }
      default -> {
        // fall through
      }
    }
    if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || (cp >= 0x180b && cp <= 0x180f)) {
      return true; // variation selectors
    }
    int type = Character.getType(cp);
    return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
  }

  /**
   * Characters whose NFKC or NFKD form contains {@code < > & % \ # `} (fullwidth and small forms, {@code ≮ ≯}),
   * and common angle-bracket lookalikes. {@code RegionEscaperTest} checks the NFKC part against a
   * scan of all code points.
   */
  static boolean isDelimiterLookalike(int cp) {
    switch (cp) {
      case 0x1FEF, 0x226E, 0x226F, 0xFE5F, 0xFE60, 0xFE64, 0xFE65, 0xFE68, 0xFE6A, 0xFF03, 0xFF05, 0xFF06, 0xFF1C,
          0xFF1E, 0xFF3C, 0xFF40 -> {
        return true; // compatibility forms of < > & % \ # `
      }
      case 0x02C2, 0x02C3, 0x2039, 0x203A, 0x2329, 0x232A, 0x3008, 0x3009, 0x300A, 0x300B, 0x27E8, 0x27E9, 0x27EA,
          0x27EB, 0x276C, 0x276D, 0x276E, 0x276F, 0x2770, 0x2771, 0x29FC, 0x29FD, 0x226A, 0x226B, 0x1438, 0x1433 -> {
        return true; // angle-bracket lookalikes, including the compact style's note brackets ⟪ ⟫ and ones like them
      }
      default -> {
        return false;
      }
    }
  }
}
