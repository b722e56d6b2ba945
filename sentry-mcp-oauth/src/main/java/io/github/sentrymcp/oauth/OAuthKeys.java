package io.github.sentrymcp.oauth;

import io.github.sentrymcp.oauth.internal.Crypto;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The authorization server's secrets, derived from one master secret of at least 32 random bytes: an AES-256-GCM key
 * that seals Sentry tokens at rest and consent requests in flight, and an HMAC-SHA256 key that signs the {@code
 * state} sent to Sentry and the consent cookie. Every replica sharing a store needs the same master secret; changing
 * it makes the stored Sentry tokens unreadable (their clients must authorize again).
 */
public final class OAuthKeys {
  private static final int MIN_BYTES = 32;

  private final SecretKeySpec encryption;
  private final SecretKeySpec signing;

  private OAuthKeys(byte[] master) {
    this.encryption = new SecretKeySpec(derive(master, "sentry-mcp oauth encryption v1"), "AES");
    this.signing = new SecretKeySpec(derive(master, "sentry-mcp oauth signing v1"), "HmacSHA256");
    Arrays.fill(master, (byte) 0);
  }

  /**
   * Keys from a master secret given as base64 (standard or URL-safe) of at least 32 bytes.
   *
   * @param master the master secret, base64
   * @return the keys
   * @throws IllegalArgumentException when {@code master} is not valid base64 or shorter than 32 bytes
   */
  public static OAuthKeys fromBase64(String master) {
    Objects.requireNonNull(master, "master");
    byte[] bytes;
    try {
      String m = master.strip();
      bytes = m.indexOf('-') >= 0 || m.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(m) : Base64.getDecoder().decode(m);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the OAuth master secret is not valid base64");
    }
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "the OAuth master secret must be at least " + MIN_BYTES + " random bytes (base64 of 32 bytes or more)");
    }
    return new OAuthKeys(bytes);
  }

  /**
   * Fresh random keys for this process only (an in-memory store, tests, the sandbox).
   *
   * @return the keys
   */
  public static OAuthKeys generate() {
    byte[] b = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(b);
    return new OAuthKeys(b);
  }

  /**
   * A new random master secret, base64, for configuration ({@code MCP_OAUTH_SECRET}).
   *
   * @return the master secret
   */
  public static String newMasterSecret() {
    byte[] b = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** The keys as the implementation uses them. */
  Crypto crypto() {
    return new Crypto(encryption, signing);
  }

  private static byte[] derive(byte[] master, String label) {
    try { // HKDF-SHA256 (RFC 5869) with an empty salt, one output block
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] prk = mac.doFinal(master);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(label.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "OAuthKeys[***]";
  }
}
