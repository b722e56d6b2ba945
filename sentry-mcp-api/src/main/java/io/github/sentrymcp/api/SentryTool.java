package io.github.sentrymcp.api;

import io.github.sentrymcp.api.result.ToolResult;
import java.util.Map;

/**
 * A Sentry tool as a plain object: callable from Java without any MCP library. Implementations validate their
 * arguments, enforce the context's scopes and session constraints, and throw {@link SentryMcpException} on failure.
 */
public interface SentryTool {

  ToolDescriptor descriptor();

  /**
   * Runs the tool.
   *
   * @param arguments JSON-compatible values (String, Number, Boolean, null, List, Map), as decoded from a tool call
   * @param context who is calling, with what grant and constraints
   * @throws SentryMcpException on invalid input, missing permission or API failure
   */
  ToolResult call(Map<String, ? extends @org.jspecify.annotations.Nullable Object> arguments, CallContext context);
}
