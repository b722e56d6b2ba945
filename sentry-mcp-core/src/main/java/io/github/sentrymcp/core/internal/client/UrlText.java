package io.github.sentrymcp.core.internal.client;

/**
 * Character-level URL checks shared by the region validator and the client, which both inspect untrusted URLs
 * without a URL parser (parsers disagree on inputs such as {@code https://a\@b}).
 */
public final class UrlText {
  private UrlText() {}

  /** Strips leading and trailing ASCII whitespace only (never other Unicode spaces, which make a URL invalid). */
  public static String trimAsciiWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isAsciiWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isAsciiWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** True when every character is printable ASCII other than space (0x21 to 0x7E). */
  public static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** The authority of what follows {@code scheme://}: everything up to the first {@code /}, {@code ?} or {@code #}. */
  public static String authority(String afterScheme) {
    for (int i = 0; i < afterScheme.length(); i++) {
      char c = afterScheme.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return afterScheme.substring(0, i);
      }
    }
    return afterScheme;
  }

  private static boolean isAsciiWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
