package io.github.sentrymcp.core.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A cursor of our own for a tool that filters Sentry's pages itself: Sentry's cursor of the page being read, how many
 * visible items of it were already returned, and the page size. Encoded as {@code prefix} + base64url of {@code
 * {"v":1,"apiCursor":...,"offset":n,"pageLimit":n}}.
 *
 * <p>It lives here because it is request encoding: Sentry's cursor goes into it as text and comes back out only as a
 * query value.
 */
public record ResumeCursor(@Nullable Untrusted apiCursor, int offset, int pageLimit) {
  /** Sentry cursors we accept back, the same shape as the ones taken from {@code Link} headers. */
  private static final Pattern SENTRY_CURSOR = Pattern.compile("[A-Za-z0-9:._-]{1,200}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "arguments.cursor.apiCursor";

  public ResumeCursor {
    if (offset < 0 || pageLimit < 1 || pageLimit > 100) {
      throw new IllegalArgumentException("offset >= 0 and pageLimit 1-100");
    }
  }

  /** The cursor as text, {@code prefix} first. */
  public String encode(String prefix) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", 1);
    m.put("apiCursor", apiCursor == null ? null : apiCursor.rawValue());
    m.put("offset", offset);
    m.put("pageLimit", pageLimit);
    try {
      return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(m));
    } catch (IOException e) {
      throw new IllegalStateException("cursor encoding", e);
    }
  }

  /** The cursor {@code text} decoded, or null when it is not one {@link #encode} wrote with this prefix. */
  public static @Nullable ResumeCursor decode(String prefix, String text) {
    if (!text.startsWith(prefix)) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(new String(Base64.getUrlDecoder().decode(text.substring(prefix.length())),
          StandardCharsets.UTF_8));
      if (n == null || !n.isObject()) {
        return null;
      }
      JsonNode api = n.path("apiCursor");
      JsonNode offset = n.path("offset");
      JsonNode pageLimit = n.path("pageLimit");
      boolean apiOk = api.isNull() || (api.isTextual() && SENTRY_CURSOR.matcher(api.asText()).matches());
      if (n.path("v").isInt() && n.path("v").asInt() == 1 && apiOk
          && offset.isIntegralNumber() && offset.canConvertToInt() && offset.asInt() >= 0
          && pageLimit.isIntegralNumber() && pageLimit.canConvertToInt()
          && pageLimit.asInt() >= 1 && pageLimit.asInt() <= 100) {
        return new ResumeCursor(api.isNull() ? null
            : Untrusted.of(api.asText(), SOURCE, TrustClass.UNTRUSTED_EXTERNAL), offset.asInt(), pageLimit.asInt());
      }
    } catch (IllegalArgumentException | IOException e) {
      // not ours: refused by the caller
    }
    return null;
  }
}
