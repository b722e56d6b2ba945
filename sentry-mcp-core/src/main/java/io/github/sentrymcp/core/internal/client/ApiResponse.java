package io.github.sentrymcp.core.internal.client;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.result.TrustClass;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A successful (2xx) Sentry response. The body is parsed on first use.
 *
 * <p>Text read from a response made by {@link SentryApiClient} ({@link #json}, {@link #text}) has the session's
 * access token replaced by {@code [REDACTED]} wherever Sentry echoes it (see {@code SecretRedactor}); {@link #body()}
 * gives the bytes exactly as received, for binary content such as images, which redaction would corrupt.
 */
public final class ApiResponse {
  // trailing tokens ("{...} <html>") mean the body is not one JSON document: reject rather than read a prefix.
  // Sentry responses are full of floating-point timestamps and durations (a trace has hundreds): the fast double
  // parser reads them several times faster with the same results.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  private final int status;
  private final String endpoint;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final SecretRedactor secret;
  private volatile @Nullable JsonNode parsed;

  /** A response whose text is used as it is (nothing to redact). */
  public ApiResponse(int status, String endpoint, Map<String, List<String>> headers, byte[] body) {
    this(status, endpoint, headers, body, SecretRedactor.NONE);
  }

  ApiResponse(int status, String endpoint, Map<String, List<String>> headers, byte[] body, SecretRedactor secret) {
    this.secret = secret;
    this.status = status;
    this.endpoint = endpoint;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = h;
    this.body = body;
  }

  public int status() {
    return status;
  }

  /** The endpoint template this answers, e.g. {@code GET /organizations/{org}/}. */
  public String endpoint() {
    return endpoint;
  }

  public Optional<String> header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** Lower-cased media type without parameters, or empty. */
  public String mediaType() {
    String ct = header("Content-Type").orElse("");
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The body exactly as received, for binary content: the access token is <em>not</em> redacted here. Use {@link
   * #json} or {@link #text} for anything read as text.
   */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded with {@code charset} (malformed input replaced), the access token redacted. */
  public String text(Charset charset) {
    if (isAsciiCompatible(charset)) {
      return new String(secret.redact(body), charset);
    }
    return secret.redact(new String(body, charset));
  }

  private static boolean isAsciiCompatible(Charset charset) {
    return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.ISO_8859_1)
        || charset.equals(StandardCharsets.US_ASCII);
  }

  public int bodyLength() {
    return body.length;
  }

  /**
   * The body as a source-tracked JSON view.
   *
   * @param source root name in source paths, e.g. {@code issue}
   * @throws ApiException of kind {@link ErrorKind#UPSTREAM_ERROR} when the body is not JSON
   */
  public SentryJson json(String source, TrustClass trust) {
    return SentryJson.root(tree(), source, trust, status, endpoint);
  }

  /** Event data: {@link TrustClass#UNTRUSTED_EXTERNAL}. */
  public SentryJson json(String source) {
    return json(source, TrustClass.UNTRUSTED_EXTERNAL);
  }

  /**
   * The body of a single-resource endpoint: a JSON object.
   *
   * @throws ApiException of kind {@link ErrorKind#UPSTREAM_ERROR} when the body is not JSON or not an object
   */
  public SentryJson jsonObject(String source, TrustClass trust) {
    SentryJson body = json(source, trust);
    if (!body.isObject()) {
      throw wrongShape(body, "an object");
    }
    return body;
  }

  /** {@link #jsonObject(String, TrustClass)} of event data ({@link TrustClass#UNTRUSTED_EXTERNAL}). */
  public SentryJson jsonObject(String source) {
    return jsonObject(source, TrustClass.UNTRUSTED_EXTERNAL);
  }

  /**
   * The body of a list endpoint: a JSON array.
   *
   * @throws ApiException of kind {@link ErrorKind#UPSTREAM_ERROR} when the body is not JSON or not an array
   */
  public SentryJson jsonArray(String source, TrustClass trust) {
    SentryJson body = json(source, trust);
    if (!body.isArray()) {
      throw wrongShape(body, "a list");
    }
    return body;
  }

  /** {@link #jsonArray(String, TrustClass)} of event data ({@link TrustClass#UNTRUSTED_EXTERNAL}). */
  public SentryJson jsonArray(String source) {
    return jsonArray(source, TrustClass.UNTRUSTED_EXTERNAL);
  }

  /**
   * The upstream error for a body of the wrong shape, e.g. {@code Sentry returned a JSON object where GET
   * /organizations/ should return a list.} Server text only: the body's content never appears in it.
   *
   * @param expected what the endpoint should return, e.g. {@code a list}
   */
  public ApiException wrongShape(SentryJson body, String expected) {
    return new ApiException(ErrorKind.UPSTREAM_ERROR, status, endpoint,
        "Sentry returned " + body.describeType() + " where " + endpoint + " should return " + expected + ".",
        List.of(), null, null);
  }

  private JsonNode tree() {
    JsonNode p = parsed;
    if (p == null) {
      try {
        p = MAPPER.readTree(secret.redact(body));
      } catch (IOException e) {
        p = null;
      }
      if (p == null || p.isMissingNode()) {
        throw new ApiException(ErrorKind.UPSTREAM_ERROR, status, endpoint,
            "Sentry returned a response that is not valid JSON.", List.of(), null, null);
      }
      parsed = p;
    }
    return p;
  }

  /**
   * The cursor of the next page from the {@code Link} header: the entry with {@code rel="next"} and {@code
   * results="true"}; null when there is no further page.
   */
  public @Nullable String nextCursor() {
    return header("Link").map(LinkHeader::nextCursor).orElse(null);
  }
}
