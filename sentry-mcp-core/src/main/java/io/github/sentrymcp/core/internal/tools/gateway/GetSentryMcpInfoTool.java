package io.github.sentrymcp.core.internal.tools.gateway;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
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
import io.github.sentrymcp.core.internal.agent.Translator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_sentry_mcp_info}: the library's version, the surface this server lists and the model of natural-language
 * search, if any. No request.
 */
final class GetSentryMcpInfoTool extends AbstractSentryTool {
  static final String NAME = "get_sentry_mcp_info";

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "version", string("The Sentry MCP library version."),
      "surface", string("Which tools tools/list shows: gateway or direct."),
      "naturalLanguageSearch", nullableString("The model that translates plain-language search queries, or null"
          + " when the search tools take Sentry search syntax only."));

  static final ToolSpec SPEC = ToolSpec.builder(NAME, "Get Sentry MCP server information",
          "Get the version of this Sentry MCP server, which tools it lists (surface gateway: the main tools plus"
              + " search_sentry_tools / execute_sentry_tool; direct: every tool) and whether its search tools"
              + " translate plain-language queries.")
      .output(OUTPUT_SCHEMA)
      .annotations(new ToolAnnotations(true, false, null, false))
      .scopes()
      .allSkills()
      .build();

  private final @Nullable Translator translator;

  GetSentryMcpInfoTool(ToolEnvironment env) {
    super(env, SPEC);
    this.translator = Translator.of(env.translation());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String version = LibraryVersion.get();
    String surface = env.config().surface().id();
    String model = translator == null ? null : translator.label();
    return ToolResult.builder()
        .fieldText("Version", "sentry-mcp-java " + version)
        .fieldText("Surface", surface)
        .fieldText("Natural-language search", model == null ? "off (queries in Sentry search syntax)"
            : "on (" + model + ")")
        .structured(Structured.object().putText("version", version).putText("surface", surface)
            .putText("naturalLanguageSearch", model).build())
        .build();
  }
}
