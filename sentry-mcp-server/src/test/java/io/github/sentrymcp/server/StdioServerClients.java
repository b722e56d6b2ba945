package io.github.sentrymcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** For the ITs: the shaded server jar in a child process, driven by the MCP Java SDK client over stdio. */
final class StdioServerClients {
  static final Path JAR =
      Path.of(System.getProperty("sentry.server.jar", "target/sentry-mcp-server.jar")).toAbsolutePath();
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /** The tools the default grant lists with {@code --surface=direct}, in catalog order. */
  static final List<String> DIRECT_TOOLS = List.of(
      "whoami", "find_organizations", "find_teams", "find_projects", "find_releases", "find_dsns", "get_issue_details",
      "get_trace_details", "get_event_attachment", "search_issue_events", "get_release_details", "search_issues",
      "get_issue_breadcrumbs", "get_issue_activity", "get_issue_user_reports", "get_issue_tag_values",
      "get_event_stacktrace", "get_span_details", "find_monitors", "get_monitor_details", "find_uptime_monitors",
      "get_uptime_monitor_details", "find_alert_rules", "get_alert_rule", "get_alert_options",
      "find_custom_inbound_filters", "find_metric_monitors", "get_metric_monitor_details", "search_events",
      "search_errors", "search_logs", "search_traces", "search_metrics", "search_profiles", "search_replays",
      "find_dashboards", "get_dashboard_details", "get_sentry_resource", "get_replay_details", "get_profile",
      "get_profile_details", "search_docs", "get_doc", "get_agent_conversation_details", "get_ai_conversation_details",
      "search_agent_conversations", "search_ai_conversations", "find_dropped_events", "get_snapshot",
      "get_snapshot_image", "get_latest_base_snapshot", "get_sentry_mcp_info");

  /** The tools the default grant lists in the default (gateway) surface. */
  static final List<String> DEFAULT_TOOLS = List.of("find_organizations", "find_projects", "search_issues",
      "search_errors", "search_logs", "search_traces", "search_metrics", "search_profiles", "search_replays",
      "get_sentry_resource", "search_sentry_tools", "execute_sentry_tool");

  private StdioServerClients() {}

  /** {@code -jar <server jar>} followed by the server's own arguments. */
  static List<String> serverArgs(String... extra) {
    List<String> args = new ArrayList<>(List.of("-jar", JAR.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  /** A client (not yet initialized) for a server started with these arguments; its stderr lines go to the sink. */
  static McpSyncClient client(Consumer<String> stderr, String... args) {
    return client(stderr, Map.of(), args);
  }

  /** As {@link #client(Consumer, String...)}, with these variables on top of the inherited environment. */
  static McpSyncClient client(Consumer<String> stderr, Map<String, String> env, String... args) {
    ServerParameters params = ServerParameters.builder(JAVA).args(serverArgs(args)).env(env).build();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    transport.setStdErrorHandler(stderr);
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("stdio-it", "1").build())
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofSeconds(30))
        // validate structuredContent against each tool's outputSchema on the client side, like hosts do
        .enableCallToolSchemaCaching(true)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator(new ObjectMapper()))
        .build();
  }

  static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
    return c.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  /** The text of the result's first content item. */
  static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }
}
