package io.github.sentrymcp.api;

import io.github.sentrymcp.api.result.Untrusted;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception of the library. Its message is always server-written text (never a token, a URL query
 * or text that came from Sentry); text from Sentry that helps explain the failure travels separately in {@link
 * #details()} so that the sanitizer can fence it. Transports map it to an error result; it never reaches an MCP SDK.
 */
public class SentryMcpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  private final ErrorKind kind;
  /** Sentry-written explanations. */
  private final List<Untrusted> details;

  /**
   * Creates an exception without details or cause.
   *
   * @param kind what kind of failure it is
   * @param message server-written text, never text from Sentry or a secret
   */
  public SentryMcpException(ErrorKind kind, String message) {
    this(kind, message, List.of(), null);
  }

  /**
   * Creates an exception.
   *
   * @param kind what kind of failure it is
   * @param message server-written text, never text from Sentry or a secret
   * @param details Sentry-written explanations, rendered as untrusted data; copied
   * @param cause the underlying exception, or null (never shown to a model or a user)
   */
  public SentryMcpException(
      ErrorKind kind, String message, List<Untrusted> details, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.details = List.copyOf(details);
  }

  /**
   * What kind of failure this is; it decides the error template and whether it alerts.
   *
   * @return the kind
   */
  public ErrorKind kind() {
    return kind;
  }

  /**
   * Sentry-written explanations (for example a validation message), to be rendered as untrusted data.
   *
   * @return an unmodifiable list, empty when there are none
   */
  public List<Untrusted> details() {
    return details;
  }

  /**
   * Caller-fixable problem: bad arguments, a rejected URL, an unknown tool.
   *
   * @param message server-written text
   * @return an exception of kind {@link ErrorKind#INVALID_INPUT}
   */
  public static SentryMcpException invalidInput(String message) {
    return new SentryMcpException(ErrorKind.INVALID_INPUT, message);
  }

  /**
   * A refusal: the grant does not cover the call, or Sentry answered 403.
   *
   * @param message server-written text
   * @return an exception of kind {@link ErrorKind#PERMISSION_DENIED}
   */
  public static SentryMcpException permissionDenied(String message) {
    return new SentryMcpException(ErrorKind.PERMISSION_DENIED, message);
  }

  /**
   * Something asked for does not exist.
   *
   * @param message server-written text
   * @return an exception of kind {@link ErrorKind#NOT_FOUND}
   */
  public static SentryMcpException notFound(String message) {
    return new SentryMcpException(ErrorKind.NOT_FOUND, message);
  }

  /**
   * A problem with the server's settings.
   *
   * @param message server-written text
   * @return an exception of kind {@link ErrorKind#CONFIGURATION}
   */
  public static SentryMcpException configuration(String message) {
    return new SentryMcpException(ErrorKind.CONFIGURATION, message);
  }
}
