package io.github.sentrymcp.core.internal.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ApiExchange;
import io.github.sentrymcp.api.CallObserver;
import io.github.sentrymcp.api.Notice;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.RegionUrlValidator;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.CallEvents;
import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.core.internal.Timers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentry REST client. Thread-safe and cheap to derive per region.
 *
 * <ul>
 *   <li><b>URLs</b>: {@code <origin>/api/0<path.encoded()>[?<query.encoded()>]}, passed to {@link URI#create} as is:
 *       never re-encoded, dot segments never resolved.
 *   <li><b>Hosts</b>: the configured host, or a region host accepted by the {@link RegionUrlValidator} ({@link
 *       #forRegion(String)}); region hosts are always reached over https.
 *   <li><b>Redirects</b> are never followed: a 3xx is an {@link ErrorKind#UPSTREAM_ERROR}.
 *   <li><b>Timeouts</b>: connect timeout and per-attempt request timeout from the configuration; the request timeout
 *       also bounds reading the body.
 *   <li><b>Retries</b> (see {@link RetryPolicy}): idempotent requests only, on 429/502/503/504 and connection
 *       failures, with exponential backoff and jitter, honouring {@code Retry-After} up to {@link
 *       SentryMcpConfig#maxRetryAfter()}; POST is never retried. Waiting never blocks a thread.
 *   <li><b>Bodies</b> are capped at {@link SentryMcpConfig#maxResponseBytes()}; a larger body aborts the exchange.
 *   <li><b>Errors</b> are {@link ApiException}s with fixed messages naming the endpoint template and status, never the
 *       URL, the query or the token; Sentry's explanation travels as untrusted {@code details}.
 *   <li><b>The token in responses</b>: wherever an error body, or a success body read as JSON or text, echoes the
 *       access token (literally or JSON-escaped), it is replaced by {@code [REDACTED]} before anything is parsed
 *       from it ({@link SecretRedactor}); {@link ApiResponse#body()} keeps binary content as received.
 * </ul>
 */
public final class SentryApiClient {
  private static final Logger LOG = LoggerFactory.getLogger(SentryApiClient.class);
  /** The logger name of the client's notices. */
  private static final String LOGGER_API = "sentry_mcp.api";
  /** Writes request bodies; {@link Untrusted} values (Sentry text sent back to Sentry) are written as their text. */
  static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule()
      .addSerializer(Untrusted.class, new JsonSerializer<Untrusted>() {
        @Override
        public void serialize(Untrusted value, JsonGenerator gen, SerializerProvider serializers)
            throws IOException {
          gen.writeString(value.rawValue());
        }
      }));
  private static final String API_PREFIX = "/api/0";
  private static final String SAAS_CONTROL_ORIGIN = "https://" + SentryMcpConfig.DEFAULT_HOST;
  /** Error bodies are read only for their explanation; anything beyond this is dropped. */
  static final int ERROR_BODY_LIMIT = 64 * 1024;

  private final SentryMcpConfig config;
  private final RegionUrlValidator validator;
  private final HttpClient http;
  private final RetryPolicy retryPolicy;
  private final String origin;
  private final @Nullable CallScope scope;
  private final Timers timers;

  private SentryApiClient(
      SentryMcpConfig config, RegionUrlValidator validator, HttpClient http, RetryPolicy retryPolicy,
      String origin, @Nullable CallScope scope, Timers timers) {
    this.timers = timers;
    this.config = config;
    this.validator = validator;
    this.http = http;
    this.retryPolicy = retryPolicy;
    this.origin = origin;
    this.scope = scope;
  }

  /**
   * A client for the configured host using a new JDK {@link HttpClient} from {@link #httpClientBuilder}.
   */
  public static SentryApiClient create(SentryMcpConfig config, RegionUrlValidator validator) {
    Objects.requireNonNull(config, "config");
    return create(config, validator, httpClientBuilder(config).build());
  }

  /**
   * The settings of the default JDK client: no redirects, HTTP/1.1, the configured connect timeout, and a direct
   * executor, so the client's internal stages run on its I/O thread instead of being handed to a pool thread.
   * Consequence for callers of {@link #sendAsync}: dependent stages of the returned future may run on that I/O thread,
   * so they must not block; the client's own code never does.
   *
   * <p>The JDK client completes every asynchronous exchange on {@code CompletableFuture}'s default executor. On a
   * machine with fewer than 3 CPUs that executor starts a new thread per task unless the JVM runs with {@code
   * -Djava.util.concurrent.ForkJoinPool.common.parallelism=2} (or more): a thread per Sentry request. The {@code
   * sentry-mcp-server} command sets it; a host embedding the library on small machines should too.
   */
  public static HttpClient.Builder httpClientBuilder(SentryMcpConfig config) {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(config.connectTimeout())
        .version(HttpClient.Version.HTTP_1_1)
        .executor(Runnable::run);
  }

  /**
   * A client sharing the given {@link HttpClient}, e.g. one with a custom executor. The client must not follow
   * redirects (a redirect could send the token to another host); its connect timeout, proxy and TLS settings are
   * used as they are, the request timeout comes from the configuration.
   *
   * @throws IllegalArgumentException when {@code httpClient.followRedirects()} is not {@link
   *     HttpClient.Redirect#NEVER}
   */
  public static SentryApiClient create(
      SentryMcpConfig config, RegionUrlValidator validator, HttpClient httpClient) {
    return create(config, validator, httpClient, Timers.shared());
  }

  /** Like {@link #create(SentryMcpConfig, RegionUrlValidator, HttpClient)}, with the timer the engine owns. */
  public static SentryApiClient create(
      SentryMcpConfig config, RegionUrlValidator validator, HttpClient httpClient, Timers timers) {
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(httpClient, "httpClient");
    if (httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the HttpClient must not follow redirects (use Redirect.NEVER)");
    }
    return new SentryApiClient(config, validator, httpClient,
        new RetryPolicy(config.maxRetries(), config.maxRetryAfter()), config.baseUrl(), null, timers);
  }

  private SentryApiClient withOrigin(String newOrigin) {
    return newOrigin.equals(origin)
        ? this
        : new SentryApiClient(config, validator, http, retryPolicy, newOrigin, scope, timers);
  }

  /**
   * This client bound to one tool call: every request it (and every client derived from it) sends ends when the call
   * is cancelled or its deadline passes, retries and waits included. Per-attempt timeouts shrink to the time left.
   */
  public SentryApiClient bind(CallScope callScope) {
    Objects.requireNonNull(callScope, "callScope");
    return new SentryApiClient(config, validator, http, retryPolicy, origin, callScope, timers);
  }

  /** The call this client is bound to, or null. */
  public @Nullable CallScope scope() {
    return scope;
  }

  /** The JDK client underneath (shared by every derived client). */
  HttpClient httpClient() {
    return http;
  }

  /** The engine's configuration. */
  SentryMcpConfig config() {
    return config;
  }

  /** The engine's timer (per-attempt watchdogs). */
  Timers timers() {
    return timers;
  }

  /** The engine's region URL validator (the host allow-list). */
  RegionUrlValidator validator() {
    return validator;
  }

  /** Whether {@code url} names exactly the configured origin (see {@link #forRegion(String)}). */
  boolean namesConfiguredOrigin(String url) {
    return isConfiguredOrigin(url);
  }

  /**
   * The client for a region given by a caller ({@code regionUrl} argument): null or blank means this client; anything
   * else must pass the validator (the configured host is always allowed).
   *
   * <p>A URL naming exactly the configured origin ({@code https://<configured host[:port]>}, or {@code
   * http://...} when the configuration uses plain http) yields the client for the configured host with its
   * configured scheme and port; this is how self-hosted installations on http or a non-standard port keep working.
   * Every other URL goes through {@link RegionUrlValidator#validate}, and the client talks to the returned origin
   * over https.
   *
   * @throws SentryMcpException of kind {@link ErrorKind#INVALID_INPUT} when the URL is not allowed
   */
  public SentryApiClient forRegion(@Nullable String regionUrl) {
    if (regionUrl == null || regionUrl.isBlank()) {
      return this;
    }
    if (isConfiguredOrigin(regionUrl)) {
      return withOrigin(config.baseUrl());
    }
    String validated = validator.validate(regionUrl);
    return withOrigin(checkedOrigin(validated));
  }

  /**
   * The client for a region URL returned by the API ({@code links.regionUrl}, {@code /users/me/regions/}): validated
   * exactly like {@link #forRegion(String)}. Null or blank (self-hosted Sentry often returns {@code ""}) means this
   * client.
   *
   * @throws SentryMcpException of kind {@link ErrorKind#UPSTREAM_ERROR} when Sentry returned a host that is not
   *     allowed; the message does not repeat the URL
   */
  public SentryApiClient forRegion(@Nullable Untrusted regionUrl) {
    if (regionUrl == null || regionUrl.isBlank()) {
      return this;
    }
    String raw = regionUrl.rawValue();
    if (isConfiguredOrigin(raw)) {
      return withOrigin(config.baseUrl());
    }
    String validated;
    try {
      validated = validator.validate(raw);
    } catch (SentryMcpException e) {
      LOG.warn("Sentry returned a region URL that is not allowed; the request was not sent");
      throw new SentryMcpException(ErrorKind.UPSTREAM_ERROR,
          "Sentry returned a region URL whose host is not allowed, so no request was sent to it. Allowed hosts: "
              + allowedHostsForMessage() + ".");
    }
    return withOrigin(checkedOrigin(validated));
  }

  /**
   * Checks the host of a Sentry web (UI) URL given by a caller, without sending anything; the URL must name:
   *
   * <ul>
   *   <li>the configured origin (the rule of {@link #forRegion(String)}: {@code http} only when the configuration
   *       uses plain http), or
   *   <li>a host the {@link RegionUrlValidator} accepts (https, no user information, {@code @}, {@code \} or {@code
   *       %}, no IP literal, no trailing dot, exact match), or
   *   <li>for SaaS, {@code <label>.<configured host>}: an organization subdomain such as {@code
   *       my-org.sentry.io}, where the label is one DNS label ({@code [a-z0-9-]}, not {@code www}, {@code us},
   *       {@code de} or {@code eu}) and the URL with the label removed names the configured origin.
   * </ul>
   *
   * @return the organization subdomain's label (lower case), or null when the host names no organization
   * @throws SentryMcpException of kind {@link ErrorKind#INVALID_INPUT} when the host is not one of these; the
   *     message is fixed and does not repeat the URL
   */
  public @Nullable String webUrlOrganization(String url) {
    if (isConfiguredOrigin(url)) {
      return null;
    }
    try {
      validator.validate(url);
      return null;
    } catch (SentryMcpException e) {
      // not a region host: maybe an organization subdomain of the configured host
    }
    String s = UrlText.trimAsciiWhitespace(url);
    String lower = s.toLowerCase(Locale.ROOT);
    String scheme = lower.startsWith("https://") ? "https://" : lower.startsWith("http://") ? "http://" : null;
    if (config.isSaas() && scheme != null) {
      String afterScheme = lower.substring(scheme.length());
      String authority = UrlText.authority(afterScheme);
      int dot = authority.indexOf('.');
      if (dot > 0) {
        String label = authority.substring(0, dot);
        String rest = scheme + afterScheme.substring(dot + 1);
        if (isSubdomainLabel(label) && isConfiguredOrigin(rest)) {
          return label;
        }
      }
    }
    throw SentryMcpException.invalidInput("The url is not a web URL of this server's Sentry: its host must be the"
        + " configured Sentry host, an organization subdomain of it, or an allowed region host (https only). No"
        + " request was sent.");
  }

  private static boolean isSubdomainLabel(String label) {
    if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
        || label.equals("www") || label.equals("us") || label.equals("de") || label.equals("eu")) {
      return false;
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** For SaaS: the control host {@code sentry.io} (for {@code /auth/} and {@code /users/me/regions/}); else this. */
  public SentryApiClient controlHost() {
    return config.isSaas() ? withOrigin(SAAS_CONTROL_ORIGIN) : this;
  }

  /** {@code scheme://host[:port]} this client talks to. */
  public String origin() {
    return origin;
  }

  /**
   * Sends a request and waits for the outcome.
   *
   * @throws SentryMcpException (usually an {@link ApiException}) on any failure; of kind {@link ErrorKind#NETWORK}
   *     when the calling thread is interrupted (the request is then cancelled and the interrupt flag kept)
   */
  public ApiResponse send(ApiRequest request) {
    CompletableFuture<ApiResponse> future = sendAsync(request);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw ErrorMapper.interrupted(request);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause(), request);
    } catch (CancellationException e) {
      throw ErrorMapper.cancelled(request);
    }
  }

  /**
   * Sends a request without blocking. The future completes with the 2xx response or exceptionally with a {@link
   * SentryMcpException} (wrapped in a {@link CompletionException} for dependent stages). Cancelling the future aborts
   * the exchange and any pending retry. Retry waits are scheduled with {@link
   * Timers}, never slept on a thread.
   */
  public CompletableFuture<ApiResponse> sendAsync(ApiRequest request) {
    Objects.requireNonNull(request, "request");
    CallScope sc = scope;
    if (sc == null) {
      throw new IllegalStateException("the client sends requests only for a call: bind it to a CallScope first");
    }
    HttpRequest httpRequest;
    SecretRedactor secret;
    try {
      String token = sc.credential().token(); // read per request: a token file or refresh may have changed it
      secret = sc.redactorFor(token);
      httpRequest = buildRequest(request, token);
    } catch (SentryMcpException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new SentryMcpException(ErrorKind.AUTHENTICATION,
          "The session's credential could not provide a token."));
    }
    return new Call(request, httpRequest, secret).start();
  }

  public ApiResponse get(ApiPath path, Query query) {
    return send(ApiRequest.get(path, query));
  }

  public ApiResponse get(ApiPath path) {
    return send(ApiRequest.get(path));
  }

  public CompletableFuture<ApiResponse> getAsync(ApiPath path, Query query) {
    return sendAsync(ApiRequest.get(path, query));
  }

  public CompletableFuture<ApiResponse> getAsync(ApiPath path) {
    return sendAsync(ApiRequest.get(path));
  }

  @Override
  public String toString() {
    return "SentryApiClient[" + origin + "]";
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** The absolute, already-encoded URL; package-private for tests. */
  String url(ApiRequest request) {
    StringBuilder sb = new StringBuilder(origin).append(API_PREFIX).append(request.path().encoded());
    if (!request.query().isEmpty()) {
      sb.append('?').append(request.query().encoded());
    }
    return sb.toString();
  }

  private HttpRequest buildRequest(ApiRequest request, String token) {
    URI uri;
    try {
      uri = URI.create(url(request));
    } catch (IllegalArgumentException e) {
      // cannot happen for encoded paths and validated origins; never echo the URL
      throw new ApiException(ErrorKind.INTERNAL, 0, request.endpoint(),
          "Could not build the URL for " + request.endpoint() + ".", List.of(), null, null);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(config.requestTimeout())
        .header("Authorization", "Bearer " + checkedToken(token))
        .header("Accept", "application/json")
        .header("User-Agent", config.userAgent());
    Object body = request.jsonBody();
    if (body != null) {
      byte[] json;
      try {
        json = MAPPER.writeValueAsBytes(body);
      } catch (JsonProcessingException e) {
        throw new ApiException(ErrorKind.INTERNAL, 0, request.endpoint(),
            "Could not serialize the request body for " + request.endpoint() + ".", List.of(), null, null);
      }
      b.header("Content-Type", "application/json");
      b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(json));
    } else {
      b.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  private HttpResponse.BodyHandler<byte[]> bodyHandler() {
    long limit = config.maxResponseBytes();
    return info -> {
      int status = info.statusCode();
      boolean success = status >= 200 && status < 300;
      String media = ErrorMapper.mediaType(info.headers().firstValue("Content-Type").orElse(""));
      if (success && !media.equals("text/html") && !media.equals("application/xhtml+xml")) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        return LimitedBodySubscriber.failing(limit, status, declared);
      }
      return LimitedBodySubscriber.truncating(Math.min(limit, ERROR_BODY_LIMIT));
    };
  }

  private static SentryMcpException unwrap(@Nullable Throwable failure, ApiRequest request) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof SentryMcpException e) {
      return e;
    }
    if (t instanceof CancellationException) {
      return ErrorMapper.cancelled(request);
    }
    return ErrorMapper.unexpected(request, t == null ? new IllegalStateException() : t);
  }

  /** True when {@code url} names exactly the configured origin (scheme, host and port after default-port removal). */
  private boolean isConfiguredOrigin(String url) {
    String s = UrlText.trimAsciiWhitespace(url);
    if (!UrlText.isPrintableAscii(s) || s.indexOf('@') >= 0 || s.indexOf('\\') >= 0) {
      return false;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    String scheme;
    if (lower.startsWith("https://")) {
      scheme = "https";
    } else if (lower.startsWith("http://") && config.insecureHttp()) {
      scheme = "http";
    } else {
      return false;
    }
    String authority = UrlText.authority(lower.substring(scheme.length() + 3));
    if (authority.isEmpty() || authority.indexOf('%') >= 0) {
      return false;
    }
    return withoutDefaultPort(authority, scheme).equals(withoutDefaultPort(config.host(), config.scheme()));
  }

  private static String withoutDefaultPort(String authority, String scheme) {
    String suffix = scheme.equals("https") ? ":443" : ":80";
    return authority.endsWith(suffix) ? authority.substring(0, authority.length() - suffix.length()) : authority;
  }

  /** Defence in depth against a custom validator: only {@code https://host[:port]} may come back. */
  private static String checkedOrigin(String validated) {
    String prefix = "https://";
    boolean ok = validated.startsWith(prefix) && validated.length() > prefix.length();
    for (int i = prefix.length(); ok && i < validated.length(); i++) {
      char c = validated.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':';
    }
    if (!ok) {
      throw new SentryMcpException(ErrorKind.INTERNAL,
          "The region URL validator returned something other than an https origin.");
    }
    return validated;
  }

  private String allowedHostsForMessage() {
    return Stream.concat(Stream.of(config.host()), config.allowedRegionDomains().stream())
        .distinct()
        .collect(Collectors.joining(", "));
  }

  /** A token fit for a header: printable ASCII without spaces (a credential is host code; it could return anything). */
  static String checkedToken(String token) {
    if (token.isEmpty() || token.length() > 4096) {
      throw new SentryMcpException(ErrorKind.AUTHENTICATION, "The session's credential gave no usable token.");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new SentryMcpException(ErrorKind.AUTHENTICATION, "The session's credential gave no usable token.");
      }
    }
    return token;
  }

  /**
   * One logical request: its attempts, its retries and the future handed to the caller. Every body read as text has
   * the request's own token removed ({@link SecretRedactor}: Sentry may echo it in an error message).
   */
  private final class Call {
    private final ApiRequest request;
    private final HttpRequest httpRequest;
    private final SecretRedactor secret;
    private final CompletableFuture<ApiResponse> result = new CompletableFuture<>();
    private volatile @Nullable CompletableFuture<HttpResponse<byte[]>> inFlight;
    // Written and read by one attempt at a time; each hand-over (delayed executor, future completion) is a
    // happens-before edge, so plain fields are enough.
    private int retries;
    private long sleptMillis;

    Call(ApiRequest request, HttpRequest httpRequest, SecretRedactor secret) {
      this.request = request;
      this.httpRequest = httpRequest;
      this.secret = secret;
    }

    CompletableFuture<ApiResponse> start() {
      CallScope sc = scope;
      if (sc != null) {
        if (sc.isCancelled() || sc.isExpired() || sc.requestSignal().isCancelled()) {
          return CompletableFuture.failedFuture(ErrorMapper.notSent(request, sc.isCancelled(), sc.timeLimit()));
        }
      }
      // Safety net: the per-attempt watchdog and the retry budget bound every call, but should a completion ever
      // be lost (seen once: a caller waited 18 minutes on a loaded machine), the call still ends, as a timeout,
      // after the longest time its attempts and waits could take, or at the tool call's deadline if that is
      // sooner. The timer is cancelled when the call completes.
      long overallMillis = config.requestTimeout().toMillis() * (retryPolicy.maxRetries() + 1L)
          + retryPolicy.sleepBudget().toMillis() + 1_000L;
      boolean boundByCall = sc != null && remainingMillis(sc) < overallMillis;
      long timerMillis = sc != null && boundByCall ? Math.max(1, remainingMillis(sc)) : overallMillis;
      Future<?> deadline = timers.schedule(() -> {
        if (!result.isDone()) {
          ApiException timeout = boundByCall && sc != null
              ? ErrorMapper.deadline(request, sc.timeLimit())
              : ErrorMapper.network(request, new java.util.concurrent.TimeoutException(), true,
                  config.requestTimeout());
          if (!boundByCall) {
            LOG.warn("{} did not complete within its overall deadline of {} ms; reported as a timeout",
                request.endpoint(), overallMillis);
          }
          if (result.completeExceptionally(timeout)) {
            cancelInFlight();
          }
        }
      }, timerMillis);
      CancellationSignal.Registration registration = sc == null
          ? CancellationSignal.Registration.NONE
          : sc.requestSignal().onCancel(() -> {
            if (result.completeExceptionally(ErrorMapper.cancelled(request))) {
              cancelInFlight();
            }
          });
      var unused = result.whenComplete((r, e) -> {
        deadline.cancel(false);
        registration.close();
        if (result.isCancelled()) {
          cancelInFlight();
        }
      });
      attempt();
      return result;
    }

    private void cancelInFlight() {
      CompletableFuture<HttpResponse<byte[]>> f = inFlight;
      if (f != null) {
        f.cancel(true);
      }
    }

    private void attempt() {
      if (result.isDone()) {
        return;
      }
      CallScope sc = scope;
      if (sc != null && sc.isExpired()) {
        fail(ErrorMapper.deadline(request, sc.timeLimit()));
        return;
      }
      CompletableFuture<HttpResponse<byte[]>> f;
      if (sc != null) {
        sc.metrics().countApiRequest();
      }
      Instant sentAt = Instant.now();
      long sentNanos = System.nanoTime();
      int resendCount = retries;
      try {
        f = http.sendAsync(httpRequest, bodyHandler());
      } catch (RuntimeException e) {
        result.completeExceptionally(ErrorMapper.unexpected(request, e));
        return;
      }
      inFlight = f;
      if (result.isDone()) {
        f.cancel(true);
        return;
      }
      // HttpRequest.timeout() stops waiting for the response headers; this also bounds reading the body, and the
      // time left to the call (the overall timer ends the call itself when that is what runs out).
      AtomicBoolean timedOut = new AtomicBoolean();
      long attemptMillis = config.requestTimeout().toMillis();
      sc = scope;
      if (sc != null) {
        attemptMillis = Math.max(1, Math.min(attemptMillis, remainingMillis(sc)));
      }
      // when the call's time left is shorter than an attempt, a timeout of this attempt is the call's deadline
      boolean cutByDeadline = attemptMillis < config.requestTimeout().toMillis();
      Future<?> watchdog = timers.schedule(() -> {
        if (!f.isDone()) {
          timedOut.set(true);
          f.cancel(true);
        }
      }, attemptMillis);
      var unusedDone = f.whenComplete((response, failure) -> {
        watchdog.cancel(false);
        report(response, timedOut.get(), sentAt, sentNanos, resendCount);
        try {
          onAttemptDone(response, failure, timedOut.get(), cutByDeadline);
        } catch (RuntimeException e) {
          result.completeExceptionally(ErrorMapper.unexpected(request, e));
        }
      });
    }

    private void onAttemptDone(
        @Nullable HttpResponse<byte[]> response, @Nullable Throwable failure, boolean timedOut,
        boolean cutByDeadline) {
      if (result.isDone()) {
        return;
      }
      if (failure != null || response == null) {
        onFailure(failure == null ? new IllegalStateException("no response") : failure, timedOut, cutByDeadline);
        return;
      }
      int status = response.statusCode();
      byte[] body = response.body();
      if (status >= 200 && status < 300) {
        if (ErrorMapper.isHtml(response.headers(), body)) {
          fail(ErrorMapper.htmlInsteadOfJson(request, status));
          return;
        }
        result.complete(new ApiResponse(status, request.endpoint(), response.headers().map(), body, secret));
        return;
      }
      Duration retryAfter =
          RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now());
      if (retries < retryPolicy.maxRetries() && retryPolicy.retryableStatus(request, status, retryAfter)) {
        Duration delay;
        if (retryAfter != null) {
          delay = retryAfter;
        } else {
          delay = retryPolicy.backoff(retries + 1);
        }
        boolean tooLong = retryAfter != null && retryAfter.compareTo(retryPolicy.maxRetryAfter()) > 0;
        if (!tooLong && sleptMillis + delay.toMillis() <= retryPolicy.sleepBudget().toMillis()
            && fitsInCall(delay)) {
          scheduleRetry(delay, "HTTP " + status);
          return;
        }
      }
      fail(ErrorMapper.fromResponse(request, status, response.headers(), secret.redact(body), retryAfter));
    }

    private void onFailure(Throwable failure, boolean timedOut, boolean cutByDeadline) {
      Throwable t = failure;
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      LimitedBodySubscriber.ResponseTooLargeException tooLarge = findTooLarge(t);
      if (tooLarge != null) {
        fail(ErrorMapper.tooLarge(request, tooLarge.status(), tooLarge.limit()));
        return;
      }
      CallScope sc = scope;
      if (timedOut && sc != null && (cutByDeadline || sc.isExpired())) {
        fail(ErrorMapper.deadline(request, sc.timeLimit()));
        return;
      }
      if (t instanceof CancellationException && !timedOut) {
        fail(ErrorMapper.cancelled(request));
        return;
      }
      if (retries < retryPolicy.maxRetries() && retryPolicy.retryableFailure(request, t, timedOut)) {
        Duration delay = retryPolicy.backoff(retries + 1);
        if (sleptMillis + delay.toMillis() <= retryPolicy.sleepBudget().toMillis() && fitsInCall(delay)) {
          scheduleRetry(delay, Failures.describe(t));
          return;
        }
      }
      fail(ErrorMapper.network(request, t, timedOut, config.requestTimeout()));
    }

    /** Whether waiting {@code delay} still leaves the call time for another attempt (at least 100 ms). */
    private boolean fitsInCall(Duration delay) {
      CallScope sc = scope;
      return sc == null || remainingMillis(sc) - delay.toMillis() >= 100;
    }

    /** Tells the call's observer about one attempt: its endpoint template and server, never its URL. */
    private void report(@Nullable HttpResponse<byte[]> response, boolean timedOut, Instant sentAt, long sentNanos,
        int resendCount) {
      CallScope sc = scope;
      if (sc == null || sc.observer() == CallObserver.NONE) {
        return;
      }
      URI uri = httpRequest.uri();
      Integer status = response == null ? null : response.statusCode();
      ErrorKind failure;
      if (status != null) {
        failure = status >= 200 && status < 300 ? null : ErrorMapper.kindForStatus(status);
      } else if (timedOut) {
        failure = ErrorKind.TIMEOUT;
      } else if (result.isDone() || sc.requestSignal().isCancelled()) {
        failure = ErrorKind.CANCELLED;
      } else {
        failure = ErrorKind.NETWORK;
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
      CallEvents.apiExchange(sc.observer(), new ApiExchange(request.method(), "/api/0" + request.path().template(),
          String.valueOf(uri.getHost()), port, resendCount, status, failure, sentAt,
          Duration.ofNanos(System.nanoTime() - sentNanos)));
    }

    private void scheduleRetry(Duration delay, String reason) {
      retries++;
      sleptMillis += delay.toMillis();
      LOG.debug("Retrying {} after {} in {} ms (retry {}/{})", request.endpoint(), reason, delay.toMillis(),
          retries, retryPolicy.maxRetries());
      CallScope sc = scope;
      if (sc != null) {
        boolean rateLimited = reason.equals("HTTP 429");
        CallEvents.notice(sc.observer(), rateLimited ? Notice.Level.WARNING : Notice.Level.INFO, LOGGER_API,
            (rateLimited ? "Sentry rate-limited " : "Sentry request failed (" + reason + "): ")
                + request.endpoint() + "; retry " + retries + " of " + retryPolicy.maxRetries() + " in "
                + delay.toMillis() + " ms.");
      }
      var unusedRetry = timers.schedule(this::attempt, delay.toMillis());
    }

    private void fail(ApiException e) {
      LOG.debug("{} failed: kind={} status={}", request.endpoint(), e.kind(), e.status());
      CallScope sc = scope;
      if (sc != null && e.kind() == ErrorKind.RATE_LIMITED) {
        CallEvents.notice(sc.observer(), Notice.Level.WARNING, LOGGER_API, "Sentry rate-limited "
            + request.endpoint() + " and no retry fits in the call's time; the call fails as rate_limited.");
      }
      result.completeExceptionally(e);
    }
  }

  private static long remainingMillis(CallScope scope) {
    return scope.remainingNanos() / 1_000_000;
  }

  private static LimitedBodySubscriber.@Nullable ResponseTooLargeException findTooLarge(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 16; depth++) {
      if (t instanceof LimitedBodySubscriber.ResponseTooLargeException e) {
        return e;
      }
      t = t.getCause();
    }
    return null;
  }
}
