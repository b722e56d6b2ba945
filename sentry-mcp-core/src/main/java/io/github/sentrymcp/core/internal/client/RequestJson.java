package io.github.sentrymcp.core.internal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request encoding for values whose property names come from Sentry, such as the field names of a Sentry App's link
 * form: tools cannot read the text of an {@link Untrusted}, so the object is assembled here, where request encoding
 * lives. Values are JSON-compatible ({@code String}, {@code Number}, {@code Boolean}) or {@link Untrusted} (written as
 * their text), encoded with the client's request mapper.
 */
public final class RequestJson {
  private RequestJson() {}

  /** One member of an object: a property name from Sentry and its value. */
  public record Member(Untrusted name, Object value) {}

  /**
   * An ordered object for a request body ({@link ApiRequest#jsonBody()}), members in order; a later member with the
   * name of an earlier one replaces its value.
   */
  public static Map<String, Object> object(List<Member> members) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Member m : members) {
      out.put(m.name().rawValue(), m.value());
    }
    return out;
  }

  /** The compact JSON text of an object built by {@link #object}, as a value for a query parameter. */
  public static Untrusted text(List<Member> members, String source) {
    try {
      return Untrusted.of(SentryApiClient.MAPPER.writeValueAsString(object(members)), source, TrustClass.UNTRUSTED_DERIVED);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("request values are plain JSON", e);
    }
  }
}
