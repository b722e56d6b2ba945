package io.github.sentrymcp.transport.stdio;

import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.core.tools.AbstractSentryTool;
import io.github.sentrymcp.api.SentryTool;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.server.McpAsyncListFilter;
import io.modelcontextprotocol.common.McpTransportContext;
import io.github.sentrymcp.api.CancellationSignal;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.BinaryContent;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Set;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link SentryMcp} engine into MCP Java SDK tool specifications. Uses only {@code mcp-core} types, so the
 * result works with any transport and any JSON binding (for example as a Spring AI {@code List<SyncToolSpecification>}
 * bean):
 *
 * <pre>{@code
 * SentryMcp engine = SentryMcp.create(SentryMcpConfig.builder(AccessToken.of(token)).build());
 * McpSyncServer server = McpServer.sync(transportProvider)
 *     .serverInfo("my-server", "1.0")
 *     .capabilities(ServerCapabilities.builder().tools(false).build())
 *     .tools(SentryMcpToolSpecs.sync(engine))
 *     .validateToolInputs(false) // the engine validates arguments itself, reporting every problem at once
 *     .build();
 * }</pre>
 *
 * <p>The tool list is {@link SentryMcp#availableTools(CallContext)} for the context: tools the context may not use are
 * not registered (a call to one gets the SDK's "Unknown tool" JSON-RPC error). Every handler catches everything:
 * no exception ever reaches the SDK (which would send the messages of the whole cause chain to the client); an
 * unexpected failure is logged by class name only and answered with a generic error result.
 *
 * <p>Result mapping ({@link #toCallToolResult}): the text becomes a text block, binaries become image blocks or
 * embedded blob resources, {@code meta} becomes {@code _meta}, and {@code structuredContent} is sent only where it
 * cannot fail a client's output-schema check: on success results of tools that declare an {@code outputSchema}, and on
 * error results of tools that do not. The machine-readable error kind is always in {@code _meta} under {@value
 * #ERROR_META_KEY}.
 */
public final class SentryMcpToolSpecs {
  private static final Logger LOG = LoggerFactory.getLogger(SentryMcpToolSpecs.class);

  /** The {@code _meta} key of the error object ({@code {"kind": ..., "status": ...}}) of error results. */
  public static final String ERROR_META_KEY = "io.github.sentrymcp/error";

  private static final String INTERNAL_ERROR_TEXT =
      "**Error**\n\nAn unexpected error occurred while running the tool.";

  private SentryMcpToolSpecs() {}

  /** Specifications for the tools available in the engine's default context (its configured grant). */
  public static List<McpServerFeatures.SyncToolSpecification> sync(SentryMcp engine) {
    return sync(engine, engine.defaultContext());
  }

  /** Specifications for the tools available in {@code context}; every call runs with that context. */
  public static List<McpServerFeatures.SyncToolSpecification> sync(SentryMcp engine, CallContext context) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(context, "context");
    List<McpServerFeatures.SyncToolSpecification> out = new ArrayList<>();
    for (ToolDescriptor d : engine.availableTools(context)) {
      McpSchema.Tool tool = toMcpTool(d);
      boolean hasOutputSchema = d.outputSchema() != null;
      String name = d.name();
      out.add(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(tool)
              .callHandler((exchange, request) -> call(engine, name, hasOutputSchema, request, context))
              .build());
    }
    return List.copyOf(out);
  }

  /**
   * Specifications for every registered tool, available in {@code context} or not, for use together with {@link
   * #listFilter}: unavailable tools are then hidden from {@code tools/list}, but a call to one reaches the engine and
   * gets its permission error (naming the missing scope or skill and the flag that grants it, or the per-tool list
   * that refuses it) instead of the SDK's bare "unknown tool". The engine refuses such calls before any request.
   */
  public static List<McpServerFeatures.SyncToolSpecification> syncAll(SentryMcp engine, CallContext context) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(context, "context");
    List<McpServerFeatures.SyncToolSpecification> out = new ArrayList<>();
    for (SentryTool t : engine.allTools()) {
      ToolDescriptor d = t instanceof AbstractSentryTool a ? a.descriptorFor(context.constraints()) : t.descriptor();
      boolean hasOutputSchema = d.outputSchema() != null;
      String name = d.name();
      out.add(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(toMcpTool(d))
              .callHandler((exchange, request) -> call(engine, name, hasOutputSchema, request, context))
              .build());
    }
    return List.copyOf(out);
  }

  /**
   * Asynchronous specifications for every registered tool (see {@link #syncAll}): each call runs on the engine's own
   * threads ({@link SentryMcp#callAndRenderAsync}), so a slow Sentry never holds a server thread and never delays
   * {@code tools/list} or other calls; beyond the engine's limit of calls in flight, a call is answered at once with a
   * "busy, retry" error result. A {@link CancellationSignal} found in the request's transport context under {@link
   * #CANCELLATION_KEY} cancels the call.
   */
  public static List<McpServerFeatures.AsyncToolSpecification> asyncAll(SentryMcp engine, CallContext context) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(context, "context");
    List<McpServerFeatures.AsyncToolSpecification> out = new ArrayList<>();
    for (SentryTool t : engine.allTools()) {
      ToolDescriptor d = t instanceof AbstractSentryTool a ? a.descriptorFor(context.constraints()) : t.descriptor();
      boolean hasOutputSchema = d.outputSchema() != null;
      String name = d.name();
      out.add(
          McpServerFeatures.AsyncToolSpecification.builder()
              .tool(toMcpTool(d))
              .callHandler((exchange, request) -> Mono.fromFuture(
                  () -> callAsync(engine, name, hasOutputSchema, request,
                      context.withCancellation(cancellation(exchange.transportContext(), context)))))
              .build());
    }
    return List.copyOf(out);
  }

  /** An asynchronous {@code tools/list} filter showing exactly the tools available in {@code context}. */
  public static McpAsyncListFilter<McpSchema.Tool> asyncListFilter(SentryMcp engine, CallContext context) {
    McpSyncListFilter<McpSchema.Tool> sync = listFilter(engine, context);
    return (transportContext, tool) -> Mono.just(sync.isVisible(transportContext, tool));
  }

  /**
   * The key under which a transport puts a request's {@link CancellationSignal} into the SDK's {@link
   * McpTransportContext}; the handlers here cancel the call when it is cancelled.
   */
  public static final String CANCELLATION_KEY = StdioTransportProvider.CANCELLATION_KEY;

  /** The request's cancellation signal from its transport context, or the context's own. */
  static CancellationSignal cancellation(@Nullable McpTransportContext transportContext, CallContext context) {
    Object signal = transportContext == null ? null : transportContext.get(CANCELLATION_KEY);
    return signal instanceof CancellationSignal s ? s : context.cancellation();
  }

  /** Calls a tool asynchronously and maps the outcome; the future never fails. */
  public static CompletableFuture<McpSchema.CallToolResult> callAsync(
      SentryMcp engine,
      String toolName,
      boolean hasOutputSchema,
      McpSchema.@Nullable CallToolRequest request,
      CallContext context) {
    try {
      Map<String, Object> arguments = request == null ? null : request.arguments();
      return engine.callAndRenderAsync(toolName, arguments == null ? Map.of() : arguments, context)
          .thenApply(r -> toCallToolResult(r, hasOutputSchema))
          .exceptionally(t -> {
            LOG.error("tool {} failed in the MCP binding: {}", toolName, Failures.describe(t));
            return internalError();
          });
    } catch (Throwable t) { // nothing may reach the SDK, which would send the whole cause chain to the client
      LOG.error("tool {} failed in the MCP binding: {}", toolName, Failures.describe(t));
      return CompletableFuture.completedFuture(internalError());
    }
  }

  /** A {@code tools/list} filter showing exactly the tools available in {@code context}. */
  public static McpSyncListFilter<McpSchema.Tool> listFilter(SentryMcp engine, CallContext context) {
    Set<String> visible = new HashSet<>();
    for (ToolDescriptor d : engine.availableTools(context)) {
      visible.add(d.name());
    }
    Set<String> names = Set.copyOf(visible);
    return (transportContext, tool) -> names.contains(tool.name());
  }

  /** Like {@link #sync(SentryMcp, CallContext)} for the SDK's stateless (HTTP) servers. */
  public static List<McpStatelessServerFeatures.SyncToolSpecification> statelessSync(
      SentryMcp engine, CallContext context) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(context, "context");
    List<McpStatelessServerFeatures.SyncToolSpecification> out = new ArrayList<>();
    for (ToolDescriptor d : engine.availableTools(context)) {
      McpSchema.Tool tool = toMcpTool(d);
      boolean hasOutputSchema = d.outputSchema() != null;
      String name = d.name();
      out.add(
          McpStatelessServerFeatures.SyncToolSpecification.builder()
              .tool(tool)
              .callHandler((transportContext, request) -> call(engine, name, hasOutputSchema, request, context))
              .build());
    }
    return List.copyOf(out);
  }

  /**
   * Calls a tool and maps the outcome; never throws. Transports that build their own handlers (for example with a
   * per-request context) can use this directly.
   */
  public static McpSchema.CallToolResult call(
      SentryMcp engine,
      String toolName,
      boolean hasOutputSchema,
      McpSchema.@Nullable CallToolRequest request,
      CallContext context) {
    try {
      Map<String, Object> arguments = request == null ? null : request.arguments();
      RenderedResult rendered =
          engine.callAndRender(toolName, arguments == null ? Map.of() : arguments, context);
      return toCallToolResult(rendered, hasOutputSchema);
    } catch (Throwable t) { // nothing may reach the SDK, which would send the whole cause chain to the client
      LOG.error("tool {} failed in the MCP binding: {}", toolName, Failures.describe(t));
      return internalError();
    }
  }

  /** The MCP form of a tool descriptor: name, title, description, schemas and the four standard hints. */
  public static McpSchema.Tool toMcpTool(ToolDescriptor d) {
    McpSchema.Tool.Builder b =
        McpSchema.Tool.builder(d.name(), d.inputSchema())
            .title(d.title())
            .description(d.description())
            .annotations(
                McpSchema.ToolAnnotations.builder()
                    .title(d.title())
                    .readOnlyHint(d.annotations().readOnly())
                    .destructiveHint(d.annotations().destructive())
                    .idempotentHint(d.annotations().idempotent())
                    .openWorldHint(d.annotations().openWorld())
                    .build());
    Map<String, Object> outputSchema = d.outputSchema();
    if (outputSchema != null) {
      b.outputSchema(outputSchema);
    }
    return b.build();
  }

  /**
   * Maps a rendered result to a {@code CallToolResult}.
   *
   * @param hasOutputSchema whether the tool declares an {@code outputSchema}: success results then carry {@code
   *     structuredContent} (the SDK validates it); error results then do not, because MCP clients check any {@code
   *     structuredContent} against the tool's output schema even on errors
   */
  public static McpSchema.CallToolResult toCallToolResult(RenderedResult r, boolean hasOutputSchema) {
    List<McpSchema.Content> content = new ArrayList<>();
    content.add(McpSchema.TextContent.builder(r.text()).build());
    for (RenderedResult.RenderedBinary bin : r.binaries()) {
      if (bin.kind() == BinaryContent.Kind.IMAGE) {
        content.add(McpSchema.ImageContent.builder(bin.base64Data(), bin.mimeType()).build());
      } else {
        content.add(
            McpSchema.EmbeddedResource.builder(
                    McpSchema.BlobResourceContents.builder(bin.uri(), bin.base64Data())
                        .mimeType(bin.mimeType())
                        .build())
                .build());
      }
    }
    McpSchema.CallToolResult.Builder b = McpSchema.CallToolResult.builder().content(content).isError(r.isError());
    Map<String, Object> structured = r.structuredContent();
    boolean sendStructured = r.isError() ? !hasOutputSchema : hasOutputSchema;
    if (structured != null && sendStructured) {
      b.structuredContent(structured);
    }
    if (!r.meta().isEmpty()) {
      b.meta(new LinkedHashMap<>(r.meta()));
    }
    return b.build();
  }

  /** The generic error result for a failure inside the binding itself. */
  static McpSchema.CallToolResult internalError() {
    return McpSchema.CallToolResult.builder()
        .addTextContent(INTERNAL_ERROR_TEXT)
        .isError(true)
        .meta(Map.of(ERROR_META_KEY, Map.of("kind", ErrorKind.INTERNAL.id())))
        .build();
  }
}
