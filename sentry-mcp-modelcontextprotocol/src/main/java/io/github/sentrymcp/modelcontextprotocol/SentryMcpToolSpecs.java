package io.github.sentrymcp.modelcontextprotocol;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.CallMetrics;
import io.github.sentrymcp.api.CallObserver;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Notice;
import io.github.sentrymcp.api.ProgressListener;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.BinaryContent;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.DefaultToolResultSanitizer;
import io.github.sentrymcp.core.Redactor;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.Failures;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncListFilter;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Turns a {@link SentryMcp} engine into tool specifications of the MCP Java SDK, for sync, async and stateless
 * servers alike, with each request's {@link Session} resolved from the SDK's transport context. Uses only {@code
 * mcp-core} types, so it works with any SDK transport (stdio, servlet streamable HTTP, stateless HTTP) and in hosts that
 * run their own SDK server, such as Spring AI:
 *
 * <pre>{@code
 * SentryMcp engine = SentryMcp.create(SentryMcpConfig.builder().build());
 * SentryMcpToolSpecs specs = SentryMcpToolSpecs.builder(engine,
 *     ctx -> sessions.forBearer((String) ctx.get("authorization"))).build();
 * McpAsyncServer server = McpServer.async(transportProvider)
 *     .serverInfo("my-server", "1.0")
 *     .capabilities(ServerCapabilities.builder().tools(false).build())
 *     .tools(specs.async())
 *     .addToolFilter(specs.asyncListFilter())
 *     .validateToolInputs(false) // the engine validates arguments itself, reporting every problem at once
 *     .build();
 * }</pre>
 *
 * <p>Every tool of the engine is registered; the list filter shows each session the tools of the engine's surface
 * ({@link SentryMcp#listedTools}: by default the main tools plus the gateway, which reaches the others). Any tool the
 * session may use can be called by name, listed or not, and a
 * call to another one reaches the engine, which refuses it with a permission error naming what is missing, before any
 * request to Sentry. Handlers never let an exception reach the SDK (which would send the messages of the whole cause
 * chain to the client): every failure is an error result rendered by the engine's sanitizer.
 *
 * <p>Transports put a request's {@link CancellationSignal} into its transport context under {@link
 * #CANCELLATION_KEY} (the call is then cancelled with the request), and may name themselves under {@link
 * #TRANSPORT_KEY} and describe the request under {@link #ORIGIN_KEY} (for the engine's listeners, such as the
 * OpenTelemetry module; the binding adds the {@code traceparent}, {@code tracestate} and {@code baggage} of the
 * request's {@code _meta}). A call whose request carries {@code _meta.progressToken} reports its progress as {@code
 * notifications/progress} through the request's exchange, and the library's notices about the call (retries, rate
 * limits, cut results, refusals) go to the client as MCP log messages ({@code notifications/message}, redacted, at or
 * above the level the client set with {@code logging/setLevel}; the server must advertise the {@code logging}
 * capability) before its result (sync and async servers; stateless servers have no channel for either).
 *
 * <p>Result mapping ({@link #toCallToolResult}): the text becomes a text block, binaries become image blocks or
 * embedded blob resources, {@code meta} becomes {@code _meta}, and {@code structuredContent} is sent only where it
 * cannot fail a client's output-schema check: on success results of tools that declare an {@code outputSchema} (only
 * with {@link Builder#structuredContent}; off by default), and on error results of tools that do not. The machine-readable error kind is always in {@code _meta} under {@value
 * #ERROR_META_KEY}.
 */
public final class SentryMcpToolSpecs {
  private static final Logger LOG = LoggerFactory.getLogger(SentryMcpToolSpecs.class);

  /** The {@code _meta} key of the error object ({@code {"kind": ..., "status": ...}}) of error results. */
  public static final String ERROR_META_KEY = "io.github.sentrymcp/error";

  /** Transport-context key of a request's {@link CancellationSignal}. */
  public static final String CANCELLATION_KEY = "io.github.sentrymcp/cancellation";

  /** Transport-context key of the transport's name ({@code stdio}, {@code http}, ...), for the engine's listeners. */
  public static final String TRANSPORT_KEY = "io.github.sentrymcp/transport";

  /**
   * Transport-context key of the request's {@link RequestOrigin} (JSON-RPC id, protocol version, MCP session id,
   * network details), for the engine's listeners; the binding adds the trace context of the request's {@code _meta}.
   */
  public static final String ORIGIN_KEY = "io.github.sentrymcp/origin";

  private static final String INTERNAL_ERROR_TEXT =
      "**Error**\n\nAn unexpected error occurred while running the tool.";

  private final SentryMcp engine;
  private final SessionResolver sessions;
  private final String transport;
  private final List<Entry> entries;
  private final Set<String> names;
  private volatile @Nullable Listed lastListed;

  /** One registered tool: its SDK form, and how to call it. */
  private record Entry(McpSchema.Tool tool, String name, boolean hasOutputSchema) {}

  private SentryMcpToolSpecs(Builder b) {
    this.engine = b.engine;
    this.sessions = b.sessions;
    this.transport = b.transport;
    List<Entry> list = new ArrayList<>();
    for (SentryTool t : engine.allTools()) {
      ToolDescriptor d = t.descriptorFor(b.listingConstraints);
      boolean structured = b.structuredContent && d.outputSchema() != null;
      list.add(new Entry(toMcpTool(d, structured), d.name(), structured));
    }
    this.entries = List.copyOf(list);
    Set<String> all = new HashSet<>();
    for (Entry e : entries) {
      all.add(e.name());
    }
    this.names = Set.copyOf(all);
  }

  /**
   * Specifications for the engine's tools, each request running for the session {@code sessions} resolves.
   *
   * @param engine the engine whose tools are served
   * @param sessions finds each request's session
   * @return a new builder
   */
  public static Builder builder(SentryMcp engine, SessionResolver sessions) {
    return new Builder(engine, sessions);
  }

  /**
   * For a sync server (McpServer.sync): calls run on the SDK's worker threads.
   *
   * @return one specification per tool
   */
  public List<McpServerFeatures.SyncToolSpecification> sync() {
    List<McpServerFeatures.SyncToolSpecification> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(McpServerFeatures.SyncToolSpecification.builder()
          .tool(e.tool())
          .callHandler((exchange, request) ->
              callSync(e, exchange == null ? null : exchange.transportContext(), request,
                  exchange == null ? ProgressListener.NONE
                      : progress(request, n -> exchange.progressNotification(n)),
                  exchange == null ? null : logging(n -> exchange.loggingNotification(n))))
          .build());
    }
    return List.copyOf(out);
  }

  /**
   * For an async server (McpServer.async): calls run on the engine's own threads ({@link
   * SentryMcp#callAndRenderAsync}), so a slow Sentry never holds a server thread or delays {@code tools/list}; beyond
   * the engine's limit of calls in flight, a call is answered at once with a "busy, retry" error result.
   *
   * @return one specification per tool
   */
  public List<McpServerFeatures.AsyncToolSpecification> async() {
    List<McpServerFeatures.AsyncToolSpecification> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(McpServerFeatures.AsyncToolSpecification.builder()
          .tool(e.tool())
          .callHandler((exchange, request) -> Mono.fromFuture(
              () -> callAsync(e, exchange == null ? null : exchange.transportContext(), request,
                  exchange == null ? ProgressListener.NONE
                      : progress(request, n -> exchange.progressNotification(n).block(PROGRESS_SEND_LIMIT)),
                  exchange == null ? null
                      : logging(n -> exchange.loggingNotification(n).block(PROGRESS_SEND_LIMIT)))))
          .build());
    }
    return List.copyOf(out);
  }

  /**
   * For a stateless sync server (stateless streamable HTTP).
   *
   * @return one specification per tool
   */
  public List<McpStatelessServerFeatures.SyncToolSpecification> statelessSync() {
    List<McpStatelessServerFeatures.SyncToolSpecification> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(McpStatelessServerFeatures.SyncToolSpecification.builder()
          .tool(e.tool())
          .callHandler((context, request) ->
              callSync(e, context, request, ProgressListener.NONE, null))
          .build());
    }
    return List.copyOf(out);
  }

  /**
   * For a stateless async server: calls run on the engine's own threads, as in {@link #async()}.
   *
   * @return one specification per tool
   */
  public List<McpStatelessServerFeatures.AsyncToolSpecification> statelessAsync() {
    List<McpStatelessServerFeatures.AsyncToolSpecification> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(McpStatelessServerFeatures.AsyncToolSpecification.builder()
          .tool(e.tool())
          .callHandler((context, request) ->
              Mono.fromFuture(() -> callAsync(e, context, request, ProgressListener.NONE, null)))
          .build());
    }
    return List.copyOf(out);
  }

  /**
   * A {@code tools/list} filter (sync and stateless servers) showing each request's session its tools. Tools that are
   * not the engine's (a host's own tools on the same server) pass unchanged.
   *
   * @return the filter
   */
  public McpSyncListFilter<McpSchema.Tool> syncListFilter() {
    return this::visible;
  }

  /**
   * A {@code tools/list} filter for async servers showing each request's session its tools; others pass unchanged.
   *
   * @return the filter
   */
  public McpAsyncListFilter<McpSchema.Tool> asyncListFilter() {
    return (context, tool) -> Mono.just(visible(context, tool));
  }

  private boolean visible(@Nullable McpTransportContext context, McpSchema.Tool tool) {
    if (!names.contains(tool.name())) {
      return true; // not ours: the host decides
    }
    McpTransportContext ctx = context == null ? McpTransportContext.EMPTY : context;
    Session session;
    Surface surface;
    try {
      session = sessions.resolve(ctx);
      surface = sessions.surface(ctx);
    } catch (RuntimeException e) {
      return false; // no session, no tools
    }
    return listed(session, surface).contains(tool.name());
  }

  /**
   * The names the session may list: computed once per session object and kept for the last one, since the SDK asks
   * for every tool of a list request in turn and a server usually serves the same session again (stdio has one).
   */
  private Set<String> listed(Session session, @Nullable Surface surface) {
    Listed l = lastListed;
    if (l == null || l.session() != session || l.surface() != surface) {
      Set<String> names = new HashSet<>();
      for (ToolDescriptor d : surface == null ? engine.listedTools(session) : engine.listedTools(session, surface)) {
        names.add(d.name());
      }
      l = new Listed(session, surface, Set.copyOf(names));
      lastListed = l;
    }
    return l.names();
  }

  private record Listed(Session session, @Nullable Surface surface, Set<String> names) {}

  // ------------------------------------------------------------------------------------------------------ calls

  private McpSchema.CallToolResult callSync(Entry e, @Nullable McpTransportContext transportContext,
      McpSchema.@Nullable CallToolRequest request, ProgressListener progress, @Nullable LogNotices notices) {
    try {
      CallContext context = context(transportContext, request).withProgress(progress)
          .withObserver(notices == null ? CallObserver.NONE : notices);
      RenderedResult result = engine.callAndRender(e.name(), arguments(request), context);
      if (notices != null) {
        notices.drained().join();
      }
      return toCallToolResult(result, e.hasOutputSchema());
    } catch (SentryMcpException failure) {
      return toCallToolResult(engine.sanitizer().renderError(failure), e.hasOutputSchema());
    } catch (Throwable t) { // nothing may reach the SDK, which would send the whole cause chain to the client
      LOG.error("tool {} failed in the MCP binding: {}", e.name(), Failures.describe(t));
      return internalError();
    }
  }

  private CompletableFuture<McpSchema.CallToolResult> callAsync(Entry e,
      @Nullable McpTransportContext transportContext, McpSchema.@Nullable CallToolRequest request,
      ProgressListener progress, @Nullable LogNotices notices) {
    try {
      CallContext context = context(transportContext, request).withProgress(progress)
          .withObserver(notices == null ? CallObserver.NONE : notices);
      return engine.callAndRenderAsync(e.name(), arguments(request), context)
          .thenCompose(r -> notices == null ? CompletableFuture.completedFuture(r) : notices.drained().thenApply(x -> r))
          .thenApply(r -> toCallToolResult(r, e.hasOutputSchema()))
          .exceptionally(t -> {
            LOG.error("tool {} failed in the MCP binding: {}", e.name(), Failures.describe(t));
            return internalError();
          });
    } catch (SentryMcpException failure) {
      return CompletableFuture.completedFuture(
          toCallToolResult(engine.sanitizer().renderError(failure), e.hasOutputSchema()));
    } catch (Throwable t) { // nothing may reach the SDK, which would send the whole cause chain to the client
      LOG.error("tool {} failed in the MCP binding: {}", e.name(), Failures.describe(t));
      return CompletableFuture.completedFuture(internalError());
    }
  }

  /**
   * The call's context: the resolved session, the transport's cancellation signal and name, and the request's origin
   * (the transport's, with the trace context of {@code _meta}).
   */
  private CallContext context(@Nullable McpTransportContext transportContext,
      McpSchema.@Nullable CallToolRequest request) {
    McpTransportContext ctx = transportContext == null ? McpTransportContext.EMPTY : transportContext;
    Session session;
    try {
      session = Objects.requireNonNull(sessions.resolve(ctx), "session");
    } catch (SentryMcpException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("resolving the session of a request failed: {}", Failures.describe(e));
      throw new SentryMcpException(ErrorKind.AUTHENTICATION, "The request could not be matched to a session.");
    }
    Object signal = ctx.get(CANCELLATION_KEY);
    Object name = ctx.get(TRANSPORT_KEY);
    return new CallContext(session,
        signal instanceof CancellationSignal s ? s : CancellationSignal.never(),
        name instanceof String n ? n : transport,
        new CallMetrics()).withOrigin(origin(ctx.get(ORIGIN_KEY), request));
  }

  /** The transport's origin of the request (or a bare {@code tools/call} one) with {@code _meta}'s trace context. */
  static RequestOrigin origin(@Nullable Object given, McpSchema.@Nullable CallToolRequest request) {
    RequestOrigin.Builder b = given instanceof RequestOrigin o ? o.toBuilder()
        : RequestOrigin.builder(McpSchema.METHOD_TOOLS_CALL);
    Map<String, Object> meta = request == null ? null : request.meta();
    if (meta != null) {
      for (String key : RequestOrigin.TRACE_CONTEXT_KEYS) {
        b.traceContext(key, meta.get(key));
      }
    }
    return b.build();
  }

  /**
   * The call's observer for MCP logging: each {@link Notice} becomes a {@code notifications/message} with its level,
   * logger and (redacted) text, sent through {@code send}; the SDK drops it below the level the client set with
   * {@code logging/setLevel}. Notices may come from any thread; they are sent one at a time, in order, on the
   * binding's sender thread, so no HTTP-client or tool thread waits for the client, and the call's result is sent
   * only after them ({@link LogNotices#drained}). A failure to send is logged and never reaches the tool.
   */
  static LogNotices logging(java.util.function.Consumer<McpSchema.LoggingMessageNotification> send) {
    return new LogNotices(send);
  }

  /** A call's MCP log notifications, sent in order; see {@link #logging}. */
  static final class LogNotices implements CallObserver {
    private final java.util.function.Consumer<McpSchema.LoggingMessageNotification> send;
    private CompletableFuture<@Nullable Void> tail = CompletableFuture.completedFuture(null);

    LogNotices(java.util.function.Consumer<McpSchema.LoggingMessageNotification> send) {
      this.send = send;
    }

    @Override
    public void notice(Notice notice) {
      String text = Redactor.redactForTelemetry(notice.message());
      McpSchema.LoggingMessageNotification n = McpSchema.LoggingMessageNotification.builder(
              level(notice.level()), text == null ? "" : text)
          .logger(notice.logger())
          .build();
      synchronized (this) {
        try {
          tail = tail.thenRunAsync(() -> {
            try {
              send.accept(n);
            } catch (Throwable t) { // the client went away or the transport failed: the call goes on
              LOG.debug("a log notification could not be sent: {}", Failures.describe(t));
            }
          }, NOTICE_SENDER);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          LOG.debug("a log notification was dropped: the sender is busy");
        }
      }
    }

    /** Completes when every notice so far was sent (or failed), at most {@link #NOTICE_DRAIN_LIMIT} from now. */
    synchronized CompletableFuture<@Nullable Void> drained() {
      return tail.exceptionally(t -> null)
          .completeOnTimeout(null, NOTICE_DRAIN_LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /** Longest wait, after a call ended, for its log notifications to go out before its result. */
  private static final java.time.Duration NOTICE_DRAIN_LIMIT = java.time.Duration.ofSeconds(2);

  private static McpSchema.LoggingLevel level(Notice.Level level) {
    return switch (level) {
      case DEBUG -> McpSchema.LoggingLevel.DEBUG;
      case INFO -> McpSchema.LoggingLevel.INFO;
      case NOTICE -> McpSchema.LoggingLevel.NOTICE;
      case WARNING -> McpSchema.LoggingLevel.WARNING;
      case ERROR -> McpSchema.LoggingLevel.ERROR;
    };
  }

  /**
   * Sends log notifications in order on one daemon thread, at most 1,000 waiting (beyond that they are dropped: a
   * client that does not read cannot make the server hold notices without bound).
   */
  private static final java.util.concurrent.ExecutorService NOTICE_SENDER = new java.util.concurrent.ThreadPoolExecutor(
      1, 1, 30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1_000), r -> {
        Thread t = new Thread(r, "sentry-mcp-log-notices");
        t.setDaemon(true);
        return t;
      });

  static {
    ((java.util.concurrent.ThreadPoolExecutor) NOTICE_SENDER).allowCoreThreadTimeOut(true);
  }

  /** Longest wait for one progress notification to be handed to the transport. */
  private static final java.time.Duration PROGRESS_SEND_LIMIT = java.time.Duration.ofSeconds(5);

  /**
   * The call's progress listener: {@code notifications/progress} with the request's {@code _meta.progressToken}
   * (a string or a number), sent through {@code send}; {@link ProgressListener#NONE} when the client sent no token.
   * Reports are sent one at a time, in order; a failure to send is logged and never reaches the tool.
   */
  static ProgressListener progress(McpSchema.@Nullable CallToolRequest request,
      java.util.function.Consumer<McpSchema.ProgressNotification> send) {
    Map<String, Object> meta = request == null ? null : request.meta();
    Object token = meta == null ? null : meta.get("progressToken");
    if (!(token instanceof String || token instanceof Number)) {
      return ProgressListener.NONE;
    }
    return new ProgressListener() {
      @Override
      public synchronized void progress(double progress, @Nullable Double total, String message) {
        try {
          send.accept(McpSchema.ProgressNotification.builder(token, progress).total(total).message(message)
              .build());
        } catch (Throwable t) { // the client went away or the transport failed: the call goes on
          LOG.debug("a progress notification could not be sent: {}", Failures.describe(t));
        }
      }
    };
  }

  private static Map<String, Object> arguments(McpSchema.@Nullable CallToolRequest request) {
    Map<String, Object> arguments = request == null ? null : request.arguments();
    return arguments == null ? Map.of() : arguments;
  }

  // -------------------------------------------------------------------------------------------------- mapping

  /**
   * The MCP form of a tool descriptor: name, title, description, schemas and the four standard hints. The title is
   * given once, as the tool's {@code title} (which MCP prefers over the older {@code annotations.title}).
   *
   * @param d the descriptor
   * @return the MCP tool, with its output schema when it has one
   */
  public static McpSchema.Tool toMcpTool(ToolDescriptor d) {
    return toMcpTool(d, true);
  }

  /**
   * The MCP form of a tool descriptor, with its output schema only when {@code withOutputSchema} (see {@link
   * Builder#structuredContent}).
   *
   * @param d the descriptor
   * @param withOutputSchema whether the output schema is included
   * @return the MCP tool
   */
  public static McpSchema.Tool toMcpTool(ToolDescriptor d, boolean withOutputSchema) {
    McpSchema.Tool.Builder b =
        McpSchema.Tool.builder(d.name(), d.inputSchema())
            .title(d.title())
            .description(d.description())
            .annotations(
                McpSchema.ToolAnnotations.builder()
                    .readOnlyHint(d.annotations().readOnly())
                    .destructiveHint(d.annotations().destructive())
                    .idempotentHint(d.annotations().idempotent())
                    .openWorldHint(d.annotations().openWorld())
                    .build());
    Map<String, Object> outputSchema = d.outputSchema();
    if (outputSchema != null && withOutputSchema) {
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
   * @param r the rendered result
   * @return the MCP result
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
      Map<String, Object> meta = new LinkedHashMap<>(r.meta());
      if (structured != null && !sendStructured) {
        withoutStructuredProvenance(meta);
      }
      b.meta(meta);
    }
    return b.build();
  }

  /**
   * Drops the provenance of structured content that is not sent (its JSON Pointers would point at nothing): the
   * {@code fields} and {@code truncated} entries of the sanitizer's provenance.
   */
  private static void withoutStructuredProvenance(Map<String, Object> meta) {
    if (meta.get(DefaultToolResultSanitizer.META_KEY) instanceof Map<?, ?> provenance
        && (provenance.containsKey("fields") || provenance.containsKey("truncated"))) {
      Map<Object, Object> p = new LinkedHashMap<>(provenance);
      p.remove("fields");
      p.remove("truncated");
      meta.put(DefaultToolResultSanitizer.META_KEY, p);
    }
  }

  /** The generic error result for a failure inside the binding itself. */
  static McpSchema.CallToolResult internalError() {
    return McpSchema.CallToolResult.builder()
        .addTextContent(INTERNAL_ERROR_TEXT)
        .isError(true)
        .meta(Map.of(ERROR_META_KEY, Map.of("kind", ErrorKind.INTERNAL.id())))
        .build();
  }

  /** Configures {@link SentryMcpToolSpecs}. */
  public static final class Builder {
    private final SentryMcp engine;
    private final SessionResolver sessions;
    private SessionConstraints listingConstraints = SessionConstraints.NONE;
    private String transport = "mcp";
    private boolean structuredContent;

    private Builder(SentryMcp engine, SessionResolver sessions) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /**
     * The constraints whose pinned parameters the advertised schemas leave out (default none: every parameter is
     * shown). A server whose sessions all share one organization or project pin passes it here; a call always gets
     * its own session's constraints injected, whatever the schema shows.
     *
     * @param constraints the constraints
     * @return this builder
     */
    public Builder listingConstraints(SessionConstraints constraints) {
      this.listingConstraints = Objects.requireNonNull(constraints, "constraints");
      return this;
    }

    /**
     * The transport's name for the engine's listeners when the transport context does not carry one under {@link
     * #TRANSPORT_KEY} (default {@code mcp}).
     *
     * @param name the transport's name
     * @return this builder
     */
    public Builder transportName(String name) {
      this.transport = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Whether tools advertise their {@code outputSchema} and successful results carry {@code structuredContent}
     * (default false). Off, a client gets each result once, as its text, where every Sentry value is inside a
     * nonce-tagged region: structured content would repeat every fact (tokens for clients that show both) and hold
     * Sentry text as raw JSON strings, outside any region, for clients that show it to the model instead of the text.
     * Turn it on for programmatic MCP clients that consume the JSON; its provenance stays in {@code _meta}. Error
     * results carry their small {@code {"error": {kind, status}}} object either way.
     *
     * @param structuredContent true to advertise output schemas and send structured content
     * @return this builder
     */
    public Builder structuredContent(boolean structuredContent) {
      this.structuredContent = structuredContent;
      return this;
    }

    /**
     * Builds the specifications.
     *
     * @return the specifications
     */
    public SentryMcpToolSpecs build() {
      return new SentryMcpToolSpecs(this);
    }
  }
}
