package io.github.sentrymcp.core.internal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.Timers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documentation tools' HTTP client: the docs search backend and the documentation pages, never Sentry's API.
 *
 * <ul>
 *   <li><b>No credential</b>: requests carry no {@code Authorization} header and no cookie; the session's token is
 *       never read.
 *   <li><b>Hosts</b>: every URL passes {@link DocsUrls#check} before it is sent.
 *   <li>The engine's JDK {@link HttpClient}, which never follows redirects: a 3xx is an error.
 *   <li><b>Time</b>: {@value #TIMEOUT_SECONDS} s per request, shortened to the call's time left; the request ends
 *       when the call is cancelled or ends. No retries.
 *   <li><b>Size</b>: a successful body above {@value #MAX_BODY_BYTES} bytes aborts the exchange.
 *   <li><b>Errors</b> are fixed messages that never name the URL; the service's explanation travels as untrusted
 *       details.
 * </ul>
 */
public final class DocsClient {
  private static final Logger LOG = LoggerFactory.getLogger(DocsClient.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Time limit of one request, in seconds. */
  public static final int TIMEOUT_SECONDS = 15;

  /** Cap on a successful response body, in bytes. */
  public static final int MAX_BODY_BYTES = 200 * 1024;

  private static final int ERROR_BODY_BYTES = 8 * 1024;
  static final String SEARCH_ENDPOINT = "POST /api/search";
  static final String DOC_ENDPOINT = "GET documentation page";

  private final HttpClient http;
  private final CallScope scope;
  private final Timers timers;
  private final DocsUrls urls;
  private final String userAgent;
  private final Duration timeout;

  DocsClient(HttpClient http, CallScope scope, Timers timers, DocsUrls urls, String userAgent, Duration timeout) {
    this.http = http;
    this.scope = scope;
    this.timers = timers;
    this.urls = urls;
    this.userAgent = userAgent;
    this.timeout = timeout;
  }

  /**
   * The docs client of a tool call: the engine's HTTP client and the call's scope, taken from the call's API client
   * (its credential is not used).
   *
   * @throws IllegalStateException when {@code api} is not bound to a call
   */
  public static DocsClient forCall(SentryApiClient api) {
    CallScope sc = api.scope();
    if (sc == null) {
      throw new IllegalStateException("the docs client runs for a call: bind the API client first");
    }
    return new DocsClient(api.httpClient(), sc, api.timers(), new DocsUrls(api.config()), api.config().userAgent(),
        Duration.ofSeconds(TIMEOUT_SECONDS));
  }

  /** The URL guard (and the docs origin, for hints). */
  public DocsUrls urls() {
    return urls;
  }

  /**
   * {@code POST <search origin>/api/search} with {@code {"query", "maxResults", "guide"}} ({@code guide} null when
   * absent). Returns the 2xx answer.
   *
   * @throws SentryMcpException on any other answer, a timeout, cancellation or a failed connection
   */
  public ApiResponse search(String query, int maxResults, @Nullable String guide) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("maxResults", maxResults);
    body.put("guide", guide);
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new SentryMcpException(ErrorKind.INTERNAL, "Could not write the documentation search request.");
    }
    HttpRequest.Builder b = request(urls.searchUrl(), "application/json")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    ApiResponse r = send(b, SEARCH_ENDPOINT, "The documentation search service");
    if (r.status() == 404) {
      throw new SentryMcpException(ErrorKind.UPSTREAM_ERROR,
          "The documentation search service answered HTTP 404: the configured MCP URL may be wrong.");
    }
    return r;
  }

  /**
   * {@code GET <docs origin><path>} with {@code Accept: text/plain, text/markdown}. Returns the 2xx or 404 answer
   * (a 404 is for the tool to explain).
   *
   * @throws SentryMcpException of kind invalid input when the path is not a plain documentation path (nothing is
   *     sent); otherwise on any other answer, a timeout, cancellation or a failed connection
   */
  public ApiResponse page(String path) {
    HttpRequest.Builder b = request(urls.docUrl(path), "text/plain, text/markdown").GET();
    return send(b, DOC_ENDPOINT, "The documentation site");
  }

  private HttpRequest.Builder request(String checkedUrl, String accept) {
    return HttpRequest.newBuilder(URI.create(checkedUrl))
        .header("Accept", accept)
        .header("User-Agent", userAgent);
  }

  private ApiResponse send(HttpRequest.Builder builder, String endpoint, String service) {
    scope.check();
    long leftMillis = scope.remainingNanos() / 1_000_000;
    long attemptMillis = Math.max(1, Math.min(timeout.toMillis(), leftMillis));
    boolean cutByDeadline = attemptMillis < timeout.toMillis();
    HttpRequest request = builder.timeout(Duration.ofMillis(attemptMillis)).build();
    scope.metrics().countApiRequest();
    CompletableFuture<HttpResponse<byte[]>> f;
    try {
      f = http.sendAsync(request, LimitedBodySubscriber.handler(MAX_BODY_BYTES, ERROR_BODY_BYTES));
    } catch (RuntimeException e) {
      throw new SentryMcpException(ErrorKind.NETWORK, service + " could not be reached.");
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    Future<?> watchdog = timers.schedule(() -> {
      if (!f.isDone()) {
        timedOut.set(true);
        f.cancel(true);
      }
    }, attemptMillis);
    CancellationSignal.Registration registration = scope.requestSignal().onCancel(() -> f.cancel(true));
    HttpResponse<byte[]> response;
    try {
      response = f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw CallScope.cancelled();
    } catch (CancellationException | ExecutionException e) {
      throw failure(e, timedOut.get(), cutByDeadline, endpoint, service);
    } finally {
      watchdog.cancel(false);
      registration.close();
    }
    return answer(response, endpoint, service);
  }

  private SentryMcpException failure(Exception e, boolean timedOut, boolean cutByDeadline, String endpoint,
      String service) {
    if (timedOut) {
      return cutByDeadline || scope.isExpired()
          ? scope.expired()
          : new SentryMcpException(ErrorKind.TIMEOUT,
              service + " did not answer within " + TIMEOUT_SECONDS + " seconds.");
    }
    if (scope.isCancelled() || e instanceof CancellationException) {
      return CallScope.cancelled();
    }
    Throwable t = e.getCause();
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof LimitedBodySubscriber.ResponseTooLargeException) {
        return new SentryMcpException(ErrorKind.UPSTREAM_ERROR,
            service + " answered with more than " + MAX_BODY_BYTES / 1024 + " KB; the answer was not read.");
      }
      if (t instanceof java.net.http.HttpTimeoutException) {
        return new SentryMcpException(ErrorKind.TIMEOUT,
            service + " did not answer within " + TIMEOUT_SECONDS + " seconds.");
      }
    }
    LOG.debug("{} failed: {}", endpoint, io.github.sentrymcp.core.internal.Failures.describe(e.getCause()));
    return new SentryMcpException(ErrorKind.NETWORK, service + " could not be reached, or the connection failed.");
  }

  private static ApiResponse answer(HttpResponse<byte[]> response, String endpoint, String service) {
    int status = response.statusCode();
    if ((status >= 200 && status < 300) || status == 404) {
      return new ApiResponse(status, endpoint, response.headers().map(), response.body());
    }
    if (status >= 300 && status < 400) {
      throw new SentryMcpException(ErrorKind.UPSTREAM_ERROR,
          service + " answered with a redirect (HTTP " + status + "), which is not followed.");
    }
    List<Untrusted> details = ErrorMapper.details(response.headers(), response.body());
    ErrorKind kind = status == 429 ? ErrorKind.RATE_LIMITED : ErrorKind.UPSTREAM_ERROR;
    throw new SentryMcpException(kind, service + " answered HTTP " + status + ".", details, null);
  }

  @Override
  public String toString() {
    return "DocsClient[" + Objects.toString(urls.docsOrigin()) + "]";
  }
}
