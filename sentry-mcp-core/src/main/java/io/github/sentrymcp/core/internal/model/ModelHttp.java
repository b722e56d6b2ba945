package io.github.sentrymcp.core.internal.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelException.Failure;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.core.internal.LibraryVersion;
import io.github.sentrymcp.core.internal.Timers;
import io.github.sentrymcp.core.internal.client.LimitedBodySubscriber;
import io.github.sentrymcp.core.model.ModelSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport both adapters share: one JSON POST with a time limit, cancellation, a capped body and no redirects,
 * and the mapping of every failure to a {@link ModelException} whose message is a fixed template (the provider and
 * model label, the HTTP status, what the operator can do). The provider's error text, the key, the URL, exception
 * class names and stack traces never reach a message or a log line; the provider's error code is logged only when it
 * is a plain identifier.
 */
final class ModelHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHttp.class);
  static final ObjectMapper JSON = new ObjectMapper();
  /** The most bytes of a successful answer that are read. */
  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
  /** Error bodies only feed the failure's classification. */
  private static final int ERROR_BODY_BYTES = 64 * 1024;
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_.\\[\\]]{1,64}");
  private static final Pattern REGION = Pattern.compile(
      "(?s).*\\b(country|region|territory)\\b.*\\bnot (be )?supported\\b.*|(?s).*\\bunsupported (country|region)\\b.*");
  private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  private final HttpClient http;
  private final ModelSettings settings;
  private final String label;
  private final String userAgent;

  ModelHttp(HttpClient http, ModelSettings settings) {
    this.http = http;
    this.settings = settings;
    this.label = settings.label();
    this.userAgent = "sentry-mcp-java/" + LibraryVersion.get();
  }

  String label() {
    return label;
  }

  /** A provider's answer: its status, headers and body (the whole body for 2xx, the first 64 KiB otherwise). */
  record Answer(int status, HttpHeaders headers, byte[] body) {}

  /**
   * POSTs {@code body} as JSON to {@code uri} with the common headers plus {@code headers}, and returns the 2xx answer.
   *
   * @throws ModelException on any other answer, a timeout, cancellation, an oversized body or a failed connection
   */
  Answer post(URI uri, Map<String, String> headers, JsonNode body, ModelRequest request) {
    CancellationSignal signal = request.cancellation();
    if (signal.isCancelled()) {
      throw failure(Failure.CANCELLED, 0, "The request to the " + label + " model was cancelled.", null, null, null);
    }
    Duration limit = settings.requestTimeout().compareTo(request.timeout()) <= 0 ? settings.requestTimeout()
        : request.timeout();
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a model request could not be written as JSON");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(limit)
        .header("User-Agent", userAgent)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    headers.forEach(b::header);
    CompletableFuture<HttpResponse<byte[]>> f;
    try {
      f = http.sendAsync(b.build(), LimitedBodySubscriber.handler(MAX_BODY_BYTES, ERROR_BODY_BYTES));
    } catch (RuntimeException e) {
      throw network(e);
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    Future<?> watchdog = Timers.shared().schedule(() -> {
      if (!f.isDone()) {
        timedOut.set(true);
        f.cancel(true);
      }
    }, limit.toMillis());
    CancellationSignal.Registration registration = signal.onCancel(() -> f.cancel(true));
    HttpResponse<byte[]> response;
    try {
      response = f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw failure(Failure.CANCELLED, 0, "The request to the " + label + " model was cancelled.", null, null, e);
    } catch (CancellationException | ExecutionException e) {
      throw transportFailure(e, timedOut.get(), signal.isCancelled(), limit);
    } finally {
      watchdog.cancel(false);
      registration.close();
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new Answer(status, response.headers(), response.body());
    }
    throw statusFailure(status, response.headers(), response.body());
  }

  /** A 2xx answer's status and body as a JSON object. */
  record JsonAnswer(int status, HttpHeaders headers, JsonNode root) {}

  /**
   * {@link #post} whose 2xx answer must be a JSON object.
   *
   * @throws ModelException as {@link #post}, and BAD_RESPONSE for a body that is not a JSON object
   */
  JsonAnswer postForObject(URI uri, Map<String, String> headers, JsonNode body, ModelRequest request) {
    Answer answer = post(uri, headers, body, request);
    JsonNode root;
    try {
      root = JSON.readTree(answer.body());
    } catch (IOException e) {
      throw badResponse(answer.status(), "a body that is not JSON", null);
    }
    if (root == null || !root.isObject()) {
      throw badResponse(answer.status(), "a body that is not a JSON object", null);
    }
    return new JsonAnswer(answer.status(), answer.headers(), root);
  }

  private ModelException transportFailure(Exception e, boolean timedOut, boolean cancelled, Duration limit) {
    if (timedOut) {
      return timeout(limit, e);
    }
    if (cancelled || e instanceof CancellationException) {
      return failure(Failure.CANCELLED, 0, "The request to the " + label + " model was cancelled.", null, null, e);
    }
    Throwable t = e.getCause();
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof LimitedBodySubscriber.ResponseTooLargeException tooLarge) {
        return badResponse(tooLarge.status(), "an answer larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB, which was not read",
            e);
      }
      if (t instanceof HttpTimeoutException) {
        return timeout(limit, e);
      }
      if (t instanceof ConnectException) {
        return failure(Failure.NETWORK, 0, "The " + label + " model's provider could not be reached (the connection"
            + " failed): check the base URL and the network, then retry.", null, null, e);
      }
    }
    return network(e);
  }

  private ModelException network(Exception e) {
    return failure(Failure.NETWORK, 0, "The connection to the " + label + " model's provider failed: check the base"
        + " URL and the network, then retry.", null, null, e);
  }

  private ModelException timeout(Duration limit, @Nullable Throwable cause) {
    return failure(Failure.TIMEOUT, 0, "The " + label + " model did not answer within " + describe(limit)
        + ": retry later, or allow it more time.", null, null, cause);
  }

  /** A 2xx answer that is not what the API promises. */
  ModelException badResponse(int status, String what, @Nullable Throwable cause) {
    return failure(Failure.BAD_RESPONSE, status, "The " + label + " model's provider answered HTTP " + status
        + " with " + what + ": check the base URL (it must point at the provider's API).", null, null, cause);
  }

  /** The failure of a non-2xx status (or of an error object with this HTTP-like status in a 2xx answer). */
  ModelException statusFailure(int status, HttpHeaders headers, byte[] body) {
    ProviderError error = ProviderError.parse(body);
    return statusFailure(status, headers, error);
  }

  ModelException statusFailure(int status, HttpHeaders headers, ProviderError error) {
    String http = " (HTTP " + status + ")";
    String code = error.code();
    if (status >= 300 && status < 400) {
      return failure(Failure.BAD_RESPONSE, status, "The " + label + " model's provider answered with a redirect" + http
          + ", which is not followed; check the base URL.", null, code, null);
    }
    return switch (status) {
      case 401 -> failure(Failure.AUTHENTICATION, status, "The " + label + " model's provider refused the API key"
          + http + ": check " + settings.provider().apiKeyVariable() + ".", null, code, null);
      case 403 -> error.regionRefused()
          ? failure(Failure.FORBIDDEN, status, "The " + label + " model's provider refused the request" + http
              + ": it does not serve requests from this region.", null, code, null)
          : failure(Failure.FORBIDDEN, status, "The " + label + " model's provider refused access" + http
              + ": check that the key in " + settings.provider().apiKeyVariable() + " may use this model.", null, code,
              null);
      case 404 -> failure(Failure.NOT_FOUND, status, "The " + label + " model's provider does not know the model or"
          + " the endpoint" + http + ": check the model name and the base URL.", null, code, null);
      case 400, 413, 422 -> {
        String param = error.param();
        yield failure(Failure.INVALID_REQUEST, status, "The " + label + " model's provider refused the request" + http
            + (param != null ? ": it does not accept the parameter '" + param + "'" : "")
            + ": check the model name (a model may not accept every parameter or a request this large).", null, code,
            null);
      }
      case 402 -> quota(status, code);
      case 408 -> failure(Failure.TIMEOUT, status, "The " + label + " model's provider gave up waiting" + http
          + ": retry later.", null, code, null);
      case 429 -> {
        if ("insufficient_quota".equals(code) || "insufficient_quota".equals(error.type())) {
          yield quota(status, code);
        }
        Duration retryAfter = retryAfter(headers);
        yield failure(Failure.RATE_LIMITED, status, "The " + label + " model's provider is rate limiting requests"
            + http + ": retry " + (retryAfter != null ? "in " + describe(retryAfter) : "later") + ".", retryAfter,
            code, null);
      }
      default -> {
        if (status >= 500 && status < 600) {
          yield failure(Failure.UNAVAILABLE, status, "The " + label + " model's provider failed or is overloaded"
              + http + ": retry later.", retryAfter(headers), code, null);
        }
        if (status >= 400 && status < 500) {
          yield failure(Failure.INVALID_REQUEST, status, "The " + label + " model's provider refused the request"
              + http + ": check the model name and the base URL.", null, code, null);
        }
        yield failure(Failure.BAD_RESPONSE, status, "The " + label + " model's provider answered an unexpected HTTP"
            + " status" + http + ": check the base URL.", null, code, null);
      }
    };
  }

  private ModelException quota(int status, @Nullable String code) {
    return failure(Failure.QUOTA_EXCEEDED, status, "The " + label + " model's account has no quota or credit left"
        + " (HTTP " + status + "): check the plan and billing of the key in " + settings.provider().apiKeyVariable()
        + "; retrying will not help.", null, code, null);
  }

  /** Logs the failure (one WARN line) and builds its exception. */
  private ModelException failure(Failure failure, int status, String message, @Nullable Duration retryAfter,
      @Nullable String code, @Nullable Throwable cause) {
    if (failure != Failure.CANCELLED) {
      if (code != null) {
        LOG.warn("model request failed: {}, failure {}, HTTP status {}, provider code {}", label, failure, status,
            code);
      } else {
        LOG.warn("model request failed: {}, failure {}, HTTP status {}", label, failure, status);
      }
    }
    return new ModelException(failure, status, message, retryAfter, cause);
  }

  /** {@code retry-after-ms}, or {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
  static @Nullable Duration retryAfter(HttpHeaders headers) {
    Duration d = null;
    String ms = headers.firstValue("retry-after-ms").orElse(null);
    if (ms != null && ms.strip().matches("\\d{1,12}(\\.\\d{1,6})?")) {
      d = Duration.ofMillis((long) Math.ceil(Double.parseDouble(ms.strip())));
    }
    String ra = headers.firstValue("Retry-After").orElse(null);
    if (d == null && ra != null) {
      String v = ra.strip();
      if (v.matches("\\d{1,9}")) {
        d = Duration.ofSeconds(Long.parseLong(v));
      } else {
        try {
          d = Duration.between(Instant.now(),
              ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
          if (d.isNegative()) {
            d = Duration.ZERO;
          }
        } catch (DateTimeParseException e) {
          d = null;
        }
      }
    }
    if (d == null || d.isNegative()) {
      return null;
    }
    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
  }

  private static String describe(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 == 0 || ms >= 10_000) {
      long s = (ms + 999) / 1000;
      return s + (s == 1 ? " second" : " seconds");
    }
    return ms + " ms";
  }

  /**
   * What the code needs of a provider's error body; none of its text is ever shown. Handles OpenAI's and Azure's
   * {@code {"error":{"message","type","param","code"}}}, Anthropic's {@code {"type":"error","error":{"type",
   * "message"}}} and OpenRouter's {@code {"error":{"code":402,"message"}}}.
   *
   * @param code the error's code or type when it is a plain identifier (safe to log)
   * @param type the error's type when it is a plain identifier
   * @param param the refused parameter (OpenAI) when it is a plain parameter path
   * @param regionRefused whether the error says the provider does not serve this region
   */
  record ProviderError(@Nullable String code, @Nullable String type, @Nullable String param, boolean regionRefused) {
    static final ProviderError NONE = new ProviderError(null, null, null, false);

    static ProviderError parse(byte[] body) {
      JsonNode root;
      try {
        root = JSON.readTree(body);
      } catch (IOException | RuntimeException e) {
        return NONE;
      }
      return root == null ? NONE : of(root);
    }

    static ProviderError of(JsonNode root) {
      JsonNode error = root.path("error");
      if (!error.isObject()) {
        return NONE;
      }
      String code = plain(error.path("code"), CODE);
      String type = plain(error.path("type"), CODE);
      String param = plain(error.path("param"), PARAM);
      String message = error.path("message").isTextual() ? error.path("message").asText() : "";
      boolean region = "unsupported_country_region_territory".equals(code)
          || "unsupported_country_region_territory".equals(type)
          || REGION.matcher(message.toLowerCase(Locale.ROOT)).matches();
      return new ProviderError(code != null ? code : type, type, param, region);
    }

    private static @Nullable String plain(JsonNode node, Pattern pattern) {
      if (!node.isTextual() && !node.isIntegralNumber()) {
        return null;
      }
      String v = node.asText();
      return pattern.matcher(v).matches() ? v : null;
    }
  }
}
