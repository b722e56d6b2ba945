package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.result.Untrusted;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which HTTP header values a result never shows: those of headers whose name looks like a credential (the reference
 * server's rule for get_uptime_monitor_details). Shared by the event renderer (an event's request headers) and the
 * uptime monitor tools (a monitor's check headers).
 */
public final class SecretHeaders {
  private SecretHeaders() {}

  /** Shown instead of the value of a header whose name looks like a secret. */
  public static final String REDACTED = "[REDACTED]";

  /**
   * Header names whose values are secrets: a fixed list (exact, ignoring case and surrounding white space) and any
   * name containing one of a few fragments. Matching is Unicode case-insensitive, so it errs on the side of
   * redacting.
   */
  public static final Pattern SENSITIVE_HEADER = Pattern.compile(
      "\\s*(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token|x-access-token"
          + "|x-csrf-token|x-sentry-auth)\\s*"
          + "|.*(?:authorization|api-key|access-token|secret|password).*",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

  /** Whether the header's value must be shown as {@value #REDACTED} (true for a name from Sentry that matches). */
  public static boolean isSecret(@Nullable Untrusted name) {
    return name != null && name.matches(SENSITIVE_HEADER);
  }
}
