package io.github.sentrymcp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a route handler sees of a request. */
final class Call {
  final Map<String, String> params;
  final Map<String, List<String>> query;
  /** The parsed JSON body, or a MissingNode. */
  final JsonNode body;
  final String baseUrl;

  Call(Map<String, String> params, Map<String, List<String>> query, JsonNode body, String baseUrl) {
    this.params = params;
    this.query = query;
    this.body = body;
    this.baseUrl = baseUrl;
  }

  /** A path parameter (decoded). */
  String p(String name) {
    String v = params.get(name);
    if (v == null) {
      throw new IllegalStateException("no path parameter " + name);
    }
    return v;
  }

  /** The first value of a query parameter, or null. */
  @Nullable String q(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  String q(String name, String fallback) {
    String v = q(name);
    return v == null ? fallback : v;
  }

  List<String> qAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  boolean has(String name) {
    return query.containsKey(name);
  }

  /** A text field of the JSON body, or the fallback. */
  String bodyText(String field, String fallback) {
    JsonNode v = body.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : fallback;
  }
}
