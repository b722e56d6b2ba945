package io.github.sentrymcp.core.internal.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Replaces every occurrence of one known secret, the session's access token, in Sentry's response text with {@link
 * #MARKER}, before anything is parsed from it: an error message that echoes the token the request carried must not
 * reach the model.
 *
 * <p>Matched are the literal token and the spellings JSON encoders produce: any character may be written as a
 * {@code \}{@code uXXXX} escape (either case of hex digits), and {@code /}, {@code "} and {@code \} as {@code \/},
 * {@code \"} and {@code \\}. The one exception: the token's longest run of letters, digits, {@code _}, {@code -}
 * and {@code .}, its <em>anchor</em>, must be written literally, as every encoder does (escaping a letter is legal
 * JSON, but no encoder does it). Inside a JSON string the marker is valid string content, so a redacted JSON body
 * still parses. The token is printable ASCII ({@code AccessToken} enforces it), so the search runs on the bytes of any
 * ASCII-compatible encoding (UTF-8, ISO-8859-1); {@link #redact(String)} covers decoded text of other encodings.
 *
 * <p>Cost: the anchor is searched for with Boyer-Moore-Horspool, which looks at about one byte in every anchor length
 * (a token's anchor has tens of characters), so a large trace response costs a few microseconds; only where the
 * anchor occurs is the whole token matched around it. Nothing is copied when the token does not occur.
 */
final class SecretRedactor {
  /** What a secret is replaced with. */
  static final String MARKER = "[REDACTED]";

  /**
   * Shorter secrets are not searched for: a real Sentry token has 40 or more characters, and replacing every
   * occurrence of a one-letter test token would erase that letter from every response.
   */
  static final int MIN_SECRET_CHARS = 8;

  /** Redacts nothing. */
  static final SecretRedactor NONE = new SecretRedactor(new byte[0], 0, 0);

  private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

  private final byte[] secret;
  /** The anchor is {@code secret[anchorStart, anchorStart + anchorLength)}. */
  private final int anchorStart;
  private final int anchorLength;
  /** Horspool shifts for the anchor, by byte value. */
  private final int[] shift = new int[256];

  private SecretRedactor(byte[] secret, int anchorStart, int anchorLength) {
    this.secret = secret;
    this.anchorStart = anchorStart;
    this.anchorLength = anchorLength;
    java.util.Arrays.fill(shift, Math.max(1, anchorLength));
    for (int j = 0; j < anchorLength - 1; j++) {
      shift[secret[anchorStart + j] & 0xff] = anchorLength - 1 - j;
    }
  }

  /** A redactor for {@code secret}; {@link #NONE} when it is shorter than {@value #MIN_SECRET_CHARS} characters. */
  static SecretRedactor of(String secret) {
    if (secret.length() < MIN_SECRET_CHARS) {
      return NONE;
    }
    int bestStart = 0;
    int bestLength = 0;
    int runStart = 0;
    for (int i = 0; i <= secret.length(); i++) {
      char c = i < secret.length() ? secret.charAt(i) : ' ';
      if (i < secret.length() && (c < 0x20 || c > 0x7e)) {
        return NONE; // AccessToken never holds one; the byte search below assumes ASCII
      }
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-' || c == '.';
      if (!plain) {
        if (i - runStart > bestLength) {
          bestStart = runStart;
          bestLength = i - runStart;
        }
        runStart = i + 1;
      }
    }
    return new SecretRedactor(secret.getBytes(StandardCharsets.US_ASCII), bestStart, bestLength);
  }

  /** {@code body} with every occurrence of the secret replaced by {@link #MARKER}; {@code body} itself when none. */
  byte[] redact(byte[] body) {
    if (secret.length == 0) {
      return body;
    }
    return anchorLength > 0 ? redactAroundAnchors(body) : redactByScan(body);
  }

  private byte[] redactAroundAnchors(byte[] body) {
    int n = body.length;
    int m = anchorLength;
    byte lastAnchorByte = secret[anchorStart + m - 1];
    ByteArrayOutputStream out = null;
    int copied = 0;
    int i = 0; // where the anchor would start in body
    while (i + m <= n) {
      byte b = body[i + m - 1];
      if (b == lastAnchorByte && anchorAt(body, i)) {
        int start = matchBackward(body, i);
        int end = start < copied ? -1 : matchForward(body, i + m, anchorStart + m);
        if (end > 0) {
          if (out == null) {
            out = new ByteArrayOutputStream(n);
          }
          out.write(body, copied, start - copied);
          out.write(MARKER_BYTES, 0, MARKER_BYTES.length);
          copied = end;
          i = end;
          continue;
        }
      }
      i += shift[b & 0xff];
    }
    return finish(body, out, copied);
  }

  /** For a token without an anchor (no letters or digits): every position starting like the token is tried. */
  private byte[] redactByScan(byte[] body) {
    byte first = secret[0];
    int n = body.length;
    ByteArrayOutputStream out = null;
    int copied = 0;
    int i = 0;
    while (i < n) {
      byte b = body[i];
      if (b == first || b == '\\') {
        int end = matchForward(body, i, 0);
        if (end > 0) {
          if (out == null) {
            out = new ByteArrayOutputStream(n);
          }
          out.write(body, copied, i - copied);
          out.write(MARKER_BYTES, 0, MARKER_BYTES.length);
          copied = end;
          i = end;
          continue;
        }
      }
      i++;
    }
    return finish(body, out, copied);
  }

  private static byte[] finish(byte[] body, @Nullable ByteArrayOutputStream out, int copied) {
    if (out == null) {
      return body;
    }
    out.write(body, copied, body.length - copied);
    return out.toByteArray();
  }

  /** Decoded text with every occurrence of the secret (in any spelling {@link #redact(byte[])} knows) replaced. */
  String redact(String text) {
    if (secret.length == 0 || text.isEmpty()) {
      return text;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] redacted = redact(utf8);
    return redacted == utf8 ? text : new String(redacted, StandardCharsets.UTF_8);
  }

  private boolean anchorAt(byte[] a, int at) {
    for (int j = 0; j < anchorLength; j++) {
      if (a[at + j] != secret[anchorStart + j]) {
        return false;
      }
    }
    return true;
  }

  /** Where the token starts when its first {@code anchorStart} characters end at {@code end}; -1 if they do not. */
  private int matchBackward(byte[] a, int end) {
    int q = end;
    for (int k = anchorStart - 1; k >= 0; k--) {
      byte want = secret[k];
      if (q >= 6 && a[q - 6] == '\\' && a[q - 5] == 'u' && hex4(a, q - 4) == want) {
        q -= 6;
      } else if (q >= 2 && a[q - 2] == '\\' && a[q - 1] == want && (want == '/' || want == '"' || want == '\\')) {
        q -= 2;
      } else if (q >= 1 && a[q - 1] == want) {
        q--;
      } else {
        return -1;
      }
    }
    return q;
  }

  /** The end of the token's characters {@code [from, length)} spelled at {@code at}, or -1. */
  private int matchForward(byte[] a, int at, int from) {
    int n = a.length;
    int p = at;
    for (int k = from; k < secret.length; k++) {
      byte want = secret[k];
      if (p >= n) {
        return -1;
      }
      byte b = a[p];
      if (b == want && b != '\\') {
        p++;
        continue;
      }
      if (b != '\\') {
        return -1;
      }
      int escaped = p + 1 < n ? a[p + 1] : -1;
      if (escaped == 'u' && p + 6 <= n && hex4(a, p + 2) == want) {
        p += 6;
      } else if (escaped == want && (want == '/' || want == '"' || want == '\\')) {
        p += 2;
      } else if (want == '\\') {
        p++; // a plain backslash in text that is not JSON
      } else {
        return -1;
      }
    }
    return p;
  }

  /** The value of four hex digits at {@code at}, or -1. */
  private static int hex4(byte[] a, int at) {
    int v = 0;
    for (int k = at; k < at + 4; k++) {
      int d = Character.digit(a[k], 16);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }
}
