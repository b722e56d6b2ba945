package io.github.sentrymcp.core.internal.tools.snapshots;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Checks and previews of snapshot images (JDK {@code javax.imageio} only).
 *
 * <ul>
 *   <li>The format comes from the bytes' signature (PNG, JPEG, GIF, WebP), never from a header or file name;
 *       anything else is refused.
 *   <li>The dimensions are read from the image header before anything is decoded, and an image wider or taller than
 *       {@value #MAX_SIDE} px or with more than {@value #MAX_PIXELS} pixels is refused (a small file can declare a
 *       huge raster: a decompression bomb).
 *   <li>A preview is decoded with source subsampling (never more than about {@value #DECODE_SIDE} px on the long
 *       side in memory), scaled to at most {@value #PREVIEW_SIDE} px and re-encoded as PNG. WebP, which the JDK
 *       cannot decode, is previewed only when it is already small enough to be returned as it is.
 * </ul>
 */
final class SnapshotImages {
  /** Largest image file fetched, in bytes. */
  static final long MAX_BYTES = 10L * 1024 * 1024;

  /** Longest side accepted, in pixels. */
  static final int MAX_SIDE = 20_000;

  /** Most pixels accepted (width times height). */
  static final long MAX_PIXELS = 40_000_000L;

  /** Longest side of a preview, in pixels. */
  static final int PREVIEW_SIDE = 1024;

  /** Longest side decoded in memory for a preview (before scaling). */
  static final int DECODE_SIDE = 2048;

  private SnapshotImages() {}

  /** An accepted image format: its MIME type and the JDK's reader name (null: no JDK reader). */
  enum Format {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpeg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", null);

    final String mimeType;
    final @Nullable String readerName;

    Format(String mimeType, @Nullable String readerName) {
      this.mimeType = mimeType;
      this.readerName = readerName;
    }
  }

  /** A checked image: its format and header dimensions. */
  record Checked(Format format, int width, int height) {}

  /** An image ready to return. */
  record Prepared(String mimeType, byte[] bytes, int width, int height, boolean resized) {}

  /**
   * The format and dimensions of {@code bytes}, read without decoding the raster.
   *
   * @throws SentryMcpException of kind upstream error when the bytes are not a PNG, JPEG, GIF or WebP image, its
   *     header cannot be read, or its dimensions exceed the caps
   */
  static Checked check(byte[] bytes) {
    Format format = sniff(bytes);
    if (format == null) {
      throw unusable("it is not a PNG, JPEG, GIF or WebP image");
    }
    int[] size = format == Format.WEBP ? webpSize(bytes) : headerSize(bytes, format);
    if (size == null || size[0] <= 0 || size[1] <= 0) {
      throw unusable("its header could not be read");
    }
    int w = size[0];
    int h = size[1];
    if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
      throw unusable("it declares " + w + "x" + h + " pixels, more than the limit of " + MAX_SIDE
          + " px per side and " + MAX_PIXELS + " pixels");
    }
    return new Checked(format, w, h);
  }

  /** The original bytes, after {@link #check}. */
  static Prepared full(byte[] bytes) {
    Checked c = check(bytes);
    return new Prepared(c.format().mimeType, bytes, c.width(), c.height(), false);
  }

  /**
   * A preview: at most {@value #PREVIEW_SIDE} px on the long side, re-encoded as PNG.
   *
   * @throws SentryMcpException of kind upstream error when the image fails {@link #check} or cannot be decoded
   */
  static Prepared preview(byte[] bytes) {
    Checked c = check(bytes);
    int longSide = Math.max(c.width(), c.height());
    if (c.format().readerName == null) {
      if (longSide <= PREVIEW_SIDE) {
        return new Prepared(c.format().mimeType, bytes, c.width(), c.height(), false);
      }
      throw unusable("no preview can be made of a WebP image larger than " + PREVIEW_SIDE
          + " px; ask for imageResolution full");
    }
    BufferedImage decoded = decode(bytes, c, Math.max(1, longSide / DECODE_SIDE));
    double scale = Math.min(1.0, (double) PREVIEW_SIDE / Math.max(decoded.getWidth(), decoded.getHeight()));
    int w = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(decoded, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(out, "png", png)) {
        throw unusable("the preview could not be encoded");
      }
    } catch (IOException e) {
      throw unusable("the preview could not be encoded");
    }
    return new Prepared("image/png", png.toByteArray(), w, h, w != c.width() || h != c.height());
  }

  /** The format named by the file signature, or null. */
  static @Nullable Format sniff(byte[] b) {
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
      return Format.PNG;
    }
    if (startsWith(b, 0, 0xff, 0xd8, 0xff)) {
      return Format.JPEG;
    }
    if (startsWith(b, 0, 'G', 'I', 'F', '8')) {
      return Format.GIF;
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return Format.WEBP;
    }
    return null;
  }

  private static boolean startsWith(byte[] b, int offset, int... sig) {
    if (b.length < offset + sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if ((b[offset + i] & 0xff) != sig[i]) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable ImageReader reader(Format format) {
    String name = format.readerName;
    if (name == null) {
      return null;
    }
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(name);
    return it.hasNext() ? it.next() : null;
  }

  /** Width and height from the header (the reader reads no pixel data for this), or null. */
  private static int @Nullable [] headerSize(byte[] bytes, Format format) {
    ImageReader reader = reader(format);
    if (reader == null) {
      return null;
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      return new int[] {reader.getWidth(0), reader.getHeight(0)};
    } catch (IOException | RuntimeException e) {
      return null;
    } finally {
      reader.dispose();
    }
  }

  private static BufferedImage decode(byte[] bytes, Checked c, int subsampling) {
    ImageReader reader = reader(c.format());
    if (reader == null) {
      throw unusable("it could not be decoded");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      // the header must agree with what was checked (a reader could see another image than the first check)
      if (reader.getWidth(0) != c.width() || reader.getHeight(0) != c.height()) {
        throw unusable("its header could not be read");
      }
      ImageReadParam param = reader.getDefaultReadParam();
      param.setSourceSubsampling(subsampling, subsampling, 0, 0);
      return reader.read(0, param);
    } catch (IOException | RuntimeException e) {
      if (e instanceof SentryMcpException s) {
        throw s;
      }
      throw unusable("it could not be decoded");
    } finally {
      reader.dispose();
    }
  }

  /**
   * WebP canvas size from the RIFF header: {@code VP8X} (24-bit width and height minus one), {@code VP8L} (14-bit
   * fields) or {@code VP8 } (14-bit fields of the key frame); null when the header is not one of these.
   */
  private static int @Nullable [] webpSize(byte[] b) {
    if (b.length < 30) {
      return null;
    }
    if (startsWith(b, 12, 'V', 'P', '8', 'X')) {
      int w = 1 + ((b[24] & 0xff) | (b[25] & 0xff) << 8 | (b[26] & 0xff) << 16);
      int h = 1 + ((b[27] & 0xff) | (b[28] & 0xff) << 8 | (b[29] & 0xff) << 16);
      return new int[] {w, h};
    }
    if (startsWith(b, 12, 'V', 'P', '8', 'L') && (b[20] & 0xff) == 0x2f) {
      int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
      return new int[] {1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff)};
    }
    if (startsWith(b, 12, 'V', 'P', '8', ' ') && startsWith(b, 23, 0x9d, 0x01, 0x2a)) {
      int w = ((b[26] & 0xff) | (b[27] & 0xff) << 8) & 0x3fff;
      int h = ((b[28] & 0xff) | (b[29] & 0xff) << 8) & 0x3fff;
      return new int[] {w, h};
    }
    return null;
  }

  private static SentryMcpException unusable(String reason) {
    return new SentryMcpException(ErrorKind.UPSTREAM_ERROR, "The image was not used: " + reason + ".");
  }
}
