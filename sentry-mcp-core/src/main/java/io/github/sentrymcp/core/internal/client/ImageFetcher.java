package io.github.sentrymcp.core.internal.client;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.RegionUrlValidator;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.core.internal.Timers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an image whose URL Sentry returned (a snapshot's {@code image_url}), under these rules:
 *
 * <ul>
 *   <li><b>Relative URLs</b> ({@code /api/0/...}) are requested from the <em>configured</em> Sentry host (never a
 *       region host given by the caller) with the session's credential;
 *   <li><b>Absolute URLs</b> are requested only when they name the configured origin or a host the {@link
 *       RegionUrlValidator} accepts (https, exact host match, no user information, IP literal or odd port), and
 *       <em>never</em> with the credential: no {@code Authorization} header, whatever the host;
 *   <li>the path and query are checked character by character (no URL parser): unreserved characters, {@code /},
 *       percent escapes and a few query delimiters only; no empty, {@code .} or {@code ..} segment (percent-encoded
 *       ones included), no encoded backslash, no fragment;
 *   <li>one attempt, no redirects (the engine's client never follows them), the call's time left and cancellation;
 *   <li>the body is capped: a {@code Content-Length} above the cap is refused before a byte is read, and reading
 *       stops as soon as the actual body goes over it.
 * </ul>
 *
 * <p>Errors are fixed messages that never name the URL; the server's explanation travels as untrusted details,
 * with the session's token removed.
 */
public final class ImageFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(ImageFetcher.class);
  static final String ENDPOINT = "GET snapshot image";
  private static final int ERROR_BODY_BYTES = 8 * 1024;
  private static final int MAX_URL_LENGTH = 4096;
  private static final String API_PREFIX = "/api/0/";
  private static final String ACCEPT = "image/png, image/jpeg, image/gif, image/webp, application/octet-stream";

  /** An image as received: its bytes, its response media type (lower case, may be empty), and how it was fetched. */
  public record Fetched(byte[] body, String mediaType, boolean authenticated) {}

  private final SentryApiClient configured;
  private final RegionUrlValidator validator;

  private ImageFetcher(SentryApiClient configured, RegionUrlValidator validator) {
    this.configured = configured;
    this.validator = validator;
  }

  /**
   * The image fetcher of a tool call.
   *
   * @param api the call's client for the configured host ({@code ToolCall#api()}); its credential is used for
   *     relative URLs only
   * @throws IllegalStateException when {@code api} is not bound to a call
   */
  public static ImageFetcher forCall(SentryApiClient api) {
    if (api.scope() == null) {
      throw new IllegalStateException("the image fetcher runs for a call: bind the API client first");
    }
    return new ImageFetcher(api, api.validator());
  }

  /**
   * Fetches one image.
   *
   * @param url the URL as Sentry returned it
   * @param maxBytes the largest body accepted
   * @throws SentryMcpException of kind {@link ErrorKind#UPSTREAM_ERROR} when the URL is not allowed (nothing is
   *     sent), the body is too large or the answer is not 2xx; network, timeout and cancellation kinds otherwise
   */
  public Fetched fetch(Untrusted url, long maxBytes) {
    String s = UrlText.trimAsciiWhitespace(url.rawValue());
    if (s.isEmpty() || s.length() > MAX_URL_LENGTH || !UrlText.isPrintableAscii(s) || s.indexOf('\\') >= 0
        || s.indexOf('#') >= 0) {
      throw refused();
    }
    if (s.startsWith("/")) {
      if (!s.startsWith(API_PREFIX) || !cleanPathAndQuery(s)) {
        throw refused();
      }
      return send(configured.config().baseUrl() + s, true, maxBytes);
    }
    if (s.indexOf('@') >= 0) {
      throw refused();
    }
    String lower = s.toLowerCase(Locale.ROOT);
    String scheme = lower.startsWith("https://") ? "https://" : lower.startsWith("http://") ? "http://" : null;
    if (scheme == null) {
      throw refused();
    }
    String authority = UrlText.authority(s.substring(scheme.length()));
    String rest = s.substring(scheme.length() + authority.length());
    if (!rest.startsWith("/") || !cleanPathAndQuery(rest)) {
      throw refused();
    }
    String origin;
    if (configured.namesConfiguredOrigin(s)) {
      origin = configured.config().baseUrl();
    } else {
      try {
        origin = validator.validate(s);
      } catch (SentryMcpException e) {
        throw refused();
      }
      if (!origin.equals(scheme + authority.toLowerCase(Locale.ROOT)) && !origin.equals(
          scheme + stripDefaultPort(authority.toLowerCase(Locale.ROOT)))) {
        throw refused(); // defence in depth: a custom validator must not move the request to another host
      }
    }
    return send(origin + rest, false, maxBytes);
  }

  private static String stripDefaultPort(String authority) {
    return authority.endsWith(":443") ? authority.substring(0, authority.length() - 4) : authority;
  }

  private static SentryMcpException refused() {
    return new SentryMcpException(ErrorKind.UPSTREAM_ERROR, "Sentry returned an image URL that is not allowed"
        + " (only /api/0/ paths of the configured Sentry host and https URLs of allowed hosts are fetched), so it"
        + " was not fetched.");
  }

  /**
   * A path (starting with {@code /}) and optional query made only of unreserved characters, {@code /} and percent
   * escapes ({@code = & + , : ;} too in the query), without empty, {@code .} or {@code ..} segments (encoded ones
   * included) and without an encoded backslash or control character.
   */
  static boolean cleanPathAndQuery(String s) {
    int q = s.indexOf('?');
    String path = q < 0 ? s : s.substring(0, q);
    String query = q < 0 ? "" : s.substring(q + 1);
    if (!cleanChars(path, false) || !cleanChars(query, true)) {
      return false;
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i].replace("%2e", ".").replace("%2E", ".");
      boolean last = i == segments.length - 1;
      if ((seg.isEmpty() && !last) || seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static boolean cleanChars(String s, boolean query) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
          return false;
        }
        int b = hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2));
        if (b < 0x20 || b == 0x7f || b == '\\') {
          return false;
        }
        i += 2;
        continue;
      }
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || (!query && c == '/')
          || (query && (c == '=' || c == '&' || c == '+' || c == ',' || c == ':' || c == ';' || c == '/'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private Fetched send(String checkedUrl, boolean authenticated, long maxBytes) {
    CallScope scope = configured.scope();
    if (scope == null) {
      throw new IllegalStateException("unbound client");
    }
    scope.check();
    URI uri;
    try {
      uri = URI.create(checkedUrl);
    } catch (IllegalArgumentException e) {
      throw refused();
    }
    Duration perRequest = configured.config().requestTimeout();
    long leftMillis = scope.remainingNanos() / 1_000_000;
    long attemptMillis = Math.max(1, Math.min(perRequest.toMillis(), leftMillis));
    boolean cutByDeadline = attemptMillis < perRequest.toMillis();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofMillis(attemptMillis))
        .header("Accept", ACCEPT)
        .header("User-Agent", configured.config().userAgent())
        .GET();
    SecretRedactor secret = SecretRedactor.NONE;
    if (authenticated) {
      String token;
      try {
        token = scope.credential().token();
      } catch (RuntimeException e) {
        throw new SentryMcpException(ErrorKind.AUTHENTICATION, "The session's credential could not provide a token.");
      }
      b.header("Authorization", "Bearer " + SentryApiClient.checkedToken(token));
      secret = scope.redactorFor(token);
    }
    HttpClient http = configured.httpClient();
    Timers timers = configured.timers();
    scope.metrics().countApiRequest();
    CompletableFuture<HttpResponse<byte[]>> f;
    try {
      f = http.sendAsync(b.build(), LimitedBodySubscriber.handler(maxBytes, ERROR_BODY_BYTES));
    } catch (RuntimeException e) {
      throw new SentryMcpException(ErrorKind.NETWORK, "The snapshot image could not be fetched.");
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    Future<?> watchdog = timers.schedule(() -> {
      if (!f.isDone()) {
        timedOut.set(true);
        f.cancel(true);
      }
    }, attemptMillis);
    var registration = scope.requestSignal().onCancel(() -> f.cancel(true));
    HttpResponse<byte[]> response;
    try {
      response = f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw CallScope.cancelled();
    } catch (CancellationException | ExecutionException e) {
      throw failure(scope, e, timedOut.get(), cutByDeadline, perRequest, maxBytes);
    } finally {
      watchdog.cancel(false);
      registration.close();
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      String media = ErrorMapper.mediaType(response.headers().firstValue("Content-Type").orElse(""));
      return new Fetched(response.body(), media, authenticated);
    }
    if (status >= 300 && status < 400) {
      throw new SentryMcpException(ErrorKind.UPSTREAM_ERROR,
          "The snapshot image request was answered with a redirect (HTTP " + status + "), which is not followed.");
    }
    List<Untrusted> details = ErrorMapper.details(response.headers(), secret.redact(response.body()));
    ErrorKind kind = status == 404 ? ErrorKind.NOT_FOUND : status == 429 ? ErrorKind.RATE_LIMITED
        : status == 401 || status == 403 ? ErrorKind.PERMISSION_DENIED : ErrorKind.UPSTREAM_ERROR;
    throw new SentryMcpException(kind, "The snapshot image request was answered with HTTP " + status + ".",
        details, null);
  }

  private static SentryMcpException failure(CallScope scope, Exception e, boolean timedOut, boolean cutByDeadline,
      Duration perRequest, long maxBytes) {
    if (timedOut) {
      return cutByDeadline || scope.isExpired()
          ? scope.expired()
          : new SentryMcpException(ErrorKind.TIMEOUT, "The snapshot image did not arrive within "
              + perRequest.toSeconds() + " seconds.");
    }
    if (scope.isCancelled() || e instanceof CancellationException) {
      return CallScope.cancelled();
    }
    Throwable t = e.getCause();
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof LimitedBodySubscriber.ResponseTooLargeException) {
        return new SentryMcpException(ErrorKind.UPSTREAM_ERROR,
            "The snapshot image is larger than " + maxBytes + " bytes; it was not read.");
      }
      if (t instanceof java.net.http.HttpTimeoutException) {
        return new SentryMcpException(ErrorKind.TIMEOUT, "The snapshot image did not arrive within "
            + perRequest.toSeconds() + " seconds.");
      }
    }
    LOG.debug("{} failed: {}", ENDPOINT, Failures.describe(e.getCause()));
    return new SentryMcpException(ErrorKind.NETWORK, "The snapshot image could not be fetched.");
  }
}
