package io.github.sentrymcp.core.internal.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.result.RegionStyle;
import io.github.sentrymcp.core.DefaultToolResultSanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a rendered result: which text sits inside the sanitizer's data regions. */
public final class Sanitized {
  public static final Pattern REGION =
      Pattern.compile("<data-([A-Za-z0-9_-]{16})(?: [^>]*)?>(.*?)</data-\\1>", Pattern.DOTALL);

  private Sanitized() {}

  /** The bodies of all data regions, character references decoded. */
  public static List<String> regions(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = REGION.matcher(text);
    while (m.find()) {
      out.add(unescape(m.group(2)));
    }
    return out;
  }

  /** The text with every data region (and the preamble's tag names) removed. */
  public static String outside(String text) {
    return REGION.matcher(text).replaceAll("");
  }

  public static void assertInData(String text, String value) {
    assertTrue(regions(text).stream().anyMatch(r -> r.contains(value)),
        () -> "not inside a data region: " + value + "\n" + text);
  }

  public static void assertNotOutsideData(String text, String value) {
    assertFalse(outside(text).contains(value), () -> "outside the data regions: " + value + "\n" + text);
  }

  public static void assertNotAnywhere(String text, String value) {
    assertFalse(text.contains(value), () -> "present: " + value + "\n" + text);
  }

  public static String unescape(String s) {
    return DefaultToolResultSanitizer.unescape(s, RegionStyle.TAGS);
  }
}
