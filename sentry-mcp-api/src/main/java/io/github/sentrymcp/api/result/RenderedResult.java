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
 */
public record RenderedResult(
    String text,
    List<RenderedBinary> binaries,
    @Nullable Map<String, Object> structuredContent,
    Map<String, Object> meta,
    boolean isError) {

  public RenderedResult {
    Objects.requireNonNull(text, "text");
    binaries = List.copyOf(binaries);
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /** A binary part: base64 data plus a URI for embedded resources. */
  public record RenderedBinary(BinaryContent.Kind kind, String mimeType, String base64Data, String uri) {
    public RenderedBinary {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(mimeType, "mimeType");
      Objects.requireNonNull(base64Data, "base64Data");
      Objects.requireNonNull(uri, "uri");
    }
  }
}
