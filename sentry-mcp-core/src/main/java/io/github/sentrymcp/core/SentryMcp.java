package io.github.sentrymcp.core;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.CallMetrics;
import io.github.sentrymcp.api.CallObserver;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.GrantHints;
import io.github.sentrymcp.api.Notice;
import io.github.sentrymcp.api.RegionUrlValidator;
import io.github.sentrymcp.api.ScopeResolver;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.ToolFilter;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.ToolResultSanitizer;
import io.github.sentrymcp.core.internal.CallEvents;
import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.core.internal.LibraryVersion;
import io.github.sentrymcp.core.internal.Timers;
import io.github.sentrymcp.core.internal.ToolGate;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.tools.BuiltinTools;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.gateway.Surfaces;
import io.github.sentrymcp.core.model.QueryTranslation;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: the tool catalog, the Sentry client and the sanitizer, built once and shared by any number of
 * concurrent {@link Session}s. Each call carries its session (credential, grant, constraints); the engine alone
 * decides which tools a session may list and call. Use it from plain Java ({@link #call}) or hand it to a transport
 * ({@link #callAndRenderAsync}).
 *
 * <pre>{@code
 * try (SentryMcp engine = SentryMcp.create(SentryMcpConfig.builder().build())) {
 *   Session session = Session.of(AccessToken.of(token));
 *   ToolResult r = engine.call("find_projects", Map.of("organizationSlug", "my-org"), session);
 *   System.out.println(engine.sanitizer().render(r).text());
 * }
 * }</pre>
 */
public final class SentryMcp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SentryMcp.class);
  /** How long after its deadline an asynchronous call is answered anyway, should the tool not have ended by then. */
  private static final long DEADLINE_GRACE_MILLIS = 1_000;

  private final SentryMcpConfig config;
  private final ToolResultSanitizer sanitizer;
  private final Map<String, SentryTool> tools;
  /** The names of the built-in tools (the others are the host's). */
  private final Set<String> builtinNames = Set.copyOf(BuiltinTools.names());
  private final ToolGate gate;
  private final ToolCallListener listener;
  /** The argument names the listener asked to see. */
  private final Set<String> recordedArguments;
  private final Semaphore permits;
  private final Set<CancellationSignal> running = ConcurrentHashMap.newKeySet();
  private final @Nullable HttpClient ownedHttpClient;
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Timers timers = new Timers();

  private SentryMcp(Builder b) {
    this.config = b.config;
    this.gate = new ToolGate(b.scopeResolver, b.hints);
    this.listener = b.listener;
    this.recordedArguments = recordedArguments(b.listener);
    this.permits = new Semaphore(config.maxConcurrentCalls());
    RegionUrlValidator validator = b.validator != null ? b.validator
        : new DefaultRegionUrlValidator(config.host(), config.allowedRegionDomains());
    HttpClient given = b.httpClient;
    HttpClient http = given != null ? given : SentryApiClient.httpClientBuilder(config).build();
    this.ownedHttpClient = given == null ? http : null;
    SentryApiClient client = SentryApiClient.create(config, validator, http, timers);
    ToolEnvironment env = new ToolEnvironment(client, config, b.scopeResolver, gate, b.translation);
    this.sanitizer = b.sanitizer != null
        ? b.sanitizer
        : DefaultToolResultSanitizer.builder().style(config.regionStyle()).maxTotalChars(config.maxResultChars())
            .build();
    Map<String, SentryTool> all = new LinkedHashMap<>();
    List<SentryTool> candidates = new ArrayList<>(BuiltinTools.create(env));
    candidates.addAll(b.extraTools);
    for (SentryTool t : candidates) {
      if (all.putIfAbsent(t.descriptor().name(), t) != null) {
        throw new IllegalArgumentException("duplicate tool name " + t.descriptor().name());
      }
    }
    this.tools = Collections.unmodifiableMap(all);
    env.tools().install(all);
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      // never queues: the permits bound the calls in flight, so the pool never holds more threads than that
      ThreadPoolExecutor pool = new ThreadPoolExecutor(0, config.maxConcurrentCalls(), 30, TimeUnit.SECONDS,
          new SynchronousQueue<>(), new CallThreads());
      this.executor = pool;
      this.ownedExecutor = pool;
    }
  }

  /**
   * The problem with the tool names a filter mentions that are not in {@code catalog} (listing the catalog), or null
   * when all are known.
   *
   * @param filter the filter whose tool names are checked
   * @param catalog the known tool names
   * @return the problem as one sentence, or null
   */
  public static @Nullable String unknownToolNames(ToolFilter filter, Collection<String> catalog) {
    List<String> unknown = new ArrayList<>();
    for (String name : filter.mentioned()) {
      if (!catalog.contains(name)) {
        unknown.add("\"" + Csv.printable(name, 64) + "\"");
      }
    }
    return unknown.isEmpty() ? null : "unknown tool(s) " + String.join(", ", unknown)
        + " in the tool lists; available tools: " + String.join(", ", catalog);
  }

  /**
   * The settings of the engine's own JDK HTTP client (no redirects, HTTP/1.1, the configured connect timeout, a
   * direct executor), for hosts that pass their own client to {@link Builder#httpClient} and want the same defaults.
   *
   * @param config the configuration whose connect timeout is used
   * @return a new builder with those settings
   */
  public static HttpClient.Builder httpClientBuilder(SentryMcpConfig config) {
    return SentryApiClient.httpClientBuilder(config);
  }

  /**
   * The names of the built-in tools, without building an engine.
   *
   * @return the names
   */
  public static List<String> builtinToolNames() {
    return BuiltinTools.names();
  }

  /**
   * An engine with the default HTTP client, validator, sanitizer and the built-in tools.
   *
   * @param config the configuration
   * @return the engine; close it when done
   */
  public static SentryMcp create(SentryMcpConfig config) {
    return builder(config).build();
  }

  /**
   * Starts configuring an engine for {@code config}; everything else is optional (see {@link Builder}).
   *
   * @param config the configuration
   * @return a new builder
   */
  public static Builder builder(SentryMcpConfig config) {
    return new Builder(config);
  }

  /**
   * The configuration the engine was built with.
   *
   * @return the configuration
   */
  public SentryMcpConfig config() {
    return config;
  }

  /**
   * The sanitizer that renders every result of this engine ({@link #callAndRender}); hosts that call {@link #call}
   * render with it too, so that Sentry's text reaches a model only inside its data regions.
   *
   * @return the sanitizer
   */
  public ToolResultSanitizer sanitizer() {
    return sanitizer;
  }

  /**
   * Fixed text for a server's {@code instructions} (or a host's system prompt): how results mark Sentry data, from
   * the sanitizer; null when the sanitizer has none.
   *
   * @return the instructions, or null
   */
  public @Nullable String instructions() {
    return sanitizer.instructions();
  }

  /**
   * Checks a session against this engine's catalog: every tool its allow and deny lists name must exist.
   *
   * @param session the session
   * @return {@code session} itself, when it passes
   * @throws ConfigurationException naming the unknown tools and listing the available ones
   */
  public Session check(Session session) {
    String unknown = unknownToolNames(session.toolFilter(), tools.keySet());
    if (unknown != null) {
      throw new ConfigurationException(List.of(unknown));
    }
    return session;
  }

  /**
   * Every registered tool, available to a given session or not.
   *
   * @return the tools, built-in and host-defined
   */
  public List<SentryTool> allTools() {
    return List.copyOf(tools.values());
  }

  /**
   * The registered tool of this name, available to a given session or not; empty for an unknown name.
   *
   * @param name the tool's name
   * @return the tool, or empty
   */
  public Optional<SentryTool> tool(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /**
   * Every tool this session may call (the gateway tools included), with the parameters its constraints pin left out
   * of the schemas; what a server lists is {@link #listedTools}.
   *
   * @param session the session
   * @return the descriptors as the session sees them
   */
  public List<ToolDescriptor> availableTools(Session session) {
    List<ToolDescriptor> out = new ArrayList<>();
    for (SentryTool t : tools.values()) {
      if (gate.problem(t, session) == null) {
        out.add(t.descriptorFor(session.constraints()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The tools a server lists for this session in the configured {@link SentryMcpConfig#surface() surface}. Listing
   * only: every tool of {@link #availableTools} stays callable by name.
   *
   * @param session the session
   * @return the descriptors to list
   */
  public List<ToolDescriptor> listedTools(Session session) {
    return listedTools(session, config.surface());
  }

  /**
   * The tools a server lists for this session in a given surface: with {@link Surface#GATEWAY} the top-level tools,
   * the host's own tools and the gateway tools that reach the rest; with {@link Surface#DIRECT} every available tool
   * but the gateway's. Either way, every tool the session may use is listed or reachable through a listed gateway
   * tool.
   *
   * @param session the session
   * @param surface the surface
   * @return the descriptors to list
   */
  public List<ToolDescriptor> listedTools(Session session, Surface surface) {
    List<SentryTool> available = new ArrayList<>();
    for (SentryTool t : tools.values()) {
      if (gate.problem(t, session) == null) {
        available.add(t);
      }
    }
    List<ToolDescriptor> out = new ArrayList<>();
    for (SentryTool t : Surfaces.listed(surface, available, builtinNames)) {
      out.add(t.descriptorFor(session.constraints()));
    }
    return List.copyOf(out);
  }

  /**
   * The version of this library, e.g. {@code 0.1.0} ({@code unknown} when the jar does not say).
   *
   * @return the version
   */
  public static String version() {
    return LibraryVersion.get();
  }

  /**
   * Whether this session may list and call the tool (false for an unknown name).
   *
   * @param toolName the tool's name
   * @param session the session
   * @return true when the session may use the tool
   */
  public boolean isAvailable(String toolName, Session session) {
    SentryTool t = tools.get(toolName);
    return t != null && gate.problem(t, session) == null;
  }

  /**
   * Calls a tool for a session, from plain Java.
   *
   * @param name the tool's name
   * @param arguments JSON-compatible argument values
   * @param session the calling session
   * @return the result, to be rendered with {@link #sanitizer()}
   * @throws SentryMcpException as {@link #call(String, Map, CallContext)}
   */
  public ToolResult call(String name, Map<String, ? extends @Nullable Object> arguments, Session session) {
    return call(name, arguments, CallContext.of(session));
  }

  /**
   * Calls a tool.
   *
   * @param name the tool's name
   * @param arguments JSON-compatible argument values (String, Number, Boolean, null, List, Map)
   * @param context the call's context
   * @return the result, to be rendered with {@link #sanitizer()}
   * @throws SentryMcpException for an unknown or unavailable tool, invalid input, missing permission, API failure,
   *     cancellation ({@link ErrorKind#CANCELLED}), the deadline ({@link ErrorKind#TIMEOUT}) or a full engine
   *     ({@link ErrorKind#BUSY})
   */
  public ToolResult call(String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(context, "context");
    checkOpen();
    if (!permits.tryAcquire()) {
      throw busy();
    }
    CancellationSignal signal = CancellationSignal.create();
    CancellationSignal.Registration link = context.cancellation().onCancel(signal::cancel);
    running.add(signal);
    try {
      if (closed.get()) {
        signal.cancel();
      }
      return callAdmitted(name, arguments, context.withCancellation(signal).withMetrics(new CallMetrics()));
    } finally {
      running.remove(signal);
      link.close();
      permits.release();
    }
  }

  /** Runs an admitted call: the gate first (no request for a refused call), then the tool; tells the listener. */
  private ToolResult callAdmitted(String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    if (listener == ToolCallListener.NONE) {
      return runGated(name, arguments, context);
    }
    ToolCallListener.Call call = new ToolCallListener.Call(Csv.printable(name, 64), context.session().id(),
        context.transport(), Instant.now(), context.origin(), recorded(arguments));
    CallContext observed = context.withObserver(new CallEvents(listener, call, context.observer()));
    long start = System.nanoTime();
    notifyStarted(call);
    ErrorKind failure = ErrorKind.INTERNAL;
    try {
      ToolResult result = runGated(name, arguments, observed);
      failure = null;
      return result;
    } catch (SentryMcpException e) {
      failure = e.kind();
      throw e;
    } finally {
      notifyEnded(call, new ToolCallListener.Outcome(failure, Duration.ofNanos(System.nanoTime() - start),
          context.metrics().apiRequests()));
    }
  }

  private ToolResult runGated(String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    SentryTool t = tools.get(name);
    if (t == null) {
      CallEvents.notice(context.observer(), Notice.Level.WARNING, LOGGER_ENGINE,
          "Call refused: there is no tool named \"" + Csv.printable(name, 64) + "\".");
      throw SentryMcpException.invalidInput(
          "Unknown tool \"" + Csv.printable(name, 64) + "\". Call tools/list for the available tools.");
    }
    // checked here for every tool, host-defined ones included: an unavailable tool is never invoked
    SentryMcpException denied = gate.problem(t, context.session());
    if (denied != null) {
      CallEvents.notice(context.observer(), Notice.Level.WARNING, LOGGER_ENGINE,
          "Call to " + t.descriptor().name() + " refused (" + denied.kind().id() + "): the session may not use it.");
      throw denied;
    }
    return t.call(arguments, context);
  }

  /** The logger name of the engine's own notices. */
  private static final String LOGGER_ENGINE = "sentry_mcp.engine";

  private static final int RECORDED_ARGUMENT_CHARS = 256;

  private static Set<String> recordedArguments(ToolCallListener listener) {
    try {
      return Set.copyOf(listener.recordedArguments());
    } catch (RuntimeException e) {
      LOG.warn("a tool call listener failed to name its recorded arguments: {}", Failures.describe(e));
      return Set.of();
    }
  }

  /** The asked-for arguments of a call as redacted compact text, each at most 256 characters. */
  private Map<String, String> recorded(Map<String, ? extends @Nullable Object> arguments) {
    if (recordedArguments.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : recordedArguments) {
      Object v = arguments.get(key);
      if (v == null) {
        continue;
      }
      String text;
      if (v instanceof String str) {
        text = str;
      } else {
        try {
          text = RECORD_JSON.writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
          continue;
        }
      }
      String r = Redactor.redactForTelemetry(text);
      if (r != null) {
        out.put(key, Csv.printable(r, RECORDED_ARGUMENT_CHARS));
      }
    }
    return out;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper RECORD_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Tells the engine's listener that an MCP request other than {@code tools/call} was answered (for the operation
   * metric and its span). Transports call it; it never throws.
   *
   * @param request the request answered
   */
  public void reportRequestServed(ToolCallListener.RequestServed request) {
    Objects.requireNonNull(request, "request");
    if (listener == ToolCallListener.NONE) {
      return;
    }
    try {
      listener.requestServed(request);
    } catch (RuntimeException e) {
      LOG.warn("a tool call listener failed when a request was served: {}", Failures.describe(e));
    }
  }

  /**
   * Tells the engine's listener that an MCP session ended (for the session-duration metric). Transports call it; it
   * never throws.
   *
   * @param session the session that ended
   */
  public void reportSessionEnded(ToolCallListener.SessionEnded session) {
    Objects.requireNonNull(session, "session");
    if (listener == ToolCallListener.NONE) {
      return;
    }
    try {
      listener.sessionEnded(session);
    } catch (RuntimeException e) {
      LOG.warn("a tool call listener failed when a session ended: {}", Failures.describe(e));
    }
  }

  private void notifyStarted(ToolCallListener.Call call) {
    try {
      listener.callStarted(call);
    } catch (RuntimeException e) {
      LOG.warn("a tool call listener failed when a call started: {}", Failures.describe(e));
    }
  }

  private void notifyEnded(ToolCallListener.Call call, ToolCallListener.Outcome outcome) {
    try {
      listener.callEnded(call, outcome);
    } catch (RuntimeException e) {
      LOG.warn("a tool call listener failed when a call ended: {}", Failures.describe(e));
    }
  }

  /**
   * Like {@link #callAndRender(String, Map, CallContext)} for a plain-Java call of a session.
   *
   * @param name the tool's name
   * @param arguments JSON-compatible argument values
   * @param session the calling session
   * @return the rendered result or error result
   */
  public RenderedResult callAndRender(String name, Map<String, ? extends @Nullable Object> arguments, Session session) {
    return callAndRender(name, arguments, CallContext.of(session));
  }

  /**
   * Calls a tool and renders the outcome through the sanitizer. Never throws: every failure becomes an error result
   * with a fixed-template message; unexpected exceptions are logged (what kind of failure, never its text) and
   * reported generically.
   *
   * @param name the tool's name
   * @param arguments JSON-compatible argument values
   * @param context the call's context
   * @return the rendered result or error result
   */
  public RenderedResult callAndRender(
      String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    return render(name, context, () -> call(name, arguments, context));
  }

  private RenderedResult callAndRenderAdmitted(
      String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    return render(name, context, () -> callAdmitted(name, arguments, context));
  }

  private RenderedResult render(String name, CallContext context, Supplier<ToolResult> call) {
    try {
      RenderedResult rendered = sanitizer.render(call.get());
      if (context.observer() != CallObserver.NONE && wasCut(rendered)) {
        CallEvents.notice(context.observer(), Notice.Level.INFO, LOGGER_ENGINE, "The result of " + safeName(name)
            + " was cut to fit the size limit (" + config.maxResultChars() + " characters per result, "
            + "values shortened or items left out); ask for less to see all of it.");
      }
      return rendered;
    } catch (SentryMcpException e) {
      if (e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.UPSTREAM_ERROR) {
        LOG.warn("tool {} failed: {} ({})", safeName(name), e.kind(), Failures.describe(e.getCause()));
      }
      return sanitizer.renderError(e);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      LOG.error("tool {} failed unexpectedly: {}", safeName(name), Failures.describe(e));
      return sanitizer.renderError(internalError());
    }
  }

  /**
   * Calls a tool on the engine's executor and renders the outcome. The future never fails: every failure, the call's
   * deadline and a full engine ({@link ErrorKind#BUSY}, answered at once without taking a thread) become error
   * results. It completes by the call's deadline (plus a second's grace) even if a tool ignores it; cancelling the
   * context's signal stops the call's Sentry requests and completes the future with a {@link ErrorKind#CANCELLED}
   * error result, which transports do not send.
   *
   * @param name the tool's name
   * @param arguments JSON-compatible argument values
   * @param context the call's context
   * @return a future of the rendered result or error result; it never completes exceptionally
   */
  public CompletableFuture<RenderedResult> callAndRenderAsync(
      String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(context, "context");
    CompletableFuture<RenderedResult> out = new CompletableFuture<>();
    if (closed.get()) {
      out.complete(sanitizer.renderError(closedError()));
      return out;
    }
    if (!permits.tryAcquire()) {
      out.complete(sanitizer.renderError(busy()));
      return out;
    }
    CancellationSignal signal = CancellationSignal.create();
    CancellationSignal.Registration link = context.cancellation().onCancel(signal::cancel);
    running.add(signal);
    CallContext scoped = context.withCancellation(signal).withMetrics(new CallMetrics());
    Runnable task = () -> {
      try {
        out.complete(callAndRenderAdmitted(name, arguments, scoped));
      } catch (Throwable t) { // callAndRender catches everything it can; this keeps the future from hanging
        out.complete(sanitizer.renderError(internalError()));
      }
    };
    // the safety net: answered by the deadline even if the tool does not end (its requests are cancelled)
    SentryTool tool = tools.get(name);
    Duration timeLimit = tool == null ? config.callTimeout() : tool.timeout(config.callTimeout());
    long limit = timeLimit.toMillis() + DEADLINE_GRACE_MILLIS;
    Future<?> timer = timers.schedule(() -> {
      if (!out.isDone()) {
        LOG.warn("tool {} did not end by its deadline; answered as timed out", safeName(name));
        CallEvents.notice(context.observer(), Notice.Level.WARNING, LOGGER_ENGINE, "The call to " + safeName(name)
            + " did not finish within its time limit of " + describe(timeLimit) + " and was stopped.");
        signal.cancel();
        out.complete(sanitizer.renderError(new SentryMcpException(ErrorKind.TIMEOUT,
            "The call did not finish within its time limit of " + describe(timeLimit) + ".")));
      }
    }, limit);
    CancellationSignal.Registration onCancel = signal.onCancel(() -> {
      if (!out.isDone() && out.complete(sanitizer.renderError(
          new SentryMcpException(ErrorKind.CANCELLED, "The call was cancelled.")))) {
        LOG.debug("tool {} cancelled", safeName(name));
      }
    });
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        running.remove(signal);
        link.close();
        onCancel.close();
        timer.cancel(false);
        permits.release();
      }
    };
    try {
      executor.execute(() -> {
        try {
          task.run();
        } finally {
          release.run();
        }
      });
    } catch (RejectedExecutionException e) {
      release.run();
      out.complete(sanitizer.renderError(closed.get() ? closedError() : busy()));
    }
    return out;
  }

  /** Whether the default sanitizer's provenance says values were shortened or items left out. */
  private static boolean wasCut(RenderedResult r) {
    if (r.meta().get(DefaultToolResultSanitizer.META_KEY) instanceof Map<?, ?> p) {
      return p.containsKey("truncated") || p.containsKey("truncatedValues") || p.containsKey("omittedBlocks");
    }
    return false;
  }

  /**
   * How many tool calls are running now.
   *
   * @return the number of calls running
   */
  public int callsInFlight() {
    return config.maxConcurrentCalls() - permits.availablePermits();
  }

  /**
   * Closes the engine: refuses new calls, cancels the running ones (their Sentry requests are aborted), stops the
   * engine's own threads and, on JDK 21 and later, shuts down the HTTP client it created (a client passed to {@link
   * Builder#httpClient} belongs to the host and is left alone). On JDK 17 the JDK offers no way to stop an HTTP client:
   * its one daemon selector thread ends when interrupted or once the engine is no longer referenced. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (CancellationSignal s : List.copyOf(running)) {
      s.cancel();
    }
    ExecutorService pool = ownedExecutor;
    if (pool != null) {
      pool.shutdown();
    }
    timers.close();
    HttpClient http = ownedHttpClient;
    if (http instanceof AutoCloseable) {
      try {
        HttpClient.class.getMethod("shutdownNow").invoke(http);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.debug("shutting down the HTTP client failed: {}", Failures.describe(e));
      }
    }
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed.get();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw closedError();
    }
  }

  private static SentryMcpException closedError() {
    return new SentryMcpException(ErrorKind.INTERNAL, "The server is shutting down; the call was not run.");
  }

  private static SentryMcpException internalError() {
    return new SentryMcpException(ErrorKind.INTERNAL, "An unexpected error occurred while running the tool.");
  }

  private SentryMcpException busy() {
    return new SentryMcpException(ErrorKind.BUSY, "The server is busy: " + config.maxConcurrentCalls()
        + " tool calls are already running. Nothing was sent to Sentry; retry in a few seconds.");
  }

  private static String describe(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  private static String safeName(String name) {
    return Csv.printable(name, 64);
  }

  /** Daemon threads named for what they run; a host's JVM never waits for them. */
  private static final class CallThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "sentry-mcp-call-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /** Configures an engine. */
  public static final class Builder {
    private final SentryMcpConfig config;
    private @Nullable HttpClient httpClient;
    private @Nullable RegionUrlValidator validator;
    private @Nullable ToolResultSanitizer sanitizer;
    private ScopeResolver scopeResolver = DefaultScopeResolver.INSTANCE;
    private GrantHints hints = GrantHints.NONE;
    private ToolCallListener listener = ToolCallListener.NONE;
    private @Nullable Executor executor;
    private final List<SentryTool> extraTools = new ArrayList<>();
    private @Nullable QueryTranslation translation;

    private Builder(SentryMcpConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * A JDK client to share (for example one with a virtual-thread executor). Its redirect policy must be NEVER.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Where {@link SentryMcp#callAndRenderAsync} runs tool calls (default: the engine's own daemon threads, at most
     * {@link SentryMcpConfig#maxConcurrentCalls()}). It must run each task without queueing it behind others, for
     * example a virtual-thread-per-task executor on JDK 21; the engine does not shut it down.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Decides which region URLs (from the {@code regionUrl} argument or from Sentry's answers) may receive the
     * session's token (default: a {@link DefaultRegionUrlValidator} for the configured host and allowlist).
     *
     * @param validator the validator
     * @return this builder
     */
    public Builder regionUrlValidator(RegionUrlValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /**
     * Renders results and errors (default: a {@link DefaultToolResultSanitizer} in the configured region style).
     *
     * @param sanitizer the sanitizer
     * @return this builder
     */
    public Builder sanitizer(ToolResultSanitizer sanitizer) {
      this.sanitizer = Objects.requireNonNull(sanitizer, "sanitizer");
      return this;
    }

    /**
     * Parses scopes and decides which granted scopes cover which required ones (default: {@link
     * DefaultScopeResolver#INSTANCE}).
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder scopeResolver(ScopeResolver resolver) {
      this.scopeResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * The edge's words for how to be granted a missing scope, skill or tool (appended to permission errors).
     *
     * @param grantHints the hints
     * @return this builder
     */
    public Builder grantHints(GrantHints grantHints) {
      this.hints = Objects.requireNonNull(grantHints, "grantHints");
      return this;
    }

    /**
     * Observes every call (default: none).
     *
     * @param callListener the listener
     * @return this builder
     */
    public Builder listener(ToolCallListener callListener) {
      this.listener = Objects.requireNonNull(callListener, "callListener");
      return this;
    }

    /**
     * Turns on natural-language search: {@code search_issues}, {@code search_events} and {@code search_issue_events}
     * translate a plain-language {@code query} with this model (default: off; such a query is then answered with
     * how to write it in Sentry's syntax). A query already in Sentry's syntax never reaches the model.
     *
     * @param queryTranslation the model and bounds of the translation
     * @return this builder
     */
    public Builder queryTranslation(QueryTranslation queryTranslation) {
      this.translation = Objects.requireNonNull(queryTranslation, "queryTranslation");
      return this;
    }

    /**
     * Adds a host-defined tool; the engine gates it like the built-in ones (skills, scopes, tool lists).
     *
     * @param tool the tool; its name must differ from every other tool's
     * @return this builder
     */
    public Builder tool(SentryTool tool) {
      extraTools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /**
     * The engine, with the built-in tools and the host-defined ones; close it when done.
     *
     * @return the engine
     * @throws IllegalArgumentException when two tools have the same name
     */
    public SentryMcp build() {
      return new SentryMcp(this);
    }
  }
}
