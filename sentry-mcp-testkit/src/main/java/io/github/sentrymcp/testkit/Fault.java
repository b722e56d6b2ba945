package io.github.sentrymcp.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FakeSentry} does instead of (or before) its normal answer when a {@link FaultRule}
 * fires. Immutable; the {@code retryAfterSeconds}, {@code header} and {@code delayed} methods
 * return modified copies.
 *
 * <pre>{@code
 * Fault.status(503).retryAfterSeconds(1)
 * Fault.status(429, "{\"detail\":\"slow down\"}")
 * Fault.delay(Duration.ofSeconds(2))      // normal answer, 2 s late
 * Fault.connectionReset()                 // socket closed, no HTTP response at all
 * Fault.malformedBody()                   // 200, application/json, truncated JSON
 * Fault.htmlBody(502)                     // proxy-style HTML error page
 * Fault.redirect(302, "https://example.com/login")
 * Fault.body(200, "text/plain", "hello".getBytes(UTF_8))
 * }</pre>
 */
public final class Fault {

  /** The kind of fault. */
  public enum Kind {
    /** An HTTP status with a JSON body. */
    STATUS,
    /** The normal answer, sent after {@link Fault#delay()}. */
    DELAY,
    /** The connection is closed without any HTTP response. */
    CONNECTION_RESET,
    /** Status and headers of the normal answer, half its body, then the connection is closed. */
    DISCONNECT_MID_BODY,
    /** 200 with {@code application/json} content type but a truncated, unparseable body. */
    MALFORMED_BODY,
    /** An HTML error page (like a proxy or load balancer would send). */
    HTML_BODY,
    /** A redirect with a {@code Location} header. */
    REDIRECT,
    /** Arbitrary status, content type and bytes. */
    BODY
  }

  private final Kind kind;
  private final int status;
  private final @Nullable String contentType;
  private final byte[] body;
  private final Map<String, String> headers;
  private final Duration delay;

  private Fault(
      Kind kind,
      int status,
      @Nullable String contentType,
      byte[] body,
      Map<String, String> headers,
      Duration delay) {
    this.kind = kind;
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.headers = Map.copyOf(headers);
    this.delay = delay;
  }

  private static Fault of(Kind kind, int status, @Nullable String contentType, byte[] body) {
    return new Fault(kind, status, contentType, body, Map.of(), Duration.ZERO);
  }

  /**
   * Answers {@code code} with a Sentry-style JSON body {@code {"detail": "..."}} whose message
   * depends on the status (e.g. the rate-limit text for 429).
   *
   * @param code the HTTP status
   * @return the fault
   */
  public static Fault status(int code) {
    return status(code, Json.detail(defaultDetail(code)));
  }

