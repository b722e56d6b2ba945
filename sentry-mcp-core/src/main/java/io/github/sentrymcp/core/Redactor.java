package io.github.sentrymcp.core;

import io.github.sentrymcp.core.internal.render.CredentialRedactor;
import org.jspecify.annotations.Nullable;

/**
 * The library's one redactor. Two strengths, one implementation:
 *
 * <ul>
 *   <li>{@link #redact} removes credentials: values of {@code Authorization}, {@code Proxy-Authorization}, {@code
 *       Cookie} and {@code Set-Cookie}; {@code Bearer}, {@code Token} and {@code Basic} credentials; Sentry tokens
 *       ({@code sntrys_}, {@code sntryu_}, {@code sntrya_}); model-provider keys ({@code sk-…}); and the password of a
 *       URL's user information, which is a DSN's secret key. The sanitizer runs it on every value of a tool result,
 *       which must otherwise stay whole (links keep their query).
 *   <li>{@link #redactForTelemetry} also removes every URL's query string and fragment ({@code https://host/path?…}
 *       becomes {@code https://host/path?[REDACTED]}), where tokens, cursors and user queries travel. It is applied to
 *       every log line of the server, every span attribute and event the OpenTelemetry module writes, and every MCP
 *       log message the binding sends.
 * </ul>
 *
 * <p>Hosts can run their own log output through {@link #redactForTelemetry} (a Logback converter, a JUL formatter)
 * to get the same guarantee. Both are cheap on ordinary text: one scan for trigger characters, and the same instance
 * back when nothing matches.
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String MARKER = CredentialRedactor.MARKER;

  private Redactor() {}

  /**
   * {@code text} without credentials; the same instance when it holds none.
   *
   * @param text the text
   * @return the redacted text
   */
  public static String redact(String text) {
    return CredentialRedactor.redact(text);
  }

  /**
   * {@code text} without credentials and without URL query strings and fragments; null stays null.
   *
   * @param text the text, or null
   * @return the redacted text, or null
   */
  public static @Nullable String redactForTelemetry(@Nullable String text) {
    if (text == null) {
      return null;
    }
    return queries(CredentialRedactor.redact(text));
  }

  /**
   * Replaces what follows {@code ?} or {@code #} in each {@code scheme://} URL, up to the URL's end (a blank, a quote,
   * {@code <>}, a backtick, a backslash or a control character), with {@link #MARKER}: a comma or a bracket does not
   * end it, so nothing of a query is left over.
   */
  private static String queries(String s) {
    int scheme = s.indexOf("://");
    if (scheme < 0) {
      return s;
    }
    StringBuilder sb = null;
    int copied = 0;
    int i = scheme + 3;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (isUrlEnd(c)) {
        int next = s.indexOf("://", i);
        if (next < 0) {
          break;
        }
        i = next + 3;
        continue;
      }
      if (c == '?' || c == '#') {
        int end = i + 1;
        while (end < n && !isUrlEnd(s.charAt(end))) {
          end++;
        }
        if (end > i + 1 && !s.startsWith(MARKER, i + 1)) {
          if (sb == null) {
            sb = new StringBuilder(n);
          }
          sb.append(s, copied, i + 1).append(MARKER);
          copied = end;
        }
        int next = s.indexOf("://", end);
        if (next < 0) {
          break;
        }
        i = next + 3;
        continue;
      }
      i++;
    }
    if (sb == null) {
      return s;
    }
    return sb.append(s, copied, n).toString();
  }

  private static boolean isUrlEnd(char c) {
    return c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\';
  }
}
