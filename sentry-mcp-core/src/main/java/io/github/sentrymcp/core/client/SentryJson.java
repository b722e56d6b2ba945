package io.github.sentrymcp.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a Sentry JSON response that tracks the source path of every value. Strings come out only as
 * {@link Untrusted}; numbers, booleans and timestamps come out parsed. Navigation is tolerant: a missing field, a
 * null or a value of an unexpected type reads as absent, never as an exception, because self-hosted Sentry versions
 * differ.
 */
public final class SentryJson {
  private static final ObjectMapper PRINTER = new ObjectMapper();

  private final JsonNode node;
  private final String source;
  private final TrustClass trust;

  private SentryJson(JsonNode node, String source, TrustClass trust) {
    this.node = node;
    this.source = source;
    this.trust = trust;
  }

  /**
   * Wraps a parsed document.
   *
   * @param source the root's name in source paths, e.g. {@code issue} or {@code event}
   * @param trust trust class of the strings beneath (override per value with {@link #text(TrustClass)})
   */
  public static SentryJson root(JsonNode node, String source, TrustClass trust) {
    return new SentryJson(node, source, trust);
  }

  /** The source path of this node, e.g. {@code event.entries[2].data.values[0]}. */
  public String source() {
    return source;
  }

  public TrustClass trust() {
    return trust;
  }

  /** A view of the same node with another default trust class. */
  public SentryJson withTrust(TrustClass newTrust) {
    return new SentryJson(node, source, newTrust);
  }

  /** A child field (absent when missing or when this is not an object). {@code field} is a server constant. */
  public SentryJson get(String field) {
    JsonNode child = node.isObject() ? node.get(field) : null;
    return new SentryJson(child == null ? MissingNode.getInstance() : child, source + "." + field, trust);
  }

  /** Shorthand for a chain of {@link #get(String)}. */
  public SentryJson path(String... fields) {
    SentryJson cur = this;
    for (String f : fields) {
      cur = cur.get(f);
    }
    return cur;
  }

  /** An array element (absent when out of range or not an array). */
  public SentryJson at(int index) {
    JsonNode child = node.isArray() ? node.get(index) : null;
    return new SentryJson(
        child == null ? MissingNode.getInstance() : child, source + "[" + index + "]", trust);
  }

  /** Missing or JSON null. */
  public boolean isAbsent() {
    return node.isMissingNode() || node.isNull();
  }

  public boolean isPresent() {
    return !isAbsent();
  }

  public boolean isArray() {
    return node.isArray();
  }

  public boolean isObject() {
    return node.isObject();
  }

  public boolean isText() {
    return node.isTextual();
  }

  public boolean isNumber() {
    return node.isNumber();
  }

  /** Number of array elements or object fields; 0 otherwise. */
  public int size() {
    return node.isArray() || node.isObject() ? node.size() : 0;
  }

  /** Array elements; empty when this is not an array. */
  public List<SentryJson> items() {
    if (!node.isArray()) {
      return List.of();
    }
    List<SentryJson> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(new SentryJson(node.get(i), source + "[" + i + "]", trust));
    }
    return out;
  }

  /** A Sentry-keyed object entry: the key is data too, so it is {@link Untrusted} and addressed by position. */
  public record Entry(Untrusted key, SentryJson value) {}

  /**
   * Object fields in document order. Keys are Sentry text (tag keys, context names, header names), so their source
   * path names the position ({@code contexts{2}.key}), never the key text.
   */
  public List<Entry> entries() {
    if (!node.isObject()) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>(node.size());
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    int i = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String base = source + "{" + i + "}";
      out.add(
          new Entry(
              Untrusted.of(e.getKey(), base + ".key", trust),
              new SentryJson(e.getValue(), base + ".value", trust)));
      i++;
    }
    return out;
  }

  /** True if this object has a field of that (server-constant) name with a non-null value. */
  public boolean has(String field) {
    return get(field).isPresent();
  }

  /**
   * The value as text: strings as they are, numbers and booleans in their JSON form; {@code null} when absent, an
   * object or an array.
   */
  public @Nullable Untrusted text() {
    return text(trust);
  }

  public @Nullable Untrusted text(TrustClass trustClass) {
    if (node.isTextual()) {
      return Untrusted.of(node.textValue(), source, trustClass);
    }
    if (node.isNumber() || node.isBoolean()) {
      return Untrusted.of(node.asText(), source, trustClass);
    }
    return null;
  }

  /** Like {@link #text()} but {@code null} for empty strings too. */
  public @Nullable Untrusted nonEmptyText() {
    Untrusted t = text();
    return t == null || t.isEmpty() ? null : t;
  }

  /**
   * Like {@link #nonEmptyText()}, with {@code prefix} (a server constant) removed when the text starts with it (e.g.
   * {@code integrations:github} to {@code github}); null when nothing is left.
   */
  public @Nullable Untrusted nonEmptyTextWithoutPrefix(String prefix) {
    Untrusted t = nonEmptyText();
    if (t == null || !node.isTextual() || !node.textValue().startsWith(prefix)) {
      return t;
    }
    String rest = node.textValue().substring(prefix.length());
    return rest.isEmpty() ? null : Untrusted.of(rest, source, trust);
  }

  /** Exact string comparison with a server constant; false when absent or not a string. */
  public boolean textEquals(String expected) {
    return node.isTextual() && node.textValue().equals(expected);
  }

  /** Integral numbers, or strings holding one (Sentry sends some ids and counts as strings). */
  public OptionalLong asLong() {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return OptionalLong.of(node.longValue());
    }
    if (node.isTextual()) {
      String s = node.textValue().strip();
      if (!s.isEmpty() && s.length() <= 19 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        try {
          return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  public OptionalDouble asDouble() {
    if (node.isNumber()) {
      return OptionalDouble.of(node.doubleValue());
    }
    if (node.isTextual()) {
      try {
        double d = Double.parseDouble(node.textValue().strip());
        return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
      } catch (NumberFormatException e) {
        return OptionalDouble.empty();
      }
    }
    return OptionalDouble.empty();
  }

  public Optional<Boolean> asBoolean() {
    return node.isBoolean() ? Optional.of(node.booleanValue()) : Optional.empty();
  }

  /** ISO-8601 timestamps (with offset) or epoch seconds (possibly fractional). */
  public Optional<Instant> asInstant() {
    if (node.isNumber()) {
      double secs = node.doubleValue();
      if (Double.isFinite(secs) && secs > 0 && secs < 1e11) {
        long whole = (long) secs;
        return Optional.of(Instant.ofEpochSecond(whole, (long) ((secs - whole) * 1e9)));
      }
      return Optional.empty();
    }
    if (node.isTextual()) {
      String s = node.textValue().strip();
      try {
        return Optional.of(OffsetDateTime.parse(s).toInstant());
      } catch (DateTimeParseException e) {
        try {
          return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e2) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The subtree as pretty-printed JSON text, untrusted (for rendering raw context or extra data). */
  public @Nullable Untrusted asJsonText() {
    if (isAbsent()) {
      return null;
    }
    try {
      return Untrusted.of(
          PRINTER.writerWithDefaultPrettyPrinter().writeValueAsString(node), source, trust);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "SentryJson[" + source + "]";
  }
}
