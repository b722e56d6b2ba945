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

  private final int status;
  private final String endpoint;
  private final @Nullable Duration retryAfter;

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

  /** HTTP status, or 0 when no response was received (network failure, timeout). */
  public int status() {
    return status;
  }

  /** The endpoint template, e.g. {@code GET /organizations/{org}/issues/{issueId}/}. */
  public String endpoint() {
    return endpoint;
  }

  /** How long Sentry asked us to wait, when it said so. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
