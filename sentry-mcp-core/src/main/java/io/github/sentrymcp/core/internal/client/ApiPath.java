package io.github.sentrymcp.core.internal.client;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Untrusted;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Sentry API path relative to {@code /api/0}, built from a template whose {@code {name}} placeholders are each a
 * whole path segment. Every value is percent-encoded as an RFC 3986 segment (everything but unreserved characters,
 * so {@code /}, {@code ?}, {@code #} and {@code %} are encoded); an empty value or a bare {@code .} or {@code ..} is
 * refused before any request is made. Dot segments are never resolved.
 */
public final class ApiPath {
  private final String template;
  private final String encoded;

  private ApiPath(String template, String encoded) {
    this.template = template;
    this.encoded = encoded;
  }

  /**
   * Builds a path.
   *
   * @param template e.g. {@code /organizations/{org}/issues/{issueId}/}; starts and ends with {@code /}
   * @param values one per placeholder, in order: {@code String} (caller input) or {@link Untrusted} (Sentry data)
   * @throws SentryMcpException invalid input when a value is empty, {@code .} or {@code ..}
   */
  public static ApiPath of(String template, Object... values) {
    Objects.requireNonNull(template, "template");
    if (!template.startsWith("/") || !template.endsWith("/")) {
      throw new IllegalArgumentException("template must start and end with '/': " + template);
    }
    StringBuilder out = new StringBuilder(template.length() + 32);
    int next = 0;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int end = template.indexOf('}', i);
        if (end < 0 || template.charAt(i - 1) != '/' || end + 1 >= template.length()
            || template.charAt(end + 1) != '/') {
          throw new IllegalArgumentException("placeholder must be a whole segment: " + template);
        }
        if (next >= values.length) {
          throw new IllegalArgumentException("too few values for " + template);
        }
        String name = template.substring(i + 1, end);
        out.append(encodeSegment(name, raw(values[next++])));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    if (next != values.length) {
      throw new IllegalArgumentException("too many values for " + template);
    }
    return new ApiPath(template, out.toString());
  }

  private static String raw(Object value) {
    if (value instanceof Untrusted u) {
      return u.rawValue();
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    throw new IllegalArgumentException("path values are String, Untrusted, Long or Integer");
  }

  /** Percent-encodes one segment; refuses empty, {@code .} and {@code ..}. */
  static String encodeSegment(String name, String value) {
    if (value.isEmpty()) {
      throw SentryMcpException.invalidInput("The " + name + " must not be empty.");
    }
    if (value.equals(".") || value.equals("..")) {
      throw SentryMcpException.invalidInput(
          "The " + name + " must not be a relative path segment (\".\" or \"..\").");
    }
    return percentEncode(value);
  }

  /** Encodes everything except RFC 3986 unreserved characters as UTF-8 percent-escapes. */
  public static String percentEncode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The template, e.g. {@code /organizations/{org}/issues/{issueId}/}: safe for logs and error messages. */
  public String template() {
    return template;
  }

  /** The encoded path, relative to {@code /api/0}. */
  public String encoded() {
    return encoded;
  }

  @Override
  public String toString() {
    return template;
  }
}
