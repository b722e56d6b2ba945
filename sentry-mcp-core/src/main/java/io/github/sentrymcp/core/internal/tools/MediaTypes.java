package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.result.BinaryContent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How downloaded content is returned, decided from its media type (lower case, without parameters, as {@link
 * io.github.sentrymcp.core.internal.client.ApiResponse#mediaType()} gives it) against fixed lists, never from the
 * content: text and JSON may be decoded and shown as data; anything else stays bytes and is returned as an embedded
 * resource typed with one of {@link #RESOURCE_TYPES} (so a host never renders Sentry content as HTML, SVG or script).
 */
public final class MediaTypes {
  private MediaTypes() {}

  /** {@code application/octet-stream}, the type of every binary that is not one of the harmless archive types. */
  public static final String OCTET_STREAM = "application/octet-stream";

  /** The MIME types an embedded resource may carry. */
  public static final List<String> RESOURCE_TYPES = List.of(OCTET_STREAM, "application/pdf", "application/zip",
      "application/gzip", "application/x-tar", "application/x-7z-compressed");

  /** {@code text/*}. */
  public static boolean isText(String mediaType) {
    return BinaryContent.isPlainMimeType(mediaType) && mediaType.startsWith("text/");
  }

  /** {@code application/json}, {@code application/x-ndjson} and {@code application/*+json}. */
  public static boolean isJson(String mediaType) {
    return BinaryContent.isPlainMimeType(mediaType) && (mediaType.equals("application/json")
        || mediaType.equals("application/x-ndjson") || (mediaType.startsWith("application/")
        && mediaType.endsWith("+json")));
  }

  /** The resource type for binary content of this media type: itself when listed, else octet-stream. */
  public static String resourceType(@Nullable String mediaType) {
    for (String r : RESOURCE_TYPES) {
      if (r.equals(mediaType)) {
        return r;
      }
    }
    return OCTET_STREAM;
  }
}
