package io.github.sentrymcp.opentelemetry;

import static io.github.sentrymcp.opentelemetry.McpTelemetryConventions.OTHER;

import io.github.sentrymcp.api.ApiExchange;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.ModelExchange;
import io.github.sentrymcp.api.Notice;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.core.Redactor;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.opentelemetry.internal.OpenCalls;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry traces and metrics of an engine's tool calls, following the OpenTelemetry semantic conventions for MCP
 * (the revision {@link McpTelemetryConventions} names). Register it as the engine's listener; the host brings the
 * OpenTelemetry SDK (or the Java agent's), this module needs only {@code opentelemetry-api}:
 *
 * <pre>{@code
 * SentryMcpTelemetry telemetry = SentryMcpTelemetry.builder(openTelemetry).build();
 * SentryMcp engine = SentryMcp.builder(config).listener(telemetry).build();
 * }</pre>
 *
 * <p>What it records:
 *
 * <ul>
 *   <li>an MCP request (a call with a {@link RequestOrigin}): a SERVER span {@code tools/call <tool>} whose parent is
 *       the W3C trace context the request carried in {@code params._meta}, with the context current when the call
 *       started as a link; without such a context its parent is the current one. Attributes: {@code mcp.method.name},
 *       {@code gen_ai.tool.name}, {@code gen_ai.operation.name} ({@code execute_tool}), {@code jsonrpc.request.id},
 *       {@code mcp.protocol.version}, {@code mcp.session.id}, {@code network.*}, {@code client.address}, {@code
 *       client.port} (each when known) and {@code sentry_mcp.transport}. Its duration goes to the histogram {@code
 *       mcp.server.operation.duration}, with the low-cardinality attributes only;
 *   <li>a plain-Java call: an INTERNAL span {@code execute_tool <tool>} under the current context, and the histogram
 *       {@code sentry_mcp.tool.duration} (no MCP operation took place, so not the MCP metric);
 *   <li>on failure: {@code error.type} {@code tool_error}, {@code sentry_mcp.error.kind} and {@code
 *       sentry_mcp.error.alerting}, status ERROR with the kind as description;
 *   <li>each HTTP attempt with Sentry ({@link Builder#sentryApiSpans}): a CLIENT span {@code GET
 *       /api/0/organizations/{org}/issues/} with the endpoint template ({@code url.template}),
 *       never the URL; each model request ({@link Builder#modelSpans}): a CLIENT span {@code chat <model>};
 *   <li>the library's notices (retries, rate limits, cut results, refusals) as {@code sentry_mcp.notice} events;
 *   <li>other MCP requests the transport answered ({@code initialize}, {@code tools/list}, ...): a SERVER span named
 *       by the method ({@link Builder#requestSpans}) and the operation histogram;
 *   <li>ended MCP sessions as the histogram {@code mcp.server.session.duration}.
 * </ul>
 *
 * <p>The call's span is current on the calling thread while the tool runs, so spans other instrumentation makes
 * during the call (an HTTP client agent's) nest under it. Arguments are recorded only when named ({@link
 * Builder#recordArguments(String...)}), results never, credentials never (the listener never sees them), and every
 * text value passes through {@link Redactor#redactForTelemetry}. A tool name that is neither built in nor proved to
 * exist (a call to an unknown tool) is not used where cardinality matters: metrics get {@value
 * McpTelemetryConventions#OTHER} and the span name leaves it out; the span's {@code gen_ai.tool.name} keeps it.
 *
 * <p>Thread-safe; never throws from a callback. Per-call state is held by the call's identity, weakly and bounded, so
 * a call whose end is never reported leaks nothing.
 */
public final class SentryMcpTelemetry implements ToolCallListener {
  /** At most this many calls are traced at once; calls beyond it get metrics but no span. */
  static final int MAX_OPEN_CALLS = 4096;
  /** At most this many tool names besides the built-in ones are used as metric attribute values. */
  static final int MAX_LEARNED_TOOLS = 1024;

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey(McpTelemetryConventions.MCP_METHOD_NAME);
  private static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey(McpTelemetryConventions.MCP_PROTOCOL_VERSION);
  private static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey(McpTelemetryConventions.MCP_SESSION_ID);
  private static final AttributeKey<String> REQUEST_ID =
      AttributeKey.stringKey(McpTelemetryConventions.JSONRPC_REQUEST_ID);
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey(McpTelemetryConventions.GEN_AI_TOOL_NAME);
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey(McpTelemetryConventions.GEN_AI_OPERATION_NAME);
  private static final AttributeKey<String> PROVIDER =
      AttributeKey.stringKey(McpTelemetryConventions.GEN_AI_PROVIDER_NAME);
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey(McpTelemetryConventions.GEN_AI_REQUEST_MODEL);
  private static final AttributeKey<Long> INPUT_TOKENS =
      AttributeKey.longKey(McpTelemetryConventions.GEN_AI_USAGE_INPUT_TOKENS);
  private static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey(McpTelemetryConventions.GEN_AI_USAGE_OUTPUT_TOKENS);
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(McpTelemetryConventions.ERROR_TYPE);
  private static final AttributeKey<String> NETWORK_TRANSPORT =
      AttributeKey.stringKey(McpTelemetryConventions.NETWORK_TRANSPORT);
  private static final AttributeKey<String> PROTOCOL_NAME =
      AttributeKey.stringKey(McpTelemetryConventions.NETWORK_PROTOCOL_NAME);
  private static final AttributeKey<String> PROTOCOL_VERSION_NET =
      AttributeKey.stringKey(McpTelemetryConventions.NETWORK_PROTOCOL_VERSION);
  private static final AttributeKey<String> CLIENT_ADDRESS =
      AttributeKey.stringKey(McpTelemetryConventions.CLIENT_ADDRESS);
  private static final AttributeKey<Long> CLIENT_PORT = AttributeKey.longKey(McpTelemetryConventions.CLIENT_PORT);
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey(McpTelemetryConventions.SERVER_ADDRESS);
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey(McpTelemetryConventions.SERVER_PORT);
  private static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey(McpTelemetryConventions.HTTP_REQUEST_METHOD);
  private static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey(McpTelemetryConventions.HTTP_RESPONSE_STATUS_CODE);
  private static final AttributeKey<Long> RESEND_COUNT =
      AttributeKey.longKey(McpTelemetryConventions.HTTP_REQUEST_RESEND_COUNT);
  private static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey(McpTelemetryConventions.URL_TEMPLATE);
  private static final AttributeKey<String> ERROR_KIND =
      AttributeKey.stringKey(McpTelemetryConventions.SENTRY_MCP_ERROR_KIND);
  private static final AttributeKey<Boolean> ERROR_ALERTING =
      AttributeKey.booleanKey(McpTelemetryConventions.SENTRY_MCP_ERROR_ALERTING);
  private static final AttributeKey<String> TRANSPORT =
      AttributeKey.stringKey(McpTelemetryConventions.SENTRY_MCP_TRANSPORT);
  private static final AttributeKey<String> NOTICE_LEVEL =
      AttributeKey.stringKey(McpTelemetryConventions.SENTRY_MCP_NOTICE_LEVEL);
  private static final AttributeKey<String> NOTICE_LOGGER =
      AttributeKey.stringKey(McpTelemetryConventions.SENTRY_MCP_NOTICE_LOGGER);
  private static final AttributeKey<String> NOTICE_MESSAGE =
      AttributeKey.stringKey(McpTelemetryConventions.SENTRY_MCP_NOTICE_MESSAGE);

  /** Reads the trace context of a request's {@code params._meta}. */
  private static final TextMapGetter<Map<String, String>> META = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private static final Set<String> BUILTIN_TOOLS = Set.copyOf(SentryMcp.builtinToolNames());

  private final Tracer tracer;
  private final DoubleHistogram operationDuration;
  private final DoubleHistogram toolDuration;
  private final DoubleHistogram sessionDuration;
  private final Set<String> recordedArguments;
  private final Map<String, AttributeKey<String>> argumentKeys;
  private final boolean apiSpans;
  private final boolean spansForRequests;
  private final boolean modelSpans;
  private final OpenCalls<Call, CallSpan> open = new OpenCalls<>(MAX_OPEN_CALLS);
  /** Host-defined tools seen to exist (a call to them got past the engine's tool lookup). */
  private final Set<String> learnedTools = ConcurrentHashMap.newKeySet();

  private SentryMcpTelemetry(Builder b) {
    String version = SentryMcp.version();
    this.tracer = b.openTelemetry.tracerBuilder(McpTelemetryConventions.INSTRUMENTATION_SCOPE)
        .setInstrumentationVersion(version).build();
    Meter meter = b.openTelemetry.meterBuilder(McpTelemetryConventions.INSTRUMENTATION_SCOPE)
        .setInstrumentationVersion(version).build();
    this.operationDuration = meter.histogramBuilder(McpTelemetryConventions.MCP_SERVER_OPERATION_DURATION)
        .setDescription("MCP request duration as observed on the receiver from the time it was received until the"
            + " result is sent.")
        .setUnit(McpTelemetryConventions.UNIT_SECONDS)
        .setExplicitBucketBoundariesAdvice(McpTelemetryConventions.OPERATION_DURATION_BUCKETS)
        .build();
    this.toolDuration = meter.histogramBuilder(McpTelemetryConventions.SENTRY_MCP_TOOL_DURATION)
        .setDescription("Duration of tool calls made from plain Java, from their start to their result.")
        .setUnit(McpTelemetryConventions.UNIT_SECONDS)
        .setExplicitBucketBoundariesAdvice(McpTelemetryConventions.OPERATION_DURATION_BUCKETS)
        .build();
    this.sessionDuration = meter.histogramBuilder(McpTelemetryConventions.MCP_SERVER_SESSION_DURATION)
        .setDescription("The duration of the MCP session as observed on the MCP server.")
        .setUnit(McpTelemetryConventions.UNIT_SECONDS)
        .setExplicitBucketBoundariesAdvice(McpTelemetryConventions.SESSION_DURATION_BUCKETS)
        .build();
    this.recordedArguments = b.recordedArguments;
    Map<String, AttributeKey<String>> keys = new HashMap<>();
    for (String name : recordedArguments) {
      keys.put(name, AttributeKey.stringKey(McpTelemetryConventions.GEN_AI_TOOL_CALL_ARGUMENTS_PREFIX + name));
    }
    this.argumentKeys = Map.copyOf(keys);
    this.apiSpans = b.sentryApiSpans;
    this.spansForRequests = b.requestSpans;
    this.modelSpans = b.modelSpans;
  }

  /**
   * A builder of telemetry reporting to {@code openTelemetry} (the SDK, the agent's, or {@code noop()}).
   *
   * @param openTelemetry where spans and metrics go
   * @return a new builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * Telemetry with the defaults: no arguments recorded, Sentry API and model spans on.
   *
   * @param openTelemetry where spans and metrics go
   * @return the telemetry listener
   */
  public static SentryMcpTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** The argument names configured with {@link Builder#recordArguments(Collection)}; empty by default. */
  @Override
  public Set<String> recordedArguments() {
    return recordedArguments;
  }

  @Override
  public void callStarted(Call call) {
    try {
      start(call);
    } catch (RuntimeException e) {
      // telemetry never fails a call, and this module logs nothing (it depends on opentelemetry-api only):
      // a failure here costs the call its span, nothing else
    }
  }

  @Override
  public void callEnded(Call call, Outcome outcome) {
    CallSpan state = null;
    try {
      state = open.remove(call);
    } catch (RuntimeException e) {
      // as above
    }
    if (state != null) {
      closeScope(state);
      try {
        end(call, outcome, state);
      } catch (RuntimeException e) {
        // as above
      }
    }
    try {
      if (state == null) {
        learn(call, outcome); // an untraced call (over the bound) still teaches the metrics its tool's name
      }
      recordDuration(call, outcome);
    } catch (RuntimeException e) {
      // as above
    }
  }

  @Override
  public void apiExchange(Call call, ApiExchange exchange) {
    if (!apiSpans) {
      return;
    }
    try {
      CallSpan state = open.get(call);
      if (state != null) {
        apiSpan(state, exchange);
      }
    } catch (RuntimeException e) {
      // as above
    }
  }

  @Override
  public void modelExchange(Call call, ModelExchange exchange) {
    try {
      CallSpan state = open.get(call);
      if (state != null) {
        modelSpan(state, exchange);
      }
    } catch (RuntimeException e) {
      // as above
    }
  }

  @Override
  public void notice(Call call, Notice notice) {
    try {
      CallSpan state = open.get(call);
      if (state != null) {
        state.span.addEvent(McpTelemetryConventions.NOTICE_EVENT, Attributes.of(
            NOTICE_LEVEL, notice.level().id(),
            NOTICE_LOGGER, text(notice.logger()),
            NOTICE_MESSAGE, text(notice.message())));
      }
    } catch (RuntimeException e) {
      // as above
    }
  }

  @Override
  public void sessionEnded(SessionEnded session) {
    try {
      AttributesBuilder a = Attributes.builder();
      a.put(NETWORK_TRANSPORT, text(session.networkTransport()));
      putText(a, PROTOCOL_VERSION, session.protocolVersion());
      putText(a, ERROR_TYPE, session.errorType());
      sessionDuration.record(seconds(session.duration()), a.build());
    } catch (RuntimeException e) {
      // as above
    }
  }

  /**
   * An answered MCP request other than {@code tools/call}: a SERVER span named by its method (under the trace context
   * of its {@code _meta}, if any), with explicit start and end, and the operation metric. A method outside the
   * conventions' well-known list is named {@value McpTelemetryConventions#OTHER} in both (clients choose it).
   */
  @Override
  public void requestServed(RequestServed request) {
    try {
      RequestOrigin origin = request.origin();
      String method = WELL_KNOWN_METHODS.contains(origin.method()) ? origin.method() : OTHER;
      String error = request.errorType();
      if (spansForRequests) {
        Context ambient = Context.current();
        Context remote = remoteParent(origin, ambient);
        SpanBuilder b = tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER)
            .setParent(remote != null ? remote : ambient)
            .setStartTimestamp(request.startedAt());
        requestAttributes(b, method, origin);
        b.setAttribute(TRANSPORT, text(request.transport()));
        Span span = b.startSpan();
        if (error != null) {
          span.setAttribute(ERROR_TYPE, text(error));
          span.setStatus(StatusCode.ERROR, text(error));
        }
        span.end(request.startedAt().plus(request.duration()));
      }
      AttributesBuilder a = Attributes.builder();
      a.put(METHOD, method);
      metricAttributes(a, origin);
      putText(a, ERROR_TYPE, error);
      operationDuration.record(seconds(request.duration()), a.build());
    } catch (RuntimeException e) {
      // as above
    }
  }

  /** The MCP request methods the conventions name (a client may send any other text). */
  private static final Set<String> WELL_KNOWN_METHODS = Set.of("completion/complete", "initialize",
      "logging/setLevel", "ping", "prompts/get", "prompts/list", "resources/list", "resources/read",
      "resources/subscribe", "resources/templates/list", "resources/unsubscribe", "tools/call", "tools/list");

  /** How many calls are traced now (for tests: nothing is left behind once calls end). */
  int openCalls() {
    return open.size();
  }

  // ------------------------------------------------------------------------------------------------ the call's span

  // the scope outlives this method by design: callEnded closes it, on this thread, when the call ends
  @SuppressWarnings("MustBeClosedChecker")
  private void start(Call call) {
    if (!open.hasRoom() || open.get(call) != null) {
      return; // over the bound, or a second start of the same call: no span for it
    }
    String tool = text(call.toolName());
    boolean known = isKnown(call.toolName());
    RequestOrigin origin = call.origin();
    Context ambient = Context.current();
    Context parent = ambient;
    SpanBuilder b;
    if (origin != null) {
      String method = text(origin.method());
      b = tracer.spanBuilder(known ? method + " " + tool : method).setSpanKind(SpanKind.SERVER);
      Context remote = remoteParent(origin, ambient);
      if (remote != null) {
        parent = remote;
        SpanContext link = Span.fromContext(ambient).getSpanContext();
        if (link.isValid() && !link.equals(Span.fromContext(remote).getSpanContext())) {
          b.addLink(link);
        }
      }
      requestAttributes(b, method, origin);
    } else {
      b = tracer.spanBuilder(known ? McpTelemetryConventions.OPERATION_EXECUTE_TOOL + " " + tool
          : McpTelemetryConventions.OPERATION_EXECUTE_TOOL).setSpanKind(SpanKind.INTERNAL);
    }
    b.setParent(parent);
    b.setAttribute(OPERATION, McpTelemetryConventions.OPERATION_EXECUTE_TOOL);
    b.setAttribute(TOOL, tool);
    b.setAttribute(TRANSPORT, text(call.transport()));
    for (Map.Entry<String, String> arg : call.arguments().entrySet()) {
      AttributeKey<String> key = argumentKeys.get(arg.getKey());
      if (key != null) {
        b.setAttribute(key, text(arg.getValue()));
      }
    }
    Span span = b.startSpan();
    CallSpan state = new CallSpan(span, parent.with(span), Thread.currentThread(), known);
    if (!open.put(call, state)) {
      span.end(); // another thread took the last room since the check above
      return;
    }
    state.scope = state.context.makeCurrent();
  }

  /** A request span's attributes: the method and what the origin knows (session, network, client). */
  private static void requestAttributes(SpanBuilder b, String method, RequestOrigin origin) {
    b.setAttribute(METHOD, method);
    setText(b, REQUEST_ID, origin.requestId());
    setText(b, PROTOCOL_VERSION, origin.protocolVersion());
    setText(b, SESSION_ID, origin.mcpSessionId());
    setText(b, NETWORK_TRANSPORT, origin.networkTransport());
    String protocolName = origin.networkProtocolName();
    setText(b, PROTOCOL_NAME, protocolName == null ? null : protocolName.toLowerCase(Locale.ROOT));
    setText(b, PROTOCOL_VERSION_NET, origin.networkProtocolVersion());
    String clientAddress = origin.clientAddress();
    if (clientAddress != null) {
      b.setAttribute(CLIENT_ADDRESS, text(clientAddress));
      Integer port = origin.clientPort();
      if (port != null) {
        b.setAttribute(CLIENT_PORT, port.longValue());
      }
    }
  }

  /** The low-cardinality part of an origin, for the operation metric: protocol version and network, no ids. */
  private static void metricAttributes(AttributesBuilder a, RequestOrigin origin) {
    putText(a, PROTOCOL_VERSION, origin.protocolVersion());
    putText(a, NETWORK_TRANSPORT, origin.networkTransport());
    String protocolName = origin.networkProtocolName();
    putText(a, PROTOCOL_NAME, protocolName == null ? null : protocolName.toLowerCase(Locale.ROOT));
    putText(a, PROTOCOL_VERSION_NET, origin.networkProtocolVersion());
  }

  /**
   * The context a request's {@code params._meta} carried: its W3C trace context, with its baggage; null when it has
   * no valid {@code traceparent}.
   */
  private static @Nullable Context remoteParent(RequestOrigin origin, Context ambient) {
    Map<String, String> carrier = origin.traceContext();
    if (!carrier.containsKey("traceparent")) {
      return null;
    }
    Context extracted = W3CTraceContextPropagator.getInstance().extract(ambient, carrier, META);
    SpanContext remote = Span.fromContext(extracted).getSpanContext();
    if (!remote.isValid() || !remote.isRemote()
        || remote.equals(Span.fromContext(ambient).getSpanContext())) {
      return null; // unreadable: the extraction left the ambient context as it was
    }
    return W3CBaggagePropagator.getInstance().extract(extracted, carrier, META);
  }

  private static void closeScope(CallSpan state) {
    Scope scope = state.scope;
    // a scope belongs to the thread that opened it; closing it elsewhere would corrupt that thread's context
    if (scope != null && state.thread == Thread.currentThread()) {
      try {
        scope.close();
      } catch (RuntimeException e) {
        // as above
      }
    }
  }

  private void end(Call call, Outcome outcome, CallSpan state) {
    Span span = state.span;
    boolean knownNow = learn(call, outcome);
    if (knownNow && !state.named) {
      // the span was started without an unknown name; the call proved the tool exists
      String tool = text(call.toolName());
      RequestOrigin origin = call.origin();
      span.updateName(origin != null ? text(origin.method()) + " " + tool
          : McpTelemetryConventions.OPERATION_EXECUTE_TOOL + " " + tool);
    }
    ErrorKind kind = outcome.errorKind();
    if (kind != null) {
      span.setAttribute(ERROR_TYPE, McpTelemetryConventions.ERROR_TYPE_TOOL_ERROR);
      span.setAttribute(ERROR_KIND, kind.id());
      span.setAttribute(ERROR_ALERTING, kind.alerting());
      span.setStatus(StatusCode.ERROR, kind.id());
    }
    span.end();
  }

  private void recordDuration(Call call, Outcome outcome) {
    String tool = isKnown(call.toolName()) ? text(call.toolName()) : OTHER;
    AttributesBuilder a = Attributes.builder();
    RequestOrigin origin = call.origin();
    if (origin != null) {
      a.put(METHOD, text(origin.method()));
      a.put(TOOL, tool);
      a.put(OPERATION, McpTelemetryConventions.OPERATION_EXECUTE_TOOL);
      metricAttributes(a, origin);
    } else {
      a.put(TOOL, tool);
      a.put(OPERATION, McpTelemetryConventions.OPERATION_EXECUTE_TOOL);
      a.put(TRANSPORT, text(call.transport()));
    }
    ErrorKind kind = outcome.errorKind();
    if (kind != null) {
      a.put(ERROR_TYPE, McpTelemetryConventions.ERROR_TYPE_TOOL_ERROR);
      a.put(ERROR_KIND, kind.id());
      a.put(ERROR_ALERTING, kind.alerting());
    }
    (origin != null ? operationDuration : toolDuration).record(seconds(outcome.duration()), a.build());
  }

  // ------------------------------------------------------------------------------------------------ child spans

  private void apiSpan(CallSpan state, ApiExchange exchange) {
    String method = text(exchange.method());
    String template = text(exchange.urlTemplate());
    SpanBuilder b = tracer.spanBuilder(method + " " + template)
        .setSpanKind(SpanKind.CLIENT)
        .setParent(state.context)
        .setStartTimestamp(exchange.startedAt())
        .setAttribute(HTTP_METHOD, method)
        .setAttribute(URL_TEMPLATE, template)
        .setAttribute(SERVER_ADDRESS, text(exchange.serverAddress()))
        .setAttribute(SERVER_PORT, (long) exchange.serverPort());
    if (exchange.resendCount() > 0) {
      b.setAttribute(RESEND_COUNT, (long) exchange.resendCount());
    }
    Integer status = exchange.statusCode();
    if (status != null) {
      b.setAttribute(HTTP_STATUS, status.longValue());
    }
    ErrorKind failure = exchange.failure();
    String errorType = null;
    if (status != null && status >= 400) {
      errorType = String.valueOf(status);
    } else if (failure != null) {
      errorType = failure.id();
    }
    if (errorType != null) {
      b.setAttribute(ERROR_TYPE, errorType);
    }
    Span span = b.startSpan();
    if (errorType != null) {
      // an HTTP status speaks for itself (no description); a failure without one is described by its kind
      if (status != null) {
        span.setStatus(StatusCode.ERROR);
      } else {
        span.setStatus(StatusCode.ERROR, errorType);
      }
    }
    span.end(exchange.startedAt().plus(exchange.duration()));
  }

  private void modelSpan(CallSpan state, ModelExchange exchange) {
    String provider = text(exchange.provider());
    String model = text(exchange.model());
    state.span.setAttribute(PROVIDER, provider);
    state.span.setAttribute(MODEL, model);
    if (!modelSpans) {
      return;
    }
    SpanBuilder b = tracer.spanBuilder(McpTelemetryConventions.OPERATION_CHAT + " " + model)
        .setSpanKind(SpanKind.CLIENT)
        .setParent(state.context)
        .setStartTimestamp(exchange.startedAt())
        .setAttribute(OPERATION, McpTelemetryConventions.OPERATION_CHAT)
        .setAttribute(PROVIDER, provider)
        .setAttribute(MODEL, model);
    Long input = exchange.inputTokens();
    if (input != null) {
      b.setAttribute(INPUT_TOKENS, input);
    }
    Long output = exchange.outputTokens();
    if (output != null) {
      b.setAttribute(OUTPUT_TOKENS, output);
    }
    ErrorKind failure = exchange.failure();
    if (failure != null) {
      b.setAttribute(ERROR_TYPE, failure.id());
    }
    Span span = b.startSpan();
    if (failure != null) {
      span.setStatus(StatusCode.ERROR, failure.id());
    }
    span.end(exchange.startedAt().plus(exchange.duration()));
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** Whether a tool name is fit for low-cardinality use: built in, or a host tool seen to exist. */
  private boolean isKnown(String toolName) {
    return BUILTIN_TOOLS.contains(toolName) || learnedTools.contains(toolName);
  }

  /**
   * Learns from an outcome whether the tool exists: every failure but invalid input (which an unknown name gets)
   * comes after the engine found the tool. Bounded: past {@link #MAX_LEARNED_TOOLS} names nothing more is learned.
   *
   * @return whether the tool's name is now known
   */
  private boolean learn(Call call, Outcome outcome) {
    String name = call.toolName();
    if (isKnown(name)) {
      return true;
    }
    if (outcome.errorKind() == ErrorKind.INVALID_INPUT || learnedTools.size() >= MAX_LEARNED_TOOLS) {
      return false;
    }
    learnedTools.add(name);
    return true;
  }

  /** {@code value} as telemetry may hold it: without credentials or URL queries. */
  private static String text(String value) {
    String redacted = Redactor.redactForTelemetry(value);
    return redacted == null ? "" : redacted;
  }

  private static void setText(SpanBuilder b, AttributeKey<String> key, @Nullable String value) {
    if (value != null) {
      b.setAttribute(key, text(value));
    }
  }

  private static void putText(AttributesBuilder a, AttributeKey<String> key, @Nullable String value) {
    if (value != null) {
      a.put(key, text(value));
    }
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  /** A traced call: its span, the context that holds it, and the scope that made it current on its thread. */
  private static final class CallSpan {
    final Span span;
    final Context context;
    final Thread thread;
    /** Whether the span's name has the tool's name. */
    final boolean named;
    /** Set right after registration, on {@link #thread}, and read there when the call ends. */
    @Nullable Scope scope;

    CallSpan(Span span, Context context, Thread thread, boolean named) {
      this.span = span;
      this.context = context;
      this.thread = thread;
      this.named = named;
    }
  }

  /** Builds a {@link SentryMcpTelemetry}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private Set<String> recordedArguments = Set.of();
    private boolean sentryApiSpans = true;
    private boolean modelSpans = true;
    private boolean requestSpans = true;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Records these tool arguments on the call's span as {@code gen_ai.tool.call.arguments.<name>} (redacted, at
     * most 256 characters each). Default: none. Arguments may hold what users typed (search queries, notes): name
     * only those your telemetry backend may keep. Results are never recorded. Replaces earlier names.
     *
     * @param names the argument names
     * @return this builder
     * @throws IllegalArgumentException if a name is null or blank
     */
    public Builder recordArguments(String... names) {
      return recordArguments(Arrays.asList(names));
    }

    /**
     * Like {@link #recordArguments(String...)}.
     *
     * @param names the argument names
     * @return this builder
     * @throws IllegalArgumentException if a name is null or blank
     */
    public Builder recordArguments(Collection<String> names) {
      Objects.requireNonNull(names, "names");
      for (String name : names) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException("argument names must not be null or blank");
        }
      }
      this.recordedArguments = Set.copyOf(names);
      return this;
    }

    /**
     * Whether each HTTP attempt with Sentry gets a CLIENT span (default true). Turn it off when an HTTP client
     * instrumentation, such as the OpenTelemetry Java agent's, already makes spans of the JDK HTTP client's requests:
     * those nest under the call's span by themselves.
     *
     * @param enabled whether to make the spans
     * @return this builder
     */
    public Builder sentryApiSpans(boolean enabled) {
      this.sentryApiSpans = enabled;
      return this;
    }

    /**
     * Whether each request to a language model (natural-language search) gets a CLIENT span {@code chat <model>}
     * (default true). The call's span carries the provider and model either way.
     *
     * @param enabled whether to make the spans
     * @return this builder
     */
    public Builder modelSpans(boolean enabled) {
      this.modelSpans = enabled;
      return this;
    }

    /**
     * Whether MCP requests other than {@code tools/call} ({@code initialize}, {@code tools/list}, {@code ping}, ...)
     * get a SERVER span named by their method (default true). They are measured in {@code
     * mcp.server.operation.duration} either way.
     *
     * @param enabled whether to make the spans
     * @return this builder
     */
    public Builder requestSpans(boolean enabled) {
      this.requestSpans = enabled;
      return this;
    }

    /**
     * The listener, to pass to {@code SentryMcp.Builder.listener}.
     *
     * @return the listener
     */
    public SentryMcpTelemetry build() {
      return new SentryMcpTelemetry(this);
    }
  }
}
