package io.github.sentrymcp.api.result;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Binary content of a result (an image, or a file as an embedded resource). The MIME type must be a plain {@code
 * type/subtype} token; the file name came from Sentry and is untrusted.
 *
 * @param kind how a host should show it
 * @param mimeType a plain lower-case {@code type/subtype} token
 * @param data the bytes; copied on the way in and out
 * @param name the file name as Sentry gave it
 */
public record BinaryContent(Kind kind, String mimeType, byte[] data, Untrusted name) {
  private static final Pattern MIME = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}/[a-z0-9][a-z0-9.+-]{0,126}");

  /** How a host should show it. */
  public enum Kind {
    /** Shown as an image. */
    IMAGE,
    /** Embedded as a resource (a file). */
    RESOURCE
  }

  /**
   * Checks the components and copies the bytes.
   *
   * @param kind how a host should show it
   * @param mimeType a plain lower-case {@code type/subtype} token
   * @param data the bytes; copied on the way in and out
   * @param name the file name as Sentry gave it
   * @throws NullPointerException when {@code kind}, {@code mimeType}, {@code data} or {@code name} is null
   * @throws IllegalArgumentException when {@code mimeType} is not a plain {@code type/subtype} token
   */
  public BinaryContent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(name, "name");
    if (!MIME.matcher(mimeType).matches()) {
      throw new IllegalArgumentException("mimeType must be a plain type/subtype token");
    }
    data = data.clone();
  }

  /**
   * The bytes.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /**
   * True when {@code candidate} is usable as {@link #mimeType()}.
   *
   * @param candidate the MIME type to check
   * @return true for a plain lower-case {@code type/subtype} token
   */
  public static boolean isPlainMimeType(String candidate) {
    return MIME.matcher(candidate).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryContent b
        && b.kind == kind
        && b.mimeType.equals(mimeType)
        && java.util.Arrays.equals(b.data, data)
        && b.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, mimeType, java.util.Arrays.hashCode(data), name);
  }

  @Override
  public String toString() {
    return "BinaryContent[" + kind + ", " + mimeType + ", " + data.length + " bytes]";
  }
}
