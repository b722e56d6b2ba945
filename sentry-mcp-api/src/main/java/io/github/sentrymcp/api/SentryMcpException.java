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

  private final ErrorKind kind;
  private final List<Untrusted> details;

  public SentryMcpException(ErrorKind kind, String message) {
    this(kind, message, List.of(), null);
  }

  public SentryMcpException(
      ErrorKind kind, String message, List<Untrusted> details, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.details = List.copyOf(details);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** Sentry-written explanations (for example a validation message), to be rendered as untrusted data. */
  public List<Untrusted> details() {
    return details;
  }

  /** Caller-fixable problem: bad arguments, a rejected URL, an unknown tool. */
  public static SentryMcpException invalidInput(String message) {
    return new SentryMcpException(ErrorKind.INVALID_INPUT, message);
  }

  public static SentryMcpException permissionDenied(String message) {
    return new SentryMcpException(ErrorKind.PERMISSION_DENIED, message);
  }

  public static SentryMcpException notFound(String message) {
    return new SentryMcpException(ErrorKind.NOT_FOUND, message);
  }

  public static SentryMcpException configuration(String message) {
    return new SentryMcpException(ErrorKind.CONFIGURATION, message);
  }
}
