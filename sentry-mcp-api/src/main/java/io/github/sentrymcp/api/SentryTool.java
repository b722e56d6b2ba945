package io.github.sentrymcp.api;

import io.github.sentrymcp.api.result.ToolResult;
import java.time.Duration;
import java.util.Map;

/**
 * A Sentry tool as a plain object: callable from Java without any MCP library. Implementations validate their
 * arguments, enforce the context's scopes and session constraints, and throw {@link SentryMcpException} on failure.
 */
public interface SentryTool {

  /**
   * The tool's name, description, input schema, annotations, required scopes and skills.
   *
   * @return the descriptor
   */
  ToolDescriptor descriptor();

  /**
   * Runs the tool.
   *
   * @param arguments JSON-compatible values (String, Number, Boolean, null, List, Map), as decoded from a tool call
   * @param context who is calling, with what grant and constraints
   * @return the result, to be rendered by a {@link io.github.sentrymcp.api.result.ToolResultSanitizer}
   * @throws SentryMcpException on invalid input, missing permission or API failure
   */
  ToolResult call(Map<String, ? extends @org.jspecify.annotations.Nullable Object> arguments, CallContext context);

  /**
   * The descriptor as a session with these constraints sees it: parameters the constraints pin are left out of the
   * input schema (they are injected). By default the descriptor itself.
   *
   * @param constraints the session's constraints
   * @return the descriptor the session sees
   */
  default ToolDescriptor descriptorFor(SessionConstraints constraints) {
    return descriptor();
  }

  /**
   * Whether the tool is pointless under these constraints and so neither listed nor callable (for example listing
   * organizations in a session pinned to one). By default false.
   *
   * @param constraints the session's constraints
   * @return true when the tool is hidden from such a session
   */
  default boolean hiddenUnder(SessionConstraints constraints) {
    return false;
  }

  /**
   * The time limit of one call of this tool, given the engine's configured limit ({@link
   * io.github.sentrymcp.api.config.SentryMcpConfig#callTimeout()}). By default the configured limit; a tool that
   * waits for a slow Sentry-side job on purpose returns a longer one.
   *
   * @param configured the engine's configured limit
   * @return the time limit of one call
   */
  default Duration timeout(Duration configured) {
    return configured;
  }
}
