package io.github.sentrymcp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A route's answer. Paged answers carry their items; FakeSentry slices them and adds Link. */
final class Reply {
  static final String JSON = "application/json";

  final int status;
  final @Nullable String contentType;
  final byte[] body;
  final Map<String, String> headers;
  /** Items of a paged list answer, or null. */
  final @Nullable List<JsonNode> items;
  /** If non-null, paged items are put into this object's "data" field instead of a bare array. */
  final @Nullable ObjectNode envelope;

  private Reply(
      int status,
      @Nullable String contentType,
      byte[] body,
      Map<String, String> headers,
      @Nullable List<JsonNode> items,
      @Nullable ObjectNode envelope) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.headers = headers;
    this.items = items;
    this.envelope = envelope;
  }

  static Reply bytes(int status, @Nullable String contentType, byte[] body) {
    return new Reply(status, contentType, body, new LinkedHashMap<>(), null, null);
  }

  static Reply json(int status, JsonNode node) {
    return bytes(status, JSON, Json.bytes(node));
  }

  static Reply json(JsonNode node) {
    return json(200, node);
  }

  /** Pre-serialised JSON. */
  static Reply rawJson(int status, byte[] json) {
    return bytes(status, JSON, json);
  }

  static Reply fixture(String name) {
    return rawJson(200, Fixtures.json(name));
  }

  static Reply detail(int status, String message) {
    return bytes(status, JSON, Json.detail(message).getBytes(StandardCharsets.UTF_8));
  }

  static Reply notFound() {
    return detail(404, "The requested resource does not exist");
  }

  static Reply empty(int status) {
    return bytes(status, null, new byte[0]);
  }

  /** A paged JSON array. */
  static Reply page(List<? extends JsonNode> items) {
    return new Reply(200, JSON, new byte[0], new LinkedHashMap<>(), List.copyOf(items), null);
  }

  /** A paged {@code {"data": [...], ...}} answer (events, replays). */
  static Reply pageData(ObjectNode envelope) {
    JsonNode data = envelope.path("data");
    List<JsonNode> items = new java.util.ArrayList<>();
    data.forEach(items::add);
    return new Reply(200, JSON, new byte[0], new LinkedHashMap<>(), List.copyOf(items), envelope);
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
