package io.github.sentrymcp.core.internal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.result.Untrusted;
import org.jspecify.annotations.Nullable;

/**
 * JSON that Sentry hands out as a string value (span attributes such as {@code gen_ai.input.messages} hold a JSON
 * document as text), read the same tolerant way as a response: a {@link SentryJson} whose strings keep the value's
 * source and trust class. The text is never returned raw; only what a tool reads from the tree leaves it, as
 * {@link Untrusted}.
 */
public final class EmbeddedJson {
  private EmbeddedJson() {}

  /** Longest text parsed (longer values are left unparsed: the caller shows them truncated). */
  public static final int MAX_CHARS = 512 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The parsed document, or null when {@code text} is not a JSON array or object (plain text, a bare string, too
   * long or malformed).
   */
  public static @Nullable SentryJson parse(Untrusted text) {
    String raw = text.rawValue();
    if (raw.length() > MAX_CHARS) {
      return null;
    }
    String t = raw.strip();
    if (t.isEmpty() || (t.charAt(0) != '[' && t.charAt(0) != '{')) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(t);
      return node == null || !(node.isArray() || node.isObject()) ? null
          : SentryJson.root(node, text.source(), text.trust());
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }

  /** Texts joined with a separator (server text) into one value, with the first text's source and trust. */
  public static @Nullable Untrusted join(java.util.List<Untrusted> parts, String separator) {
    if (parts.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      sb.append(i == 0 ? "" : separator).append(parts.get(i).rawValue());
    }
    return Untrusted.of(sb.toString(), parts.get(0).source(), parts.get(0).trust());
  }
}
