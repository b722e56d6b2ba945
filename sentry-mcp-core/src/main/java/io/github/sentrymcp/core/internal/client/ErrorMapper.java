package io.github.sentrymcp.core.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.Failures;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns failed exchanges into {@link ApiException}s. Messages are fixed server-written templates naming the endpoint
 * <em>template</em> and the status only: never the concrete URL, the query, the token or text from Sentry. Sentry's
 * own explanation (a JSON {@code detail} or validation messages) goes into {@link ApiException#details()} as
 * untrusted text. No exception from {@code java.net.http} is attached as a cause (their messages can carry the URL);
 * a {@link ScrubbedCause} naming only the exception class is attached instead.
 */
final class ErrorMapper {
  static final String DETAIL_SOURCE = "error.detail";
  static final int MAX_DETAIL_CHARS = 1000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ErrorMapper() {}

  static ErrorKind kindForStatus(int status) {
    if (status == 400 || status == 422) {
      return ErrorKind.INVALID_INPUT;
    }
    if (status == 401) {
      return ErrorKind.AUTHENTICATION;
    }
    if (status == 403) {
      return ErrorKind.PERMISSION_DENIED;
    }
    if (status == 404) {
      return ErrorKind.NOT_FOUND;
    }
    if (status == 429) {
      return ErrorKind.RATE_LIMITED;
    }
    if (status >= 400 && status < 500) {
      return ErrorKind.INVALID_INPUT;
    }
    // 5xx, 3xx (redirects are never followed) and anything unexpected
    return ErrorKind.UPSTREAM_ERROR;
  }

  /** A non-2xx response. */
  static ApiException fromResponse(
      ApiRequest request, int status, HttpHeaders headers, byte[] body, @Nullable Duration retryAfter) {
    ErrorKind kind = kindForStatus(status);
    String endpoint = request.endpoint();
    StringBuilder msg = new StringBuilder("Sentry API returned HTTP ").append(status).append(" for ")
        .append(endpoint).append('.');
    if (status >= 300 && status < 400) {
      msg.append(" Redirects are not followed; check that the configured Sentry host (and https) is correct.");
    } else if (status == 401) {
      msg.append(" The access token is invalid, expired or revoked.");
    } else if (status == 403) {
      msg.append(" The access token lacks a required scope, or the organization or project is not accessible"
          + " to it.");
    } else if (status == 404) {
      msg.append(" Check the organization, project and resource identifiers.");
    } else if (status == 429) {
      msg.append(" Sentry is rate-limiting requests");
      if (retryAfter != null) {
        msg.append("; retry after ").append(seconds(retryAfter)).append(" s");
      }
      msg.append('.');
    } else if (status >= 500) {
      msg.append(" Sentry could not handle the request");
      if (retryAfter != null) {
        msg.append("; retry after ").append(seconds(retryAfter)).append(" s");
      }
      msg.append('.');
      if (status == 502 || status == 504) {
        msg.append(maybeApplied(request)); // a gateway answered: Sentry itself may have done the work
      }
    } else if (kind == ErrorKind.INVALID_INPUT) {
      msg.append(" Sentry rejected the request parameters.");
    }
    return new ApiException(kind, status, endpoint, msg.toString(), details(headers, body), retryAfter, null);
  }

  /** A 2xx response carrying an HTML page: usually a wrong host/URL or a login page instead of the API. */
  static ApiException htmlInsteadOfJson(ApiRequest request, int status) {
    return new ApiException(ErrorKind.UPSTREAM_ERROR, status, request.endpoint(),
        "Sentry API returned an HTML page instead of JSON (HTTP " + status + ") for " + request.endpoint()
            + ". The configured Sentry host/URL may not point at the Sentry API, or the access token may be wrong.",
        List.of(), null, null);
  }

  static ApiException tooLarge(ApiRequest request, int status, long limit) {
    return new ApiException(ErrorKind.UPSTREAM_ERROR, status, request.endpoint(),
        "Sentry API response too large for " + request.endpoint() + ": it exceeds the limit of " + limit
            + " bytes.",
        List.of(), null, null);
  }

  /** No response: connection failure, timeout, reset. */
  static ApiException network(ApiRequest request, Throwable failure, boolean timedOut, Duration timeout) {
    String endpoint = request.endpoint();
    String msg;
    boolean neverSent = RetryPolicy.neverReachedServer(failure);
    if (neverSent) {
      msg = "Could not connect to the Sentry API for " + endpoint
          + ". Check the configured Sentry host and the network.";
    } else if (timedOut || RetryPolicy.hasCause(failure, HttpTimeoutException.class)) {
      msg = "The Sentry API did not respond within " + describe(timeout) + " for " + endpoint + ".";
    } else if (RetryPolicy.hasCause(failure, IOException.class)) {
      msg = "The connection to the Sentry API failed during " + endpoint + ".";
    } else {
      msg = "The request " + endpoint + " to the Sentry API failed.";
    }
    if (!neverSent) {
      msg += maybeApplied(request);
    }
    return new ApiException(ErrorKind.NETWORK, 0, endpoint, msg, List.of(), null, ScrubbedCause.of(failure));
  }

  /** The tool call's overall time limit ran out while this request was outstanding (or before it could start). */
  static ApiException deadline(ApiRequest request, Duration callLimit) {
    return new ApiException(ErrorKind.TIMEOUT, 0, request.endpoint(),
        "The call did not finish within its time limit of " + describe(callLimit) + ": Sentry had not answered "
            + request.endpoint() + " by then." + maybeApplied(request),
        List.of(), null, null);
  }

  static ApiException interrupted(ApiRequest request) {
    return new ApiException(ErrorKind.CANCELLED, 0, request.endpoint(),
        "The request " + request.endpoint() + " was interrupted." + maybeApplied(request), List.of(), null, null);
  }

  static ApiException cancelled(ApiRequest request) {
    return new ApiException(ErrorKind.CANCELLED, 0, request.endpoint(),
        "The request " + request.endpoint() + " was cancelled." + maybeApplied(request), List.of(), null, null);
  }

  /** The call was cancelled or out of time before this request was sent: nothing reached Sentry. */
  static ApiException notSent(ApiRequest request, boolean cancelled, Duration callLimit) {
    return new ApiException(cancelled ? ErrorKind.CANCELLED : ErrorKind.TIMEOUT, 0, request.endpoint(),
        cancelled
            ? "The call was cancelled before " + request.endpoint() + " was sent."
            : "The call did not finish within its time limit of " + describe(callLimit) + "; "
                + request.endpoint() + " was not sent.",
        List.of(), null, null);
  }

  /**
   * For a request that changes something and may have reached Sentry without an answer coming back: a sentence that
   * says so (empty for reads).
   */
  static String maybeApplied(ApiRequest request) {
    if (RetryPolicy.isSafeMethod(request.method())) {
      return "";
    }
    return " The change may already have been applied: check the current state before you retry.";
  }

  /** {@code 2000 ms}, {@code 30 s}: a duration for messages. */
  static String describe(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  static ApiException unexpected(ApiRequest request, Throwable failure) {
    return new ApiException(ErrorKind.INTERNAL, 0, request.endpoint(),
        "The request " + request.endpoint() + " failed unexpectedly.", List.of(), null,
        ScrubbedCause.of(failure));
  }

  static boolean isHtml(HttpHeaders headers, byte[] body) {
    String ct = headers.firstValue("Content-Type").orElse("");
    String media = mediaType(ct);
    if (!media.isEmpty()) {
      return media.equals("text/html") || media.equals("application/xhtml+xml");
    }
    return looksLikeHtml(body);
  }

  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  private static boolean looksLikeHtml(byte[] body) {
    int i = 0;
    while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
      i++;
    }
    int n = Math.min(body.length - i, 16);
    if (n <= 0) {
      return false;
    }
    String head = new String(body, i, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    return head.startsWith("<!doctype html") || head.startsWith("<html");
  }

  /** Sentry's explanation from an error body, as untrusted text; empty for HTML or unrecognised bodies. */
  static List<Untrusted> details(HttpHeaders headers, byte[] body) {
    if (body.length == 0 || isHtml(headers, body)) {
      return List.of();
    }
    String media = mediaType(headers.firstValue("Content-Type").orElse(""));
    String text = null;
    JsonNode node = parse(body);
    if (node != null) {
      text = fromJson(node);
    } else if (media.equals("text/plain")) {
      text = new String(body, StandardCharsets.UTF_8).strip();
    }
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return List.of(Untrusted.external(text, DETAIL_SOURCE).truncate(MAX_DETAIL_CHARS));
  }

  private static @Nullable JsonNode parse(byte[] body) {
    try {
      JsonNode n = MAPPER.readTree(body);
      return n == null || n.isMissingNode() ? null : n;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * {@code {"detail": "..."}}, {@code {"detail": {"message": "..."}}}, validation bodies {@code {"field":
   * ["msg", ...]}} and {@code ["msg", ...]}.
   */
  private static @Nullable String fromJson(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isArray()) {
      return joinMessages(node);
    }
    if (!node.isObject()) {
      return null;
    }
    JsonNode detail = node.get("detail");
    if (detail != null) {
      if (detail.isTextual()) {
        return detail.textValue();
      }
      if (detail.isObject() && detail.path("message").isTextual()) {
        return detail.path("message").textValue();
      }
    }
    StringBuilder sb = new StringBuilder();
    int count = 0;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (sb.length() >= MAX_DETAIL_CHARS || count >= 50) {
        break;
      }
      String messages = e.getValue().isTextual() ? e.getValue().textValue() : joinMessages(e.getValue());
      if (messages == null || messages.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(e.getKey()).append(": ").append(messages);
      count++;
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static @Nullable String joinMessages(JsonNode array) {
    if (!array.isArray()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < array.size() && i < 50 && sb.length() < MAX_DETAIL_CHARS; i++) {
      JsonNode item = array.get(i);
      if (item.isTextual()) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(item.textValue());
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static long seconds(Duration d) {
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }

  /**
   * Stands in for a transport exception in the cause chain: says what kind of failure it was (a timeout, an I/O
   * failure, ...) but carries neither the original message, which for {@code java.net.http} failures may contain the
   * request URL and query, nor class names.
   */
  static final class ScrubbedCause extends Exception {
    private static final long serialVersionUID = 1L;

    private ScrubbedCause(String what) {
      super(what, null, false, false);
    }

    static @Nullable ScrubbedCause of(@Nullable Throwable failure) {
      return failure == null ? null : new ScrubbedCause(Failures.describe(failure));
    }
  }
}
