package io.github.sentrymcp.core.internal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
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
 *
 * <p>Where a tool cannot work without a value, the {@code require...} methods check it and raise an upstream error
 * ({@link ErrorKind#UPSTREAM_ERROR}) whose message is fixed server text naming the endpoint template, never Sentry's
 * text: a wrong shape must not turn into an empty success.
 */
public final class SentryJson {
  private static final ObjectMapper PRINTER = new ObjectMapper();

  /** The response a document came from: its status and endpoint template, for upstream errors. */
  private record Origin(int status, String endpoint) {}

  private final JsonNode node;
  private final String source;
  private final TrustClass trust;
  private final @Nullable Origin origin;

  private SentryJson(JsonNode node, String source, TrustClass trust, @Nullable Origin origin) {
    this.node = node;
    this.source = source;
    this.trust = trust;
    this.origin = origin;
  }

  private SentryJson child(JsonNode child, String childSource) {
    return new SentryJson(child, childSource, trust, origin);
  }

  /**
   * Wraps a parsed document.
   *
   * @param source the root's name in source paths, e.g. {@code issue} or {@code event}
   * @param trust trust class of the strings beneath (override per value with {@link #text(TrustClass)})
   */
  public static SentryJson root(JsonNode node, String source, TrustClass trust) {
    return new SentryJson(node, source, trust, null);
  }

  /** A document parsed from the answer of {@code endpoint} (a template), whose upstream errors name it. */
  static SentryJson root(JsonNode node, String source, TrustClass trust, int status, String endpoint) {
    return new SentryJson(node, source, trust, new Origin(status, endpoint));
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
    return new SentryJson(node, source, newTrust, origin);
  }

  /** A child field (absent when missing or when this is not an object). {@code field} is a server constant. */
  public SentryJson get(String field) {
    JsonNode child = node.isObject() ? node.get(field) : null;
    return child(child == null ? MissingNode.getInstance() : child, source + "." + field);
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
    return child(child == null ? MissingNode.getInstance() : child, source + "[" + index + "]");
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
      out.add(child(node.get(i), source + "[" + i + "]"));
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
              child(e.getValue(), base + ".value")));
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
  /** The node as JSON text on one line, without spaces; null when absent. */
  public @Nullable Untrusted asCompactJsonText() {
    if (isAbsent()) {
      return null;
    }
    try {
      return Untrusted.of(PRINTER.writeValueAsString(node), source, trust);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

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

  // ------------------------------------------------------------------ required values

  /**
   * This value when it is an object.
   *
   * @param what server text naming the value in the error, e.g. {@code the field regions}
   * @throws SentryMcpException of kind {@link ErrorKind#UPSTREAM_ERROR} otherwise
   */
  public SentryJson requireObject(String what) {
    if (!node.isObject()) {
      throw wrongType(what, "an object");
    }
    return this;
  }

  /**
   * This value when it is an array.
   *
   * @param what server text naming the value in the error, e.g. {@code the field regions}
   * @throws SentryMcpException of kind {@link ErrorKind#UPSTREAM_ERROR} otherwise
   */
  public SentryJson requireArray(String what) {
    if (!node.isArray()) {
      throw wrongType(what, "a list");
    }
    return this;
  }

  /**
   * A string the tool cannot do without (for example a slug it matches the caller's against): a non-empty JSON string.
   * Numbers are not accepted: they are not what Sentry sends there, and their text would match by accident.
   *
   * @param what server text naming the value in the error, e.g. {@code the slug of a team}
   * @throws SentryMcpException of kind {@link ErrorKind#UPSTREAM_ERROR} otherwise
   */
  public Untrusted requireText(String what) {
    Untrusted t = node.isTextual() ? nonEmptyText() : null;
    if (t == null) {
      throw wrongType(what, "a non-empty string");
    }
    return t;
  }

  /**
   * An integer the tool cannot do without: an integral number or a string holding one (see {@link #asLong()}).
   *
   * @param what server text naming the value in the error
   * @throws SentryMcpException of kind {@link ErrorKind#UPSTREAM_ERROR} otherwise
   */
  public long requireLong(String what) {
    OptionalLong l = asLong();
    if (l.isEmpty()) {
      throw wrongType(what, "an integer");
    }
    return l.getAsLong();
  }

  /**
   * An upstream error about the answer this value belongs to: {@code Sentry's answer to GET /x/ <problem>.}
   *
   * @param problem server text, e.g. {@code holds no span}; never Sentry's text
   */
  public SentryMcpException malformed(String problem) {
    return upstream(origin == null
        ? "Sentry's answer " + problem + "."
        : "Sentry's answer to " + origin.endpoint() + " " + problem + ".");
  }

  /** The JSON type of this value in words, e.g. {@code a JSON list}; {@code nothing} when missing. */
  public String describeType() {
    return describe(node);
  }

  /** The JSON type of a node in words (server text: the node's content is never included). */
  static String describe(JsonNode n) {
    if (n.isMissingNode()) {
      return "nothing";
    }
    if (n.isNull()) {
      return "JSON null";
    }
    if (n.isObject()) {
      return "a JSON object";
    }
    if (n.isArray()) {
      return "a JSON list";
    }
    if (n.isTextual()) {
      return "a JSON string";
    }
    if (n.isNumber()) {
      return "a JSON number";
    }
    if (n.isBoolean()) {
      return "a JSON boolean";
    }
    return "a JSON value of another kind";
  }

  private SentryMcpException wrongType(String what, String expected) {
    return malformed("has " + describe(node) + " where " + what + " should be " + expected);
  }

  private SentryMcpException upstream(String message) {
    if (origin == null) {
      return new SentryMcpException(ErrorKind.UPSTREAM_ERROR, message);
    }
    return new ApiException(ErrorKind.UPSTREAM_ERROR, origin.status(), origin.endpoint(), message, List.of(), null,
        null);
  }

  @Override
  public String toString() {
    return "SentryJson[" + source + "]";
  }
}
