package io.github.sentrymcp.transport.http.internal;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Allowed {@code Host} and {@code Origin} values. A pattern is {@code host}, {@code host:port} or {@code host:*} (any
 * port or none) for hosts, and the same with a scheme for origins ({@code https://app.example.com}, {@code
 * http://localhost:*}). Names compare case-insensitively; nothing else is a wildcard.
 */
public final class HostPatterns {
  /** The loopback names on any port: the default for both lists. */
  public static final List<String> LOOPBACK_HOSTS = List.of("localhost:*", "127.0.0.1:*", "[::1]:*");

  /** The loopback origins on any port, http and https. */
  public static final List<String> LOOPBACK_ORIGINS = List.of("http://localhost:*", "http://127.0.0.1:*",
      "http://[::1]:*", "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*");

  private final List<String> patterns;

  public HostPatterns(List<String> patterns) {
    this.patterns = patterns.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).toList();
    for (String p : this.patterns) {
      if (p.isEmpty() || p.contains("/") && !p.matches("https?://[^/]+")) {
        throw new IllegalArgumentException("not a host or origin pattern: " + p);
      }
    }
  }

  /** Whether {@code value} (a Host header or an Origin) matches a pattern. */
  public boolean matches(@Nullable String value) {
    if (value == null) {
      return false;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.isEmpty() || v.length() > 300) {
      return false;
    }
    for (String p : patterns) {
      if (p.equals(v)) {
        return true;
      }
      if (p.endsWith(":*")) {
        String base = p.substring(0, p.length() - 2);
        if (v.equals(base)) {
          return true;
        }
        if (v.startsWith(base + ":") && v.substring(base.length() + 1).matches("[0-9]{1,5}")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return String.join(",", patterns);
  }
}
