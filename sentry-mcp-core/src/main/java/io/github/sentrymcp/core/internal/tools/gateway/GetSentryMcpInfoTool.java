package io.github.sentrymcp.core.internal.tools.gateway;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.LibraryVersion;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.Map;

/** {@code get_sentry_mcp_info}: the library's version and the surface this server lists. No request. */
final class GetSentryMcpInfoTool extends AbstractSentryTool {
  static final String NAME = "get_sentry_mcp_info";

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "version", string("The Sentry MCP library version."),
      "surface", string("Which tools tools/list shows: gateway or direct."));

  static final ToolSpec SPEC = ToolSpec.builder(NAME, "Get Sentry MCP server information",
          "Get the version of this Sentry MCP server and which tools it lists (surface gateway: the main tools plus"
              + " search_sentry_tools / execute_sentry_tool; direct: every tool).")
      .output(OUTPUT_SCHEMA)
      .annotations(new ToolAnnotations(true, false, null, false))
      .scopes()
      .allSkills()
      .build();

  GetSentryMcpInfoTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String version = LibraryVersion.get();
    String surface = env.config().surface().id();
    return ToolResult.builder()
        .fieldText("Version", "sentry-mcp-java " + version)
        .fieldText("Surface", surface)
        .structured(Structured.object().putText("version", version).putText("surface", surface).build())
        .build();
  }
}
