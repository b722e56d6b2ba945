package io.github.sentrymcp.core.internal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.result.ToolResult;

/**
 * A read-only lookup the model may call while it translates: bound to the calling session's API client and to the
 * organization the caller named, so nothing the model sends can widen what it reaches.
 */
interface AgentTool {

  /** The name, description and parameter schema the model sees (server text). */
  ModelTool spec();

  /**
   * Runs the lookup. The arguments are the model's (untrusted): each tool checks them against a closed set.
   *
   * @return the result, Sentry's values in it as {@link io.github.sentrymcp.api.result.Untrusted} data
   * @throws io.github.sentrymcp.api.SentryMcpException for arguments it refuses or a failed request
   */
  ToolResult run(JsonNode arguments);
}
