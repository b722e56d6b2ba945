package io.github.sentrymcp.opentelemetry;

import java.util.List;

/**
 * Every name {@link SentryMcpTelemetry} emits: span names and kinds, attribute keys and fixed values, metric names,
 * units and bucket boundaries.
 *
 * <p>The MCP names follow the OpenTelemetry semantic conventions for the Model Context Protocol at one fixed revision:
 * repository {@code open-telemetry/semantic-conventions-genai}, file {@code docs/gen-ai/mcp.md}, commit {@code
 * 0393513c908bf895e7b3ec480a2c1eb073c584af} (status: development, so names may still change upstream; this class
 * changes only when the library moves to a newer revision). The HTTP client spans of Sentry API requests use the
 * stable HTTP, server and error attributes; the model spans use the GenAI {@code chat} names. Names under {@code
 * sentry_mcp.} are this library's own.
 *
 * <table>
 *   <caption>Spans</caption>
 *   <tr><th>span</th><th>name</th><th>kind</th></tr>
 *   <tr><td>an MCP request that runs a tool (the call has a request origin)</td>
 *       <td>{@code {mcp.method.name} {gen_ai.tool.name}}, e.g. {@code tools/call whoami}</td><td>SERVER</td></tr>
 *   <tr><td>a tool call from plain Java</td><td>{@code execute_tool {gen_ai.tool.name}}</td><td>INTERNAL</td></tr>
 *   <tr><td>one HTTP attempt with Sentry</td><td>{@code {http.request.method} {url.template}}</td>
 *       <td>CLIENT</td></tr>
 *   <tr><td>one request to a language model</td><td>{@code chat {gen_ai.request.model}}</td><td>CLIENT</td></tr>
 * </table>
 */
public final class McpTelemetryConventions {
  private McpTelemetryConventions() {}

  /** The instrumentation scope of the tracer and the meter; its version is the library's. */
  public static final String INSTRUMENTATION_SCOPE = "io.github.sentrymcp";

  /** The revision of the MCP semantic conventions followed: the commit of {@code docs/gen-ai/mcp.md}. */
  public static final String CONVENTIONS_REVISION =
      "open-telemetry/semantic-conventions-genai@0393513c908bf895e7b3ec480a2c1eb073c584af:docs/gen-ai/mcp.md";

  // ------------------------------------------------------------------------------------------------ MCP attributes

  /** The JSON-RPC method of the request, such as {@code tools/call}. */
  public static final String MCP_METHOD_NAME = "mcp.method.name";
  /** The MCP protocol version the connection speaks, such as {@code 2025-11-25}. */
  public static final String MCP_PROTOCOL_VERSION = "mcp.protocol.version";
  /** The MCP session id (stateful Streamable HTTP); on spans only, never on metrics. */
  public static final String MCP_SESSION_ID = "mcp.session.id";
  /** The JSON-RPC request id as text; on spans only, never on metrics. */
  public static final String JSONRPC_REQUEST_ID = "jsonrpc.request.id";

  // ------------------------------------------------------------------------------------------------ GenAI attributes

  /** The tool's name. */
  public static final String GEN_AI_TOOL_NAME = "gen_ai.tool.name";
  /** The GenAI operation: {@link #OPERATION_EXECUTE_TOOL} on call spans, {@link #OPERATION_CHAT} on model spans. */
  public static final String GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
  /** The model provider, such as {@code openai} or {@code anthropic}. */
  public static final String GEN_AI_PROVIDER_NAME = "gen_ai.provider.name";
  /** The model asked for. */
  public static final String GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
  /** Tokens the model read, when the provider said. */
  public static final String GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
  /** Tokens the model wrote, when the provider said. */
  public static final String GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  /**
   * The prefix of an opted-in argument's attribute: {@code gen_ai.tool.call.arguments.query} holds the argument
   * {@code query} (redacted, at most 256 characters). Arguments are recorded only when named, results never.
   */
  public static final String GEN_AI_TOOL_CALL_ARGUMENTS_PREFIX = "gen_ai.tool.call.arguments.";

  /** {@link #GEN_AI_OPERATION_NAME} of a tool call. */
  public static final String OPERATION_EXECUTE_TOOL = "execute_tool";
  /** {@link #GEN_AI_OPERATION_NAME} of a model request. */
  public static final String OPERATION_CHAT = "chat";

  // ------------------------------------------------------------------------------------------------ general attributes

  /** The class of error an operation ended with; set only on failure. */
  public static final String ERROR_TYPE = "error.type";
  /** {@link #ERROR_TYPE} of a failed tool call (an MCP result with {@code isError} set). */
  public static final String ERROR_TYPE_TOOL_ERROR = "tool_error";
  /**
   * The value put in place of a tool name that is neither built in nor known to exist (an unknown tool a client
   * asked for) where a low-cardinality value is needed: metric attributes and span names.
   */
  public static final String OTHER = "_OTHER";

