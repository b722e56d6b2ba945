package io.github.sentrymcp.core.internal.render;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Replaces credentials in Sentry text with {@value #MARKER}; {@link ResultRenderer} runs it on every value before
 * escaping. This is the one thing the sanitizer ({@link io.github.sentrymcp.core.DefaultToolResultSanitizer})
 * removes from Sentry data (it otherwise never deletes anything): event data can carry request headers, DSNs and
 * tokens, and a Sentry error message can echo one.
 *
 * <p>Recognised, each case-insensitively where the form allows:
 *
 * <ul>
 *   <li>header-style values of {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and {@code
 *       Set-Cookie}: after {@code :} or {@code =} (or {@code ,} after a quoted name, as in a {@code ["Cookie",
 *       "..."]} pair), up to the closing quote when the value is quoted, else to the end of the line (or of the JSON
 *       value after a quoted name). An authorization scheme word is kept: {@code Authorization: Bearer [REDACTED]};
 *   <li>{@code Bearer <token>} and {@code Token <token>} anywhere, when the token looks like a secret (at least 12
 *       characters with a letter and a digit, or at least 32 characters), so {@code bearer of bad news} stays;
 *       {@code Basic <base64>} when the base64 decodes to printable {@code user:password};
 *   <li>Sentry tokens: {@code sntrys_}, {@code sntryu_} and {@code sntrya_} followed by at least 20 token
 *       characters (the prefix is kept);
 *   <li>model-provider API keys: {@code sk-} followed by at least 20 key characters ({@code [A-Za-z0-9_-]}) of which
 *       one is a digit, as OpenAI ({@code sk-proj-…}), Anthropic ({@code sk-ant-…}) and OpenRouter ({@code sk-or-…})
 *       keys are (the prefix {@code sk-} is kept);
 *   <li>the password of a URL's user information, so a DSN's secret key: {@code https://public:[REDACTED]@host}.
 * </ul>
 *
 * <p>Cost: {@link #redact} first makes one pass over the text looking only at the characters {@code b k z y @}
 * (and upper-case {@code B K Z}); only where one of them is part of a keyword above (followed by a separator) does
 * the full search run. Ordinary text (code, stack frames, hashes, ids, CJK) takes the first pass only and is returned
 * as the same instance.
 */
public final class CredentialRedactor {
  /** What a credential is replaced with. */
  public static final String MARKER = "[REDACTED]";

  /** The shortest text that can hold a credential this class replaces ({@code cookie=x}, {@code a://:p@h}). */
  private static final int MIN_CHARS = 8;

  private CredentialRedactor() {}

  /**
   * The trigger characters {@code @ B K Z b k y z}, all in U+0040..U+007F, as bits of their low six bits: {@code c} is
   * one when {@code c >>> 6 == 1} and bit {@code c & 63} is set (a long shift uses only those six bits).
   */
  private static final long TRIGGERS = triggers("@BKZbkyz");

  private static long triggers(String chars) {
    long mask = 0;
    for (int i = 0; i < chars.length(); i++) {
      mask |= 1L << chars.charAt(i);
    }
    return mask;
  }

  private static final Pattern HEADER = Pattern.compile(
      "(?<![A-Za-z0-9_])((?:proxy-)?authorization|(?:set-)?cookie)(\\\\?[\"'])?[ \\t]*([:=,])[ \\t]*(\\\\?[\"'])?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern AUTH_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*[ \\t]+(?=\\S)");
  private static final Pattern SCHEME = Pattern.compile(
      "(?<![A-Za-z0-9_])(bearer|token|basic)[ \\t]+([A-Za-z0-9_.~+/=-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SENTRY_TOKEN =
      Pattern.compile("(?<![A-Za-z0-9])(sntry[usa]_)[A-Za-z0-9_+/=.-]{20,}");
  private static final Pattern PROVIDER_KEY =
      Pattern.compile("(?<![A-Za-z0-9_-])(sk-)(?=[A-Za-z0-9_-]{0,200}[0-9])[A-Za-z0-9_-]{20,}");

  /** {@code text} with every credential replaced by {@link #MARKER}; the same instance when there is none. */
  public static String redact(String text) {
    return mayContainCredential(text) ? redactAll(text) : text;
  }

  /**
   * The cheap first pass: true when a keyword of a credential form occurs (followed by a separator), or an
   * {@code @} in text that holds {@code ://}. False means {@link #redact} changes nothing.
   */
  static boolean mayContainCredential(String s) {
    int n = s.length();
    if (n < MIN_CHARS) {
      return false;
    }
    int hasScheme = -1; // unknown
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >>> 6 != 1 || ((TRIGGERS >>> c) & 1L) == 0) {
        continue;
      }
      // each trigger first checks one neighbouring character, so hex ids and words rarely reach keywordAt
      switch (c) {
        case 'b', 'B' -> {
          char next = i + 1 < n ? (char) (s.charAt(i + 1) | 0x20) : 0;
          if ((next == 'e' && keywordAt(s, i, "bearer")) || (next == 'a' && keywordAt(s, i, "basic"))) {
            return true;
          }
        }
        case 'k', 'K' -> {
          if (i >= 2 && (s.charAt(i - 1) | 0x20) == 'o'
              && (keywordAt(s, i - 2, "token") || keywordAt(s, i - 3, "cookie"))) {
            return true;
          }
          if (c == 'k' && i >= 1 && s.charAt(i - 1) == 's' && i + 1 < n && s.charAt(i + 1) == '-'
              && (i < 2 || !isKeyChar(s.charAt(i - 2)))) {
            return true;
          }
        }
        case 'z', 'Z' -> {
          if (i >= 7 && (s.charAt(i - 1) | 0x20) == 'i' && keywordAt(s, i - 7, "authorization")) {
            return true;
          }
        }
        case 'y' -> {
          if (i >= 4 && i + 2 < n && s.charAt(i + 2) == '_' && s.startsWith("sntr", i - 4)) {
            return true;
          }
        }
        default -> { // '@'
          if (hasScheme < 0) {
            hasScheme = s.indexOf("://") >= 0 ? 1 : 0;
          }
          if (hasScheme == 1) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  /** {@code keyword} (any case) at {@code at}, followed by a blank, a quote, a backslash or {@code : = ,}. */
  private static boolean keywordAt(String s, int at, String keyword) {
    int end = at + keyword.length();
    if (at < 0 || end >= s.length() || !s.regionMatches(true, at, keyword, 0, keyword.length())) {
      return false;
    }
    char next = s.charAt(end);
    return next == ' ' || next == '\t' || next == ':' || next == '=' || next == ',' || next == '"' || next == '\''
        || next == '\\';
  }

  private static String redactAll(String s) {
    String out = headers(s);
    out = SENTRY_TOKEN.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MARKER));
    out = PROVIDER_KEY.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MARKER));
    out = schemes(out);
    return urlPasswords(out);
  }

  // ---------------------------------------------------------------------------------------------- header values

  private static String headers(String s) {
    Matcher m = HEADER.matcher(s);
    StringBuilder sb = null;
    int copied = 0;
    int from = 0;
    while (from < s.length() && m.find(from)) {
      String closeQuote = m.group(2);
      String sep = m.group(3);
      String open = m.group(4);
      from = m.end();
      if (sep.equals(",") && closeQuote == null) {
        continue; // "cookie, ..." in prose
      }
      int start = m.end();
      int end = valueEnd(s, start, open, closeQuote != null);
      String value = s.substring(start, end);
      if (isPlaceholder(value)) {
        from = Math.max(from, end);
        continue;
      }
      if (m.group(1).toLowerCase(Locale.ROOT).endsWith("authorization")) {
        Matcher scheme = AUTH_SCHEME.matcher(value);
        if (scheme.lookingAt()) {
          start += scheme.end();
        }
      }
      if (sb == null) {
        sb = new StringBuilder(s.length());
      }
      sb.append(s, copied, start).append(MARKER);
      copied = end;
      from = Math.max(end, from);
    }
    if (sb == null) {
      return s;
    }
    return sb.append(s, copied, s.length()).toString();
  }

  /**
   * Where a header value starting at {@code start} ends: at the closing quote when it was opened with one; after a
   * quoted name (JSON or a dict) at the end of the scalar ({@code , } ] }); else at the end of the line.
   */
  private static int valueEnd(String s, int start, @Nullable String open, boolean quotedName) {
    int n = s.length();
    for (int i = start; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
      if (open != null) {
        if (open.length() == 2 ? s.startsWith(open, i) : c == open.charAt(0) && !escaped(s, start, i)) {
          return i;
        }
      } else if (quotedName && (c == ',' || c == '}' || c == ']')) {
        return i;
      }
    }
    return n;
  }

  /** Whether the quote at {@code i} is escaped by an odd number of backslashes (after {@code start}). */
  private static boolean escaped(String s, int start, int i) {
    int k = i - 1;
    while (k >= start && s.charAt(k) == '\\') {
      k--;
    }
    return ((i - 1 - k) & 1) == 1;
  }

  /** Values that hold no secret: empty, already redacted or filtered by Sentry, null. */
  private static boolean isPlaceholder(String value) {
    String v = value.strip();
    return v.isEmpty() || v.equals(MARKER) || v.equals("[Filtered]") || v.equals("null") || v.equals("None");
  }

  // ---------------------------------------------------------------------------------------------- schemes

  private static String schemes(String s) {
    Matcher m = SCHEME.matcher(s);
    StringBuilder sb = null;
    int copied = 0;
    while (m.find()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      String value = m.group(2);
      boolean secret = switch (scheme) {
        case "basic" -> isBasicCredential(value);
        case "token" -> !value.startsWith("/") && !value.startsWith(".") && looksSecret(value);
        default -> looksSecret(value);
      };
      if (!secret) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(s.length());
      }
      sb.append(s, copied, m.start(2)).append(MARKER);
      copied = m.end(2);
    }
    if (sb == null) {
      return s;
    }
    return sb.append(s, copied, s.length()).toString();
  }

  /** At least 12 characters with a letter and a digit, or at least 32 characters. */
  static boolean looksSecret(String v) {
    if (v.length() >= 32) {
      return true;
    }
    if (v.length() < 12) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      digit |= c >= '0' && c <= '9';
    }
    return letter && digit;
  }

  /** Base64 of printable {@code user:password}. */
  private static boolean isBasicCredential(String v) {
    if (v.length() < 4 || v.length() % 4 != 0) {
      return false;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      return false;
    }
    String text = new String(decoded, StandardCharsets.ISO_8859_1);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return text.indexOf(':') >= 0;
  }

  // ---------------------------------------------------------------------------------------------- URL user info

  /** {@code scheme://user:password@host}: the password (a DSN's secret key) is replaced. */
  private static String urlPasswords(String s) {
    StringBuilder sb = null;
    int copied = 0;
    int at = s.indexOf('@');
    while (at >= 0) {
      int start = at;
      while (start > 0 && isUserInfoChar(s.charAt(start - 1))) {
        start--;
      }
      if (start >= 4 && s.startsWith("://", start - 3) && Character.isLetterOrDigit(s.charAt(start - 4))
          && start >= copied) {
        int colon = s.indexOf(':', start);
        if (colon >= 0 && colon + 1 < at && !s.startsWith(MARKER, colon + 1)) {
          if (sb == null) {
            sb = new StringBuilder(s.length());
          }
          sb.append(s, copied, colon + 1).append(MARKER);
          copied = at;
        }
      }
      at = s.indexOf('@', at + 1);
    }
    if (sb == null) {
      return s;
    }
    return sb.append(s, copied, s.length()).toString();
  }

  private static boolean isUserInfoChar(char c) {
    return c > 0x20 && c != 0x7f && c != '/' && c != '?' && c != '#' && c != '@' && c != '"' && c != '\''
        && c != '<' && c != '>' && c != '\\' && c != '`';
  }
}
