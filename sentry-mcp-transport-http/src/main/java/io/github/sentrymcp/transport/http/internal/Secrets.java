package io.github.sentrymcp.transport.http.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Hashing and header parsing for the authenticators; nothing here logs or keeps a presented secret. */
public final class Secrets {
  private Secrets() {}

  /** SHA-256 of the UTF-8 bytes. */
  public static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Lower-case hex of the SHA-256 of {@code s}. */
  public static String sha256Hex(String s) {
    return HexFormat.of().formatHex(sha256(s));
  }

  /**
   * The credential of the request's single {@code Authorization} header if it uses {@code scheme} (case-insensitive),
   * else null. Several {@code Authorization} headers, or a credential that is not printable ASCII without spaces,
   * count as none.
   */
  public static @Nullable String authorization(HttpServletRequest request, String scheme) {
    Enumeration<String> values = request.getHeaders("Authorization");
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String value = values.nextElement();
    if (values.hasMoreElements() || value == null) {
      return null;
    }
    String prefix = scheme.toLowerCase(Locale.ROOT) + " ";
    if (value.length() <= prefix.length() || !value.substring(0, prefix.length()).toLowerCase(Locale.ROOT)
        .equals(prefix)) {
      return null;
    }
    String credential = value.substring(prefix.length()).strip();
    if (credential.isEmpty() || credential.length() > 4096) {
      return null;
    }
    for (int i = 0; i < credential.length(); i++) {
      char c = credential.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return null;
      }
    }
    return credential;
  }
}
