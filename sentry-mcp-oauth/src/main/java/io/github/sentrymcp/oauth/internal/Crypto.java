package io.github.sentrymcp.oauth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Sealing (AES-256-GCM, a random 96-bit nonce per message, associated data binding a sealed value to its purpose
 * and owner), signing (HMAC-SHA256, compared in constant time), random secrets and hashes.
 */
public final class Crypto {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final byte VERSION = 1;

  private final SecretKeySpec encryption;
  private final SecretKeySpec signing;

  public Crypto(SecretKeySpec encryption, SecretKeySpec signing) {
    this.encryption = encryption;
    this.signing = signing;
  }

  /** {@code version || nonce || ciphertext+tag}. */
  public byte[] seal(byte[] plain, String associatedData) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, encryption, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plain);
      return ByteBuffer.allocate(1 + NONCE + ct.length).put(VERSION).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed");
    }
  }

  /** The plain bytes, or null when the sealed value was tampered with, sealed for another purpose or another key. */
  public byte @Nullable [] open(byte[] sealed, String associatedData) {
    if (sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != VERSION) {
      return null;
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, encryption, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  /** URL-safe base64 without padding of a sealed string. */
  public String sealToText(String plain, String associatedData) {
    return b64(seal(plain.getBytes(StandardCharsets.UTF_8), associatedData));
  }

  public @Nullable String openText(String text, String associatedData) {
    byte[] raw = unb64(text);
    byte[] plain = raw == null ? null : open(raw, associatedData);
    return plain == null ? null : new String(plain, StandardCharsets.UTF_8);
  }

  /** URL-safe base64 HMAC-SHA256 of {@code purpose + '\n' + value}. */
  public String sign(String purpose, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(signing);
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '\n');
      return b64(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed");
    }
  }

  /** Whether {@code signature} is the signature of {@code value}, compared in constant time. */
  public boolean verify(String purpose, String value, String signature) {
    return constantTimeEquals(sign(purpose, value), signature);
  }

  public static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** A random secret of 32 bytes, URL-safe base64 (43 characters). */
  public static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b64(b);
  }

  /** Hex SHA-256 of a secret (what stores keep). */
  public static String sha256Hex(String value) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available");
    }
  }

  public static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static byte @Nullable [] unb64(String s) {
    if (s.length() > 16_384) {
      return null;
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
