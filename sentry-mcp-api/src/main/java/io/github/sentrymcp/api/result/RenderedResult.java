package io.github.sentrymcp.api.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A tool result after the sanitizer: plain Java values ready for any transport. {@code structuredContent} and {@code
 * meta} hold only JSON-compatible values (String, Number, Boolean, null, List, Map).
 *
 * @param text the document as text, Sentry values inside untrusted-data regions
 * @param binaries the binary parts, in order; copied
 * @param structuredContent the structured content as JSON-compatible values, or null when there is none
 * @param meta the result's {@code _meta} (provenance of the Sentry values); copied
 * @param isError whether this is an error result
 */
public record RenderedResult(
    String text,
    List<RenderedBinary> binaries,
    @Nullable Map<String, Object> structuredContent,
    Map<String, Object> meta,
    boolean isError) {

  /**
   * Copies the binaries and the metadata.
   *
   * @param text the document as text, Sentry values inside untrusted-data regions
   * @param binaries the binary parts, in order; copied
   * @param structuredContent the structured content as JSON-compatible values, or null when there is none
   * @param meta the result's {@code _meta} (provenance of the Sentry values); copied
   * @param isError whether this is an error result
   * @throws NullPointerException when {@code text}, {@code binaries} or {@code meta} is null
   */
  public RenderedResult {
    Objects.requireNonNull(text, "text");
    binaries = List.copyOf(binaries);
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /**
   * A binary part: base64 data plus a URI for embedded resources.
   *
   * @param kind how a host should show it
   * @param mimeType the MIME type
   * @param base64Data the bytes, base64-encoded
   * @param uri the part's URI (an {@code attachment://} URI)
   */
  public record RenderedBinary(BinaryContent.Kind kind, String mimeType, String base64Data, String uri) {
    /**
     * Checks that every component is present.
     *
     * @param kind how a host should show it
     * @param mimeType the MIME type
     * @param base64Data the bytes, base64-encoded
     * @param uri the part's URI (an {@code attachment://} URI)
     * @throws NullPointerException when a component is null
     */
    public RenderedBinary {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(mimeType, "mimeType");
      Objects.requireNonNull(base64Data, "base64Data");
      Objects.requireNonNull(uri, "uri");
    }
  }
}
