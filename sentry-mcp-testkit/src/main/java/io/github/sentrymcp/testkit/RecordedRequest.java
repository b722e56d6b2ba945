package io.github.sentrymcp.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One request received by {@link FakeSentry}, as recorded in its {@linkplain FakeSentry#journal()
 * journal}.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param rawPath the path exactly as received, still percent-encoded (e.g. {@code
 *     /api/0/organizations/a%2Fb/}); as rewritten when a {@link RequestRewriter} is configured
 * @param rawQuery the query string exactly as received (without {@code ?}), or {@code null} if the
 *     request had none; as rewritten when a {@link RequestRewriter} is configured
 * @param headers the request headers; lookups are case-insensitive
 * @param body the request body decoded as UTF-8 ({@code ""} if none)
 * @param route the name of the matched route (e.g. {@code GET
 *     /api/0/organizations/{org}/issues/{issue}/}), or {@code null} if no route matched
 * @param status the response status sent, or {@link #NO_RESPONSE} if the connection was closed
 *     without a response
 * @param fault a description of the fault applied, or {@code null} if none
 * @param receivedAt when the request was received
 */
public record RecordedRequest(
    String method,
    String rawPath,
    @Nullable String rawQuery,
    Map<String, List<String>> headers,
    String body,
    @Nullable String route,
    int status,
    @Nullable String fault,
    Instant receivedAt) {

  /** {@link #status()} of a request that got no HTTP response (connection reset). */
  public static final int NO_RESPONSE = -1;

  /**
   * Copies the headers into an unmodifiable, case-insensitive map.
   *
   * @param method the HTTP method, e.g. {@code GET}
   * @param rawPath the path exactly as received, still percent-encoded (e.g. {@code
   *     /api/0/organizations/a%2Fb/}); as rewritten when a {@link RequestRewriter} is configured
   * @param rawQuery the query string exactly as received (without {@code ?}), or {@code null} if the
   *     request had none; as rewritten when a {@link RequestRewriter} is configured
   * @param headers the request headers; lookups are case-insensitive
   * @param body the request body decoded as UTF-8 ({@code ""} if none)
   * @param route the name of the matched route (e.g. {@code GET
   *     /api/0/organizations/{org}/issues/{issue}/}), or {@code null} if no route matched
   * @param status the response status sent, or {@link #NO_RESPONSE} if the connection was closed
   *     without a response
   * @param fault a description of the fault applied, or {@code null} if none
   * @param receivedAt when the request was received
   */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receivedAt, "receivedAt");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.merge(k, List.copyOf(v), RecordedRequest::concat));
    headers = Collections.unmodifiableMap(copy);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  /**
   * Whether a route of the fake Sentry API matched.
   *
   * @return true when a route matched
   */
  public boolean matched() {
    return route != null;
  }

  /**
   * The first value of a request header (case-insensitive name), or {@code null}.
   *
   * @param name the header's name
   * @return the first value, or null
   */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The path with percent-escapes decoded (so {@code a%2Fb} becomes {@code a/b}).
   *
   * @return the decoded path
   */
  public String path() {
    return Http.percentDecode(rawPath);
  }

  /**
   * All query parameters, decoded, in order of appearance.
   *
   * @return the parameters, by name
   */
  public Map<String, List<String>> queryParams() {
    return Http.parseQuery(rawQuery);
  }

  /**
   * All (decoded) values of one query parameter; empty if absent.
   *
   * @param name the parameter's name
   * @return the values, in order
   */
  public List<String> queryParams(String name) {
    return queryParams().getOrDefault(name, List.of());
  }

  /**
   * The first (decoded) value of a query parameter, or {@code null} if absent.
   *
   * @param name the parameter's name
   * @return the first value, or null
   */
  public @Nullable String queryParam(String name) {
    List<String> values = queryParams(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** {@code METHOD rawPath[?rawQuery] -> status}, for assertion messages. */
  @Override
  public String toString() {
    Map<String, Object> extra = new LinkedHashMap<>();
    if (route != null) {
      extra.put("route", route);
    }
    if (fault != null) {
      extra.put("fault", fault);
    }
    return method
        + " "
        + rawPath
        + (rawQuery == null ? "" : "?" + rawQuery)
        + " -> "
        + (status == NO_RESPONSE ? "no response" : Integer.toString(status))
        + (extra.isEmpty() ? "" : " " + extra);
  }
}
