package io.github.sentrymcp.api;

import java.util.Objects;

/** A fixed Sentry access token. {@link #toString()} never reveals it. */
public final class AccessToken implements Credential {
  private final String value;

  private AccessToken(String value) {
    this.value = value;
  }

  /**
   * Wraps a Sentry access token.
   *
   * @param value the token; surrounding whitespace is removed
   * @return the token
   * @throws NullPointerException when {@code value} is null
   * @throws IllegalArgumentException when the token is empty or not printable ASCII without spaces
   */
  public static AccessToken of(String value) {
    Objects.requireNonNull(value, "value");
    String v = value.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("access token is empty");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("access token must be printable ASCII without spaces");
      }
    }
    return new AccessToken(v);
  }

  /**
   * The secret itself, for the Authorization header only.
   *
   * @return the token text
   */
  public String reveal() {
    return value;
  }

  @Override
  public String token() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessToken t
        && java.security.MessageDigest.isEqual(
            t.value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "AccessToken[redacted]";
  }
}