  /**
   * Answers {@code code} with the given JSON body (sent as is, {@code application/json}).
   *
   * @param code the HTTP status
   * @param jsonBody the JSON body
   * @return the fault
   */
  public static Fault status(int code, String jsonBody) {
    checkStatus(code);
    Objects.requireNonNull(jsonBody, "jsonBody");
    return of(Kind.STATUS, code, "application/json", jsonBody.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends the normal answer after waiting {@code delay} (in addition to any configured latency).
   *
   * @param delay how long to wait
   * @return the fault
   */
  public static Fault delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return new Fault(Kind.DELAY, 0, null, new byte[0], Map.of(), delay);
  }

  /**
   * Closes the connection after reading the request, without sending a status line or headers; the
   * client sees an {@link java.io.IOException} ({@code java.net.http}: "HTTP/1.1 header parser
   * received no bytes").
   *
   * <p>Note: like most HTTP clients, {@code java.net.http.HttpClient} transparently retries a GET
   * (or HEAD) once when the connection closes before any response byte (it assumes a stale pooled
   * connection). To make such a client surface the error, let the rule fire at least twice (the
   * default is every time), or use {@link #disconnectMidBody()}, which is never retried.
   *
   * @return the fault
   */
  public static Fault connectionReset() {
    return of(Kind.CONNECTION_RESET, 0, null, new byte[0]);
  }

  /**
   * Sends the status line and headers of the normal answer (with its full {@code Content-Length})
   * and half of its body, then closes the connection. Clients fail while reading the body with an
   * {@link java.io.IOException}, without an automatic retry.
   *
   * @return the fault
   */
  public static Fault disconnectMidBody() {
    return of(Kind.DISCONNECT_MID_BODY, 0, null, new byte[0]);
  }

  /**
   * Answers 200 with {@code Content-Type: application/json} and the first half of the normal answer
   * (or a truncated object if there is none), so JSON parsing fails.
   *
   * @return the fault
   */
  public static Fault malformedBody() {
    return of(Kind.MALFORMED_BODY, 200, "application/json", new byte[0]);
  }

  /**
   * Answers {@code code} with a {@code text/html} error page, as a proxy in front of Sentry might.
   *
   * @param code the HTTP status
   * @return the fault
   */
  public static Fault htmlBody(int code) {
    checkStatus(code);
    String reason = reason(code);
    String html =
        "<!DOCTYPE html>\n<html>\n<head><title>"
            + code
            + " "
            + reason
            + "</title></head>\n<body>\n<center><h1>"
            + code
            + " "
            + reason
            + "</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n";
    return of(Kind.HTML_BODY, code, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Answers {@code code} (301, 302, 303, 307, 308, ...) with {@code Location: location}.
   *
   * @param code the HTTP status
   * @param location the {@code Location} header's value
   * @return the fault
   */
  public static Fault redirect(int code, String location) {
    checkStatus(code);
    Objects.requireNonNull(location, "location");
    return new Fault(
        Kind.REDIRECT, code, null, new byte[0], Map.of("Location", location), Duration.ZERO);
  }

  /**
   * Answers with exactly this status, content type and body.
   *
   * @param code the HTTP status
   * @param contentType the {@code Content-Type}
   * @param body the body
   * @return the fault
   */
  public static Fault body(int code, String contentType, byte[] body) {
    checkStatus(code);
    Objects.requireNonNull(contentType, "contentType");
    return of(Kind.BODY, code, contentType, body.clone());
  }

  /**
   * Answers with exactly this status, content type and (UTF-8) body.
   *
   * @param code the HTTP status
   * @param contentType the {@code Content-Type}
   * @param body the body
   * @return the fault
   */
  public static Fault body(int code, String contentType, String body) {
    return body(code, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A copy that also sends {@code Retry-After: seconds}.
   *
   * @param seconds the seconds, not negative
   * @return the copy
   * @throws IllegalArgumentException if {@code seconds} is negative
   */
  public Fault retryAfterSeconds(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("seconds must not be negative: " + seconds);
    }
    return header("Retry-After", Long.toString(seconds));
  }

  /**
   * A copy that also sends this response header (ignored for {@link Kind#CONNECTION_RESET}).
   *
   * @param name the header's name
   * @param value the header's value
   * @return the copy
   */
  public Fault header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new Fault(kind, status, contentType, body, copy, delay);
  }

  /**
   * A copy that waits {@code delay} before acting (for {@link Kind#DELAY} it replaces the delay).
   *
   * @param delay how long to wait, not negative
   * @return the copy
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public Fault delayed(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return new Fault(kind, status, contentType, body, headers, delay);
  }

  /**
   * The kind of fault.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The HTTP status sent, or 0 for kinds that send the normal answer's status or none.
   *
   * @return the status, or 0
   */
  public int status() {
    return status;
  }

  /**
   * The content type sent, if this fault sends its own body.
   *
   * @return the content type, or null
   */
  public @Nullable String contentType() {
    return contentType;
  }

  /**
   * The body sent (a copy; empty for kinds that send none or derive it from the normal answer).
   *
   * @return a copy of the body
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Extra response headers.
   *
   * @return the headers
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * How long to wait before acting.
   *
   * @return the delay
   */
  public Duration delay() {
    return delay;
  }

  byte[] bodyUnsafe() {
    return body;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
    if (status != 0) {
      sb.append('(').append(status).append(')');
    }
    if (!delay.isZero()) {
      sb.append(" after ").append(delay.toMillis()).append("ms");
    }
    if (!headers.isEmpty()) {
      sb.append(' ').append(headers);
    }
    return sb.toString();
  }

  private static void checkStatus(int code) {
    if (code < 100 || code > 999) {
      throw new IllegalArgumentException("not an HTTP status: " + code);
    }
  }

  static String defaultDetail(int code) {
    return switch (code) {
      case 400 -> "Invalid request";
      case 401 -> "Invalid token";
      case 403 -> "You do not have permission to perform this action.";
      case 404 -> "The requested resource does not exist";
      case 429 ->
          "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1"
              + " seconds";
      case 500 -> "Internal Error";
      default -> code >= 500 ? reason(code) : "Error " + code;
    };
  }

  static String reason(int code) {
    return switch (code) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
  }
}
