package io.github.sentrymcp.core.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.result.RegionStyle;
import io.github.sentrymcp.core.DefaultToolResultSanitizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rendered result: which text sits inside the sanitizer's data regions. Understands both the compact style
 * ({@code <d-NONCE>…</d>}, the default) and the tag style ({@code <data-NONCE src=… trust=…>…</data-NONCE>}).
 *
 * <p>No Sentry value can hold a {@code <} inside a region (it is written as a character reference), so the first
 * closing tag after an opening tag is the region's end.
 */
public final class Sanitized {
  /** Group 1/2: nonce and body of a compact region; group 3/4: nonce and body of a tag-style region. */
  public static final Pattern REGION = Pattern.compile(
      "<d-([A-Za-z0-9_-]{16})>(.*?)</d>"
          + "|<data-([A-Za-z0-9_-]{16})(?: [^>]*)?>(.*?)</data-\\3>",
      Pattern.DOTALL);

  /** Any opening or closing tag of either style, to tell leftovers of a broken region outside the regions. */
  private static final Pattern ANY_TAG = Pattern.compile("</?d(?:ata)?-[A-Za-z0-9_-]{0,16}[^>]*>|</d>");

  private Sanitized() {}

  /** One region: its nonce, style and raw (still escaped) body. */
  public record Region(String nonce, RegionStyle style, String raw) {
    /** The body with its character references decoded. */
    public String body() {
      return DefaultToolResultSanitizer.unescape(raw, style);
    }
  }

  /** All data regions of the text, in order. */
  public static List<Region> allRegions(String text) {
    List<Region> out = new ArrayList<>();
    Matcher m = REGION.matcher(text);
    while (m.find()) {
      if (m.group(1) != null) {
        out.add(new Region(m.group(1), RegionStyle.COMPACT, m.group(2)));
      } else {
        out.add(new Region(m.group(3), RegionStyle.TAGS, m.group(4)));
      }
    }
    return out;
  }

  /** The bodies of all data regions, character references decoded (block regions keep their server labels). */
  public static List<String> regions(String text) {
    List<String> out = new ArrayList<>();
    for (Region r : allRegions(text)) {
      out.add(r.body());
    }
    return out;
  }

  /** The text with every data region removed. */
  public static String outside(String text) {
    return REGION.matcher(text).replaceAll("");
  }

  /** The nonces the text's regions open with (one per result). */
  public static Set<String> nonces(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (Region r : allRegions(text)) {
      out.add(r.nonce());
    }
    return out;
  }

  /**
   * The single values a region holds, decoded: an inline region's whole body; for each line of a block region, the
   * whole line, the part after the first {@code ": "} (a field's value), each table cell and a bullet item's text;
   * a {@code ⟪…⟫} note at the end of a line is not part of the value.
   */
  public static List<String> values(String text) {
    List<String> out = new ArrayList<>();
    for (Region r : allRegions(text)) {
      if (r.style() != RegionStyle.COMPACT || !r.raw().startsWith("\n")) {
        out.add(r.body());
        continue;
      }
      for (String line : r.raw().split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        int note = line.indexOf('\u27EA');
        if (note >= 0 && line.endsWith("\u27EB")) {
          line = line.substring(0, note);
        }
        List<String> parts = new ArrayList<>();
        parts.add(line);
        if (line.startsWith("- ")) {
          parts.add(line.substring(2));
        }
        int colon = line.indexOf(": ");
        if (colon >= 0) {
          parts.add(line.substring(colon + 2));
        }
        for (String cell : line.split(" \\| ", -1)) {
          parts.add(cell);
        }
        for (String p : parts) {
          out.add(DefaultToolResultSanitizer.unescape(p, r.style()));
        }
      }
    }
    return out;
  }

  public static void assertInData(String text, String value) {
    assertTrue(regions(text).stream().anyMatch(r -> r.contains(value)),
        () -> "not inside a data region: " + value + "\n" + text);
  }

  /** {@code value} is inside a region as a whole value (an inline region, a field value, a cell, a line). */
  public static void assertWholeValueInData(String text, String value) {
    assertTrue(values(text).contains(value), () -> "not a whole value in a data region: " + value + "\n" + text);
  }

  /**
   * Every occurrence of {@code needle} in the text lies inside the body of a region; {@code needle} is the form the
   * value takes in the text (escaped). The needle must occur at least once.
   */
  public static void assertEveryOccurrenceInside(String text, String needle) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = REGION.matcher(text);
    while (m.find()) {
      int g = m.group(1) != null ? 2 : 4;
      spans.add(new int[] {m.start(g), m.end(g)});
    }
    int idx = text.indexOf(needle);
    assertTrue(idx >= 0, () -> "missing from the output: " + needle + "\n" + text);
    while (idx >= 0) {
      int at = idx;
      boolean inside = spans.stream().anyMatch(sp -> sp[0] <= at && at + needle.length() <= sp[1]);
      if (!inside) {
        int from = Math.max(0, at - 120);
        throw new AssertionError("outside a data region: " + needle + " in …"
            + text.substring(from, Math.min(text.length(), at + needle.length() + 60)));
      }
      idx = text.indexOf(needle, idx + 1);
    }
  }

  public static void assertNotOutsideData(String text, String value) {
    assertFalse(outside(text).contains(value), () -> "outside the data regions: " + value + "\n" + text);
  }

  public static void assertNotAnywhere(String text, String value) {
    assertFalse(text.contains(value), () -> "present: " + value + "\n" + text);
  }

  /**
   * {@code value}, a value of a closed grammar (a number, hex id, timestamp, enum word ...), is shown: bare outside
   * the regions or as part of one. Not for free text, which must be checked with {@link #assertInData}.
   */
  public static void assertShown(String text, String value) {
    assertTrue(io.github.sentrymcp.core.internal.render.BareValues.isBare(value),
        () -> "not a closed-grammar value, check it is in data instead: " + value);
    assertTrue(text.contains(value), () -> "not shown: " + value + "\n" + text);
  }

  /**
   * Every region of the text opens with one and the same nonce, and no opening or closing tag is left outside the
   * regions (an unclosed region or a stray tag).
   */
  public static void assertWellFormed(String text) {
    assertTrue(nonces(text).size() <= 1, () -> "regions with different nonces: " + nonces(text) + "\n" + text);
    String rest = outside(text);
    assertFalse(ANY_TAG.matcher(rest).find(), () -> "a region tag outside the regions:\n" + rest);
  }

  /** The one nonce of the text's regions. */
  public static String nonce(String text) {
    Set<String> n = nonces(text);
    assertEquals(1, n.size(), () -> "expected regions of one nonce in:\n" + text);
    return n.iterator().next();
  }

  public static String unescape(String s) {
    return DefaultToolResultSanitizer.unescape(s, RegionStyle.COMPACT);
  }
}
