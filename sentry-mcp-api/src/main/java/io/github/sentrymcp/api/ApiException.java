package io.github.sentrymcp.api;

import io.github.sentrymcp.api.result.Untrusted;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A failed Sentry API request. Carries the HTTP status and the endpoint <em>template</em> (for example {@code GET
 * /organizations/{org}/issues/{id}/}), never the concrete URL, its query or the token.
 */
public final class ApiException extends SentryMcpException {
  private static final long serialVersionUID = 1L;

  /** HTTP status, or 0 when no response was received. */
  private final int status;
  /** The endpoint template. */
  private final String endpoint;
  /** How long Sentry asked to wait, or null. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates a failed exchange with Sentry.
   *
   * @param kind what kind of failure it is
   * @param status the HTTP status, or 0 when no response was received
   * @param endpoint the endpoint template, e.g. {@code GET /organizations/{org}/issues/}
   * @param message server-written text
   * @param details Sentry-written explanations, rendered as untrusted data; copied
   * @param retryAfter how long Sentry asked to wait ({@code Retry-After}), or null when it did not say
   * @param cause the underlying exception, or null (never shown to a model or a user)
   */
  public ApiException(
      ErrorKind kind,
      int status,
      String endpoint,
      String message,
      List<Untrusted> details,
      @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(kind, message, details, cause);
    this.status = status;
    this.endpoint = endpoint;
    this.retryAfter = retryAfter;
  }

  /**
   * HTTP status, or 0 when no response was received (network failure, timeout).
   *
   * @return the status, or 0
   */
  public int status() {
    return status;
  }

  /**
   * The endpoint template, e.g. {@code GET /organizations/{org}/issues/{issueId}/}.
   *
   * @return the endpoint template
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * How long Sentry asked us to wait, when it said so.
   *
   * @return the wait, or null when Sentry did not ask for one
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
