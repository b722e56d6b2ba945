package io.github.sentrymcp.api.result;

import org.jspecify.annotations.Nullable;

import io.github.sentrymcp.api.SentryMcpException;

/**
 * Renders tool results so that every Sentry value sits inside an untrusted-data region that the data cannot close
 * or forge. Every result and every error a transport returns goes through exactly one sanitizer.
 */
public interface ToolResultSanitizer {

  /**
   * Renders a successful result.
   *
   * @param result the result
   * @return the rendered result
   */
  RenderedResult render(ToolResult result);

  /**
   * Renders a failure as an error result: a fixed template per error kind plus fenced Sentry details.
   *
   * @param error the failure
   * @return the rendered error result
   */
  RenderedResult renderError(SentryMcpException error);

  /**
   * Fixed text that tells a model how this sanitizer marks Sentry data, for a server's {@code instructions} or a
   * host's system prompt (said once there, so results need not repeat it); null when there is nothing to say.
   *
   * @return the instructions, or null
   */
  default @Nullable String instructions() {
    return null;
  }
}