  /** {@code pipe} (stdio) or {@code tcp} (HTTP). */
  public static final String NETWORK_TRANSPORT = "network.transport";
  /** {@code http} for HTTP transports. */
  public static final String NETWORK_PROTOCOL_NAME = "network.protocol.name";
  /** Such as {@code 1.1} or {@code 2}. */
  public static final String NETWORK_PROTOCOL_VERSION = "network.protocol.version";
  /** The MCP client's address as the transport saw it; on spans only. */
  public static final String CLIENT_ADDRESS = "client.address";
  /** The MCP client's port; on spans only. */
  public static final String CLIENT_PORT = "client.port";
  /** The host a Sentry API request went to. */
  public static final String SERVER_ADDRESS = "server.address";
  /** Its port. */
  public static final String SERVER_PORT = "server.port";
  /** The HTTP method of a Sentry API request. */
  public static final String HTTP_REQUEST_METHOD = "http.request.method";
  /** The HTTP status Sentry answered, when an answer came. */
  public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
  /** The retry number of a Sentry API request: 1, 2, ... for retries; absent on the first attempt. */
  public static final String HTTP_REQUEST_RESEND_COUNT = "http.request.resend_count";
  /**
   * The endpoint template of a Sentry API request, such as {@code /api/0/organizations/{org}/issues/}; the URL
   * itself ({@code url.full}) is never recorded.
   */
  public static final String URL_TEMPLATE = "url.template";

  // ------------------------------------------------------------------------------------------------ our attributes

  /** The failure's kind ({@code ErrorKind.id()}, such as {@code upstream_error}); set only on failure. */
  public static final String SENTRY_MCP_ERROR_KIND = "sentry_mcp.error.kind";
  /** Whether the failure should alert an operator ({@code ErrorKind.alerting()}); set only on failure. */
  public static final String SENTRY_MCP_ERROR_ALERTING = "sentry_mcp.error.alerting";
  /** The transport the call came through: {@code stdio}, {@code http} or {@code java}. */
  public static final String SENTRY_MCP_TRANSPORT = "sentry_mcp.transport";

  /** The span event of a library notice (a retry, a rate limit, a cut result, a refused call). */
  public static final String NOTICE_EVENT = "sentry_mcp.notice";
  /** The notice's level: {@code debug}, {@code info}, {@code notice}, {@code warning} or {@code error}. */
  public static final String SENTRY_MCP_NOTICE_LEVEL = "sentry_mcp.notice.level";
  /** Where the notice comes from, such as {@code sentry_mcp.api}. */
  public static final String SENTRY_MCP_NOTICE_LOGGER = "sentry_mcp.notice.logger";
  /** The notice's text (redacted). */
  public static final String SENTRY_MCP_NOTICE_MESSAGE = "sentry_mcp.notice.message";

  // ------------------------------------------------------------------------------------------------ metrics

  /**
   * Histogram of MCP tool calls' durations (calls with a request origin), in seconds. Attributes: {@link
   * #MCP_METHOD_NAME}, {@link #GEN_AI_TOOL_NAME}, {@link #GEN_AI_OPERATION_NAME}, {@link #MCP_PROTOCOL_VERSION},
   * {@link #NETWORK_TRANSPORT}, {@link #NETWORK_PROTOCOL_NAME}, {@link #NETWORK_PROTOCOL_VERSION}, and on failure
   * {@link #ERROR_TYPE}, {@link #SENTRY_MCP_ERROR_KIND}, {@link #SENTRY_MCP_ERROR_ALERTING}; never a session id,
   * request id, client address or argument.
   */
  public static final String MCP_SERVER_OPERATION_DURATION = "mcp.server.operation.duration";
  /**
   * Histogram of ended MCP sessions' durations, in seconds. Attributes: {@link #NETWORK_TRANSPORT}, {@link
   * #MCP_PROTOCOL_VERSION}, and {@link #ERROR_TYPE} when the session did not end normally (such as {@code expired}).
   */
  public static final String MCP_SERVER_SESSION_DURATION = "mcp.server.session.duration";
  /**
   * Histogram of plain-Java tool calls' durations (calls without a request origin, which are no MCP operation), in
   * seconds. Attributes: {@link #GEN_AI_TOOL_NAME}, {@link #GEN_AI_OPERATION_NAME}, {@link #SENTRY_MCP_TRANSPORT},
   * and on failure {@link #ERROR_TYPE}, {@link #SENTRY_MCP_ERROR_KIND}, {@link #SENTRY_MCP_ERROR_ALERTING}.
   */
  public static final String SENTRY_MCP_TOOL_DURATION = "sentry_mcp.tool.duration";
  /** The unit of the duration histograms: seconds. */
  public static final String UNIT_SECONDS = "s";

  /**
   * The explicit bucket boundaries (seconds) of {@link #MCP_SERVER_OPERATION_DURATION}, as the conventions advise;
   * {@link #SENTRY_MCP_TOOL_DURATION} uses the same.
   */
  public static final List<Double> OPERATION_DURATION_BUCKETS =
      List.of(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);
  /** The explicit bucket boundaries (seconds) of {@link #MCP_SERVER_SESSION_DURATION}: the conventions advise the same. */
  public static final List<Double> SESSION_DURATION_BUCKETS = OPERATION_DURATION_BUCKETS;
}
