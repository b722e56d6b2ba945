package io.github.sentrymcp.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.modelcontextprotocol.McpObjectMappers;
import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;
import io.github.sentrymcp.modelcontextprotocol.SessionResolver;
import io.github.sentrymcp.transport.http.internal.BufferedRequest;
import io.github.sentrymcp.transport.http.internal.HostPatterns;
import io.github.sentrymcp.transport.http.internal.PrincipalLimits;
import io.github.sentrymcp.transport.http.internal.SessionIdCapture;
import io.github.sentrymcp.transport.http.internal.SessionRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP Streamable HTTP for an engine's tools, as one Jakarta Servlet 6 component: map it at {@code /mcp/*} (and {@code
 * /mcp}) with async support in any Servlet 6 container (tested with Jetty 12 ee10 and Tomcat 11).
 *
 * <pre>{@code
 * SentryMcpHttpServlet servlet = SentryMcpHttpServlet.builder(engine, ApiKeyAuthenticator.fromFile(keys, env))
 *     .allowedHosts(List.of("mcp.example.com")).build();
 * ServletHolder holder = new ServletHolder(servlet);
 * holder.setAsyncSupported(true);
 * context.addServlet(holder, "/mcp/*");
 * }</pre>
 *
 * <p>Each request, in this order, before the MCP Java SDK sees it:
 *
 * <ol>
 *   <li>{@code Host} must match the allowed hosts and every {@code Origin} the allowed origins (loopback names by
 *       default; DNS-rebinding protection), else 403. CORS headers only for configured CORS origins.
 *   <li>The path: {@code /mcp}, {@code /mcp/{org}} or {@code /mcp/{org}/{project}}, else 404.
 *   <li>A {@code MCP-Protocol-Version} header must name a version the SDK speaks, else 400.
 *   <li>The {@link HttpAuthenticator} names the principal, else 401 without detail.
 *   <li>The principal's rate limit and its cap on requests in progress, else 429 with {@code Retry-After}.
 *   <li>The body, at most {@link Builder#maxBodyBytes}, else 413.
 *   <li>The path and {@code ?skills=}, {@code ?disable-skills=}, {@code ?surface=} narrow the principal's grant into
 *       the request's session; asking for more than the grant is 403.
 *   <li>Stateful only: a {@code Mcp-Session-Id} must be one this principal started under the same path and narrowing,
 *       and not idle for longer than the timeout, else 404 (the client starts a new session); a new session beyond
 *       the cap is 503.
 * </ol>
 *
 * <p>Stateless by default (any replica serves any request); {@link Builder#stateful(boolean)} keeps sessions in memory
 * (sticky routing needed). Errors before the SDK are JSON-RPC error objects with fixed messages. {@link #close()}
 * refuses new requests (503) and closes the SDK server.
 */
public final class SentryMcpHttpServlet extends HttpServlet implements AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SentryMcpHttpServlet.class);

  /** The default endpoint path. */
  public static final String DEFAULT_ENDPOINT = "/mcp";

  /** The protocol versions accepted in a {@code MCP-Protocol-Version} header. */
  public static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05,
      ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

  private static final String ATTR_SESSION = SentryMcpHttpServlet.class.getName() + ".session";
  private static final String ATTR_SURFACE = SentryMcpHttpServlet.class.getName() + ".surface";
  private static final String ATTR_ORIGIN = SentryMcpHttpServlet.class.getName() + ".origin";
  private static final String CTX_SESSION = "io.github.sentrymcp.transport.http/session";
  private static final String CTX_SURFACE = "io.github.sentrymcp.transport.http/surface";
  private static final ObjectMapper JSON = McpObjectMappers.create();
  private static final int MAX_DELEGATES = 1000;

  private final transient SentryMcp engine;
  private final transient HttpAuthenticator authenticator;
  /** Whether sessions are kept. */
  private final boolean stateful;
  /** The endpoint path. */
  private final String endpoint;
  private final transient HostPatterns hosts;
  private final transient HostPatterns origins;
  private final transient @Nullable HostPatterns corsOrigins;
  /** The largest accepted request body. */
  private final int maxBodyBytes;
  private final transient PrincipalLimits limits;
  private final transient SessionRegistry registry;
  /** The widest surface a request may ask for, or null for the engine's. */
  private final @Nullable Surface maxSurface;
  /** What each SDK server is made with, copied from the builder (which may change after {@code build()}). */
  private record ServerSettings(String name, String version, @Nullable String instructions, boolean instructionsSet,
      boolean structuredContent, Duration sessionIdleTimeout) {}

  private final transient ServerSettings settings;
  private final transient SessionResolver resolver;
  private final transient ConcurrentHashMap<SessionConstraints, Delegate> delegates = new ConcurrentHashMap<>();
  /** Requests being served right now. */
  private final AtomicInteger inFlight = new AtomicInteger();
  /** False once closed. */
  private volatile boolean accepting = true;

  private SentryMcpHttpServlet(Builder b) {
    this.engine = b.engine;
    this.authenticator = b.authenticator;
    this.stateful = b.stateful;
    this.endpoint = b.endpoint;
    this.hosts = new HostPatterns(b.allowedHosts);
    this.origins = new HostPatterns(b.allowedOrigins);
    this.corsOrigins = b.corsOrigins.isEmpty() ? null : new HostPatterns(b.corsOrigins);
    this.maxBodyBytes = b.maxBodyBytes;
    this.limits = new PrincipalLimits(b.ratePerSecond, b.burst, b.maxConcurrentPerPrincipal, 100_000);
    this.registry = new SessionRegistry(b.sessionIdleTimeout, b.maxSessions, b.engine::reportSessionEnded);
    this.maxSurface = b.maxSurface;

    this.settings = new ServerSettings(b.name, b.version, b.instructions, b.instructionsSet, b.structuredContent,
        b.sessionIdleTimeout);
    this.resolver = new SessionResolver() {
      @Override
      public Session resolve(McpTransportContext context) {
        if (context.get(CTX_SESSION) instanceof Session s) {
          return s;
        }
        throw new SentryMcpException(ErrorKind.AUTHENTICATION, "The request has no authenticated session.");
      }

      @Override
      public @Nullable Surface surface(McpTransportContext context) {
        return context.get(CTX_SURFACE) instanceof Surface s ? s : null;
      }
    };
    endpointFor(SessionConstraints.NONE); // fail fast on a bad configuration
  }

  /** One SDK server and its servlet transport, for the requests of one set of constraints. */
  private record Delegate(HttpServlet servlet, AutoCloseable server) {}

  /**
   * The SDK server for requests under {@code constraints}: tool schemas are listed without the parameters the
   * constraints pin, so each set of constraints (path) has its own server, made on first use and kept (at most
   * {@value #MAX_DELEGATES}; stateless servers beyond that are dropped and made again, stateful ones keep their
   * sessions, so a new path beyond that is refused).
   */
  private @Nullable Delegate endpointFor(SessionConstraints constraints) {
    Delegate d = delegates.get(constraints);
    if (d != null) {
      return d;
    }
    synchronized (delegates) {
      d = delegates.get(constraints);
      if (d != null) {
        return d;
      }
      if (delegates.size() >= MAX_DELEGATES) {
        if (stateful) {
          return null;
        }
        delegates.values().forEach(SentryMcpHttpServlet::closeQuietly);
        delegates.clear();
      }
      d = newDelegate(constraints);
      delegates.put(constraints, d);
      return d;
    }
  }

  private Delegate newDelegate(SessionConstraints constraints) {
    ServerSettings b = settings;
    JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(JSON);
    McpTransportContextExtractor<HttpServletRequest> extractor = request -> {
      Map<String, Object> values = new HashMap<>();
      if (request.getAttribute(ATTR_SESSION) instanceof Session s) {
        values.put(CTX_SESSION, s);
      }
      if (request.getAttribute(ATTR_SURFACE) instanceof Surface s) {
        values.put(CTX_SURFACE, s);
      }
      if (request.getAttribute(ATTR_ORIGIN) instanceof RequestOrigin o) {
        values.put(SentryMcpToolSpecs.ORIGIN_KEY, o);
      }
      return McpTransportContext.create(values);
    };
    SentryMcpToolSpecs specs = SentryMcpToolSpecs.builder(engine, resolver)
        .listingConstraints(constraints)
        .transportName(stateful ? "http-stateful" : "http")
        .structuredContent(b.structuredContent())
        .build();
    McpSchema.ServerCapabilities capabilities = McpSchema.ServerCapabilities.builder().tools(false).logging().build();
    String instructions = b.instructionsSet() ? b.instructions() : engine.instructions();
    if (stateful) {
      HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
          .jsonMapper(jsonMapper)
          .mcpEndpoint(endpoint)
          .contextExtractor(extractor)
          .maxRequestSize(maxBodyBytes)
          .sessionSweepInterval(b.sessionIdleTimeout())
          .build();
      McpServer.AsyncSpecification<?> spec = McpServer.async(provider)
          .serverInfo(b.name(), b.version())
          .capabilities(capabilities)
          .jsonMapper(jsonMapper)
          .validateToolInputs(false)
          .tools(specs.async())
          .addToolFilter(specs.asyncListFilter());
      if (instructions != null) {
        spec.instructions(instructions);
      }
      return new Delegate(provider, spec.build()::close);
    }
    HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
        .jsonMapper(jsonMapper)
        .messageEndpoint(endpoint)
        .contextExtractor(extractor)
        .maxRequestSize(maxBodyBytes)
        .build();
    McpServer.StatelessAsyncSpecification spec = McpServer.async(transport)
        .serverInfo(b.name(), b.version())
        .capabilities(capabilities)
        .jsonMapper(jsonMapper)
        .validateToolInputs(false)
        .tools(specs.statelessAsync())
        .addToolFilter(specs.asyncListFilter());
    if (instructions != null) {
      spec.instructions(instructions);
    }
    return new Delegate(transport, spec.build()::close);
  }

  private static void closeQuietly(Delegate d) {
    try {
      d.server().close();
    } catch (Exception e) {
      LOG.debug("closing an MCP server failed: {}", Failures.describe(e));
    }
  }

  /**
   * A servlet for the engine's tools; every request is authenticated by {@code authenticator}.
   *
   * @param engine the engine whose tools are served
   * @param authenticator authenticates every request
   * @return a new builder
   */
  public static Builder builder(SentryMcp engine, HttpAuthenticator authenticator) {
    return new Builder(engine, authenticator);
  }

  /**
   * Whether this servlet keeps sessions ({@code Mcp-Session-Id}).
   *
   * @return true when stateful
   */
  public boolean isStateful() {
    return stateful;
  }

  /**
   * The stateful sessions currently known (0 when stateless).
   *
   * @return the number of sessions
   */
  public int sessionCount() {
    return registry.size();
  }

  /**
   * Requests being served right now.
   *
   * @return the number of requests
   */
  public int requestsInFlight() {
    return inFlight.get();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    inFlight.incrementAndGet();
    try {
      serve(req, resp);
    } catch (RuntimeException e) {
      LOG.warn("an HTTP request failed: {}", Failures.describe(e));
      if (!resp.isCommitted()) {
        error(resp, 500, -32603, "Internal error.");
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void serve(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    if (!accepting) {
      resp.setHeader("Retry-After", "5");
      error(resp, 503, -32000, "The server is shutting down.");
      return;
    }
    if (!hosts.matches(single(req, "Host"))) {
      error(resp, 403, -32000, "Forbidden: the Host header is not allowed.");
      return;
    }
    List<String> requestOrigins = all(req, "Origin");
    for (String o : requestOrigins) {
      if (!origins.matches(o)) {
        error(resp, 403, -32000, "Forbidden: the Origin is not allowed.");
        return;
      }
    }
    String origin = requestOrigins.size() == 1 ? requestOrigins.get(0) : null;
    boolean cors = corsOrigins != null && origin != null && corsOrigins.matches(origin);
    if (cors) {
      resp.setHeader("Access-Control-Allow-Origin", origin);
      resp.setHeader("Vary", "Origin");
      resp.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id, Retry-After, WWW-Authenticate");
    }
    String method = req.getMethod().toUpperCase(Locale.ROOT);
    if (method.equals("OPTIONS")) {
      if (cors) {
        resp.setHeader("Access-Control-Allow-Methods", stateful ? "POST, GET, DELETE" : "POST");
        resp.setHeader("Access-Control-Allow-Headers",
            "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID");
        resp.setHeader("Access-Control-Max-Age", "600");
        resp.setStatus(204);
      } else {
        resp.setHeader("Allow", allowed());
        error(resp, 405, -32000, "Method not allowed.");
      }
      return;
    }
    RequestPath path = RequestPath.parse(req, endpoint);
    if (path == null) {
      error(resp, 404, -32000, "Not found: the MCP endpoint is " + endpoint + ", " + endpoint + "/{organization} or "
          + endpoint + "/{organization}/{project}.");
      return;
    }
    if (!(method.equals("POST") || stateful && (method.equals("GET") || method.equals("DELETE")))) {
      resp.setHeader("Allow", allowed());
      error(resp, 405, -32000, "Method not allowed" + (stateful ? "." : ": this server is stateless (POST only)."));
      return;
    }
    List<String> versions = all(req, "MCP-Protocol-Version");
    if (versions.size() > 1 || versions.size() == 1 && !PROTOCOL_VERSIONS.contains(versions.get(0).strip())) {
      error(resp, 400, -32600, "Bad request: unsupported MCP-Protocol-Version; supported: "
          + String.join(", ", PROTOCOL_VERSIONS) + ".");
      return;
    }
    HttpPrincipal principal;
    try {
      principal = authenticator.authenticate(req);
    } catch (RuntimeException e) {
      LOG.warn("the authenticator failed: {}", Failures.describe(e));
      principal = null;
    }
    if (principal == null) {
      String challenge = null;
      try {
        challenge = authenticator.challenge(req);
      } catch (RuntimeException e) {
        LOG.warn("the authenticator's challenge failed: {}", Failures.describe(e));
      }
      resp.setHeader("WWW-Authenticate", challenge != null ? challenge : "Bearer realm=\"sentry-mcp\"");
      // the body was not read: closing tells the client not to reuse a connection that may still carry part of it
      resp.setHeader("Connection", "close");
      error(resp, 401, -32001, "Unauthorized.");
      return;
    }
    PrincipalLimits.Decision decision = limits.acquire(principal.id());
    if (!decision.allowed()) {
      resp.setHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
      resp.setHeader("Connection", "close"); // the body was not read (see 401)
      error(resp, 429, -32000, decision.concurrency()
          ? "Too many requests in progress for this client; retry after the others finish."
          : "Too many requests: rate limit exceeded; retry later.");
      return;
    }
    try {
      servePrincipal(req, resp, method, path, principal);
    } finally {
      limits.release(principal.id());
    }
  }

  private void servePrincipal(HttpServletRequest req, HttpServletResponse resp, String method, RequestPath path,
      HttpPrincipal principal) throws ServletException, IOException {
    byte[] body = new byte[0];
    if (method.equals("POST")) {
      long declared = req.getContentLengthLong();
      if (declared > maxBodyBytes) {
        error(resp, 413, -32600, "Request body too large (at most " + maxBodyBytes + " bytes).");
        return;
      }
      body = readBody(req.getInputStream(), maxBodyBytes);
      if (body == null) {
        error(resp, 413, -32600, "Request body too large (at most " + maxBodyBytes + " bytes).");
        return;
      }
    }
    Narrowed narrowed;
    try {
      narrowed = narrow(principal.grant(), path, req);
    } catch (Refusal r) {
      error(resp, r.status, -32000, r.text);
      return;
    }
    JsonNode message = null;
    if (method.equals("POST")) {
      try {
        message = JSON.readTree(body);
      } catch (IOException e) {
        error(resp, 400, -32700, "Parse error: the body is not JSON.");
        return;
      }
      if (!isJsonRpcMessage(message)) {
        error(resp, 400, -32600, "Invalid Request: the body is not a JSON-RPC 2.0 request, notification or"
            + " response object.");
        return;
      }
    }
    if (message != null && "logging/setLevel".equals(message.path("method").asText(null))
        && message.has("id")
        && (!stateful || !LOG_LEVELS.contains(message.path("params").path("level").asText("")))) {
      // the SDK's stateless server has no handler for it (a stateless server sends no log messages at all, so any
      // valid level is accepted as is), and the stateful one takes any text as a level: both are answered here
      setLevelStateless(resp, message);
      return;
    }
    if (message != null && "server/discover".equals(message.path("method").asText(null))) {
      discoverUnsupported(resp, message);
      return;
    }
    req.setAttribute(ATTR_SESSION, narrowed.session());
    RequestOrigin served = null;
    if (message != null && message.path("method").isTextual()) {
      RequestOrigin origin = origin(req, message);
      req.setAttribute(ATTR_ORIGIN, origin);
      if (message.has("id") && !"tools/call".equals(origin.method())) {
        served = origin; // the engine reports tools/call itself
      }
    }
    if (narrowed.surface() != null) {
      req.setAttribute(ATTR_SURFACE, narrowed.surface());
    }
    Delegate delegate = endpointFor(narrowed.session().constraints());
    if (delegate == null) {
      resp.setHeader("Retry-After", "30");
      error(resp, 503, -32000, "Too many distinct organization and project paths in use; retry later.");
      return;
    }
    BufferedRequest forSdk = new BufferedRequest(req, body, endpoint);
    if (!stateful) {
      service(delegate, forSdk, resp, served);
      return;
    }
    String sessionId = single(req, "Mcp-Session-Id");
    if (sessionId == null) {
      boolean initialize = message != null && "initialize".equals(message.path("method").asText(null));
      if (initialize) {
        registry.expire(); // ends (and reports) idle sessions while new ones start, not only when full
      }
      if (initialize && !registry.hasRoom()) {
        resp.setHeader("Retry-After", "30");
        error(resp, 503, -32000, "Too many sessions; retry later.");
        return;
      }
      if (!initialize) {
        service(delegate, forSdk, resp, served);
        return;
      }
      String principalId = principal.id();
      String key = narrowed.key();
      String asked = message == null ? null : message.path("params").path("protocolVersion").asText(null);
      String version = asked == null ? null : Csv.printable(asked, 32);
      service(delegate, forSdk,
          new SessionIdCapture(resp, started -> registry.register(started, principalId, key, version)), served);
      return;
    }
    if (!registry.use(sessionId, principal.id(), narrowed.key())) {
      error(resp, 404, -32001, "Session not found; start a new one with initialize.");
      return;
    }
    service(delegate, forSdk, resp, served);
    if (method.equals("DELETE") && resp.getStatus() < 300) {
      registry.remove(sessionId);
    }
  }

  /**
   * Hands the request to the SDK; for a JSON-RPC request other than {@code tools/call} ({@code served}), reports when
   * its answer went out (at once, or when the SDK's asynchronous response completes) to the engine's listeners, with
   * the HTTP status as error type when it is 400 or more.
   */
  private void service(Delegate delegate, HttpServletRequest forSdk, HttpServletResponse resp,
      @Nullable RequestOrigin served) throws ServletException, IOException {
    if (served == null) {
      delegate.servlet().service(forSdk, resp);
      return;
    }
    Instant receivedAt = Instant.now();
    long start = System.nanoTime();
    delegate.servlet().service(forSdk, resp);
    if (!forSdk.isAsyncStarted()) {
      reportServed(served, receivedAt, start, resp.getStatus() >= 400 ? String.valueOf(resp.getStatus()) : null);
      return;
    }
    forSdk.getAsyncContext().addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        reportServed(served, receivedAt, start, resp.getStatus() >= 400 ? String.valueOf(resp.getStatus()) : null);
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        reportServed(served, receivedAt, start, "timeout");
      }

      @Override
      public void onError(AsyncEvent event) {
        reportServed(served, receivedAt, start, "_OTHER");
      }

      @Override
      public void onStartAsync(AsyncEvent event) {
        // the same request again: keep listening
      }
    });
  }

  private void reportServed(RequestOrigin origin, Instant receivedAt, long startNanos, @Nullable String errorType) {
    engine.reportRequestServed(new ToolCallListener.RequestServed(origin, stateful ? "http-stateful" : "http",
        receivedAt, Duration.ofNanos(System.nanoTime() - startNanos), errorType));
  }

  /**
   * Where a JSON-RPC request came from, for the engine's listeners: method, id, protocol version (the header, else
   * what the session's {@code initialize} asked for), the MCP session id (stateful), HTTP version and the client's
   * address. All values are cut to short printable text.
   */
  private RequestOrigin origin(HttpServletRequest req, JsonNode message) {
    JsonNode id = message.get("id");
    String sessionId = stateful ? single(req, "Mcp-Session-Id") : null;
    String version = req.getHeader("MCP-Protocol-Version");
    if (version == null && sessionId != null) {
      version = registry.protocolVersion(sessionId);
    }
    if (version == null && "initialize".equals(message.path("method").asText())) {
      version = message.path("params").path("protocolVersion").asText(null);
    }
    String protocol = req.getProtocol();
    String httpVersion = protocol != null && protocol.startsWith("HTTP/") ? protocol.substring(5) : null;
    if ("2.0".equals(httpVersion)) {
      httpVersion = "2";
    }
    return RequestOrigin.builder(Csv.printable(message.path("method").asText(), 64))
        .requestId(id == null || id.isNull() ? null : Csv.printable(id.asText(), 64))
        .protocolVersion(version == null ? null : Csv.printable(version, 32))
        .mcpSessionId(sessionId == null ? null : Csv.printable(sessionId, 128))
        .networkTransport("tcp")
        .networkProtocol("http", httpVersion == null ? null : Csv.printable(httpVersion, 8))
        .client(req.getRemoteAddr(), req.getRemotePort() > 0 ? req.getRemotePort() : null)
        .build();
  }

  /** The request's session: the principal's grant narrowed by the path and the query. */
  private record Narrowed(Session session, @Nullable Surface surface, String key) {}

  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String text;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
      this.text = message;
    }
  }

  private Narrowed narrow(Session grant, RequestPath path, HttpServletRequest req) throws Refusal {
    SessionConstraints g = grant.constraints();
    Session session = grant;
    if (path.organization() != null) {
      if (g.organizationSlug() != null && !g.organizationSlug().equals(path.organization())) {
        throw new Refusal(403, "Forbidden: this client may only use its own organization.");
      }
      if (g.projectSlug() != null && path.project() != null && !g.projectSlug().equals(path.project())) {
        throw new Refusal(403, "Forbidden: this client may only use its own project.");
      }
      String project = path.project() != null ? path.project() : g.projectSlug();
      session = session.withConstraints(new SessionConstraints(path.organization(), project, g.regionUrl()));
    }
    StringBuilder key = new StringBuilder(path.toString());
    Set<Skill> keep = parseSkills(req, "skills");
    if (keep != null) {
      Set<Skill> extra = EnumSet.copyOf(keep);
      extra.removeAll(grant.skills());
      if (!extra.isEmpty()) {
        throw new Refusal(403, "Forbidden: ?skills= asks for skills this client was not granted.");
      }
      session = session.narrowSkills(keep);
      key.append("|skills=").append(new TreeSet<>(keep));
    }
    Set<Skill> drop = parseSkills(req, "disable-skills");
    if (drop != null) {
      Set<Skill> rest = EnumSet.allOf(Skill.class);
      rest.removeAll(drop);
      session = session.narrowSkills(rest);
      key.append("|disable=").append(new TreeSet<>(drop));
    }
    Surface surface = null;
    String surfaceParam = query(req, "surface");
    if (surfaceParam != null) {
      surface = Surface.fromId(surfaceParam);
      if (surface == null) {
        throw new Refusal(400, "Bad request: ?surface= must be gateway or direct.");
      }
      Surface configured = maxSurface != null ? maxSurface : engine.config().surface();
      if (surface == Surface.DIRECT && configured != Surface.DIRECT) {
        throw new Refusal(403, "Forbidden: ?surface=direct would widen what this server lists.");
      }
      key.append("|surface=").append(surface.id());
    }
    return new Narrowed(session, surface, key.toString());
  }

  private static @Nullable Set<Skill> parseSkills(HttpServletRequest req, String name) throws Refusal {
    String value = query(req, name);
    if (value == null) {
      return null;
    }
    Set<Skill> out = EnumSet.noneOf(Skill.class);
    for (String part : value.split(",", -1)) {
      String id = part.strip();
      if (id.isEmpty()) {
        continue;
      }
      out.add(Skill.fromId(id).orElseThrow(
          () -> new Refusal(400, "Bad request: ?" + name + "= names an unknown skill.")));
    }
    return out;
  }

  private static @Nullable String query(HttpServletRequest req, String name) throws Refusal {
    String[] values = req.getParameterMap().get(name);
    if (values == null || values.length == 0) {
      return null;
    }
    if (values.length > 1) {
      throw new Refusal(400, "Bad request: ?" + name + "= is given more than once.");
    }
    return values[0];
  }

  private static final Set<String> LOG_LEVELS =
      Set.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  private void setLevelStateless(HttpServletResponse resp, JsonNode message) throws IOException {
    ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
    out.set("id", message.get("id"));
    if (LOG_LEVELS.contains(message.path("params").path("level").asText(""))) {
      out.putObject("result");
    } else {
      out.putObject("error").put("code", -32602).put("message", "Invalid params: level must be one of "
          + String.join(", ", new TreeSet<>(LOG_LEVELS)) + ".");
    }
    send(resp, 200, out);
  }

  private void discoverUnsupported(HttpServletResponse resp, JsonNode message) throws IOException {
    ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
    out.set("id", message.has("id") ? message.get("id") : JSON.nullNode());
    out.putObject("error").put("code", -32601).put("message",
        "Method not found: server/discover (MCP 2026-07-28) is not supported yet; use initialize (protocol "
            + ProtocolVersions.MCP_2025_11_25 + ").");
    send(resp, 200, out);
  }

  /** One JSON-RPC 2.0 object: a request or notification (a method), or a response (an id and a result or error). */
  private static boolean isJsonRpcMessage(@Nullable JsonNode n) {
    if (n == null || !n.isObject() || !"2.0".equals(n.path("jsonrpc").asText(null))) {
      return false;
    }
    JsonNode id = n.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
      return false;
    }
    if (n.has("method")) {
      JsonNode params = n.get("params");
      return n.get("method").isTextual() && (params == null || params.isObject() || params.isArray());
    }
    return id != null && (n.has("result") || n.has("error"));
  }

  private static byte @Nullable [] readBody(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 8192));
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > max) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private String allowed() {
    return stateful ? "POST, GET, DELETE, OPTIONS" : "POST, OPTIONS";
  }

  private static @Nullable String single(HttpServletRequest req, String header) {
    List<String> values = all(req, header);
    return values.size() == 1 ? values.get(0) : null;
  }

  private static List<String> all(HttpServletRequest req, String header) {
    List<String> out = new ArrayList<>();
    Enumeration<String> e = req.getHeaders(header);
    while (e != null && e.hasMoreElements()) {
      String v = e.nextElement();
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  private static void error(HttpServletResponse resp, int status, int code, String message) throws IOException {
    ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
    out.putNull("id");
    out.putObject("error").put("code", code).put("message", message);
    send(resp, status, out);
  }

  private static void send(HttpServletResponse resp, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  /**
   * Refuses new requests (503) and closes the SDK server. A host that wants in-flight calls finished first stops its
   * container gracefully before (Jetty: {@code GracefulHandler} and a stop timeout); idempotent.
   */
  @Override
  public void close() {
    accepting = false;
    registry.closeAll();
    synchronized (delegates) {
      delegates.values().forEach(SentryMcpHttpServlet::closeQuietly);
      delegates.clear();
    }
  }

  @Override
  public void destroy() {
    close();
    super.destroy();
  }

  /** Configures a {@link SentryMcpHttpServlet}. */
  public static final class Builder {
    private final SentryMcp engine;
    private final HttpAuthenticator authenticator;
    private boolean stateful;
    private String endpoint = DEFAULT_ENDPOINT;
    private List<String> allowedHosts = HostPatterns.LOOPBACK_HOSTS;
    private List<String> allowedOrigins = HostPatterns.LOOPBACK_ORIGINS;
    private List<String> corsOrigins = List.of();
    private int maxBodyBytes = 1024 * 1024;
    private double ratePerSecond = 20;
    private int burst = 60;
    private int maxConcurrentPerPrincipal = 16;
    private Duration sessionIdleTimeout = Duration.ofMinutes(30);
    private int maxSessions = 10_000;
    private @Nullable Surface maxSurface;
    private boolean structuredContent;
    private String name = "sentry-mcp-java";
    private String version = "unknown";
    private @Nullable String instructions;
    private boolean instructionsSet;

    private Builder(SentryMcp engine, HttpAuthenticator authenticator) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    /**
     * Keep sessions ({@code Mcp-Session-Id}) in memory (default false: stateless).
     *
     * @param stateful true to keep sessions
     * @return this builder
     */
    public Builder stateful(boolean stateful) {
      this.stateful = stateful;
      return this;
    }

    /**
     * The endpoint path after the context path (default {@value SentryMcpHttpServlet#DEFAULT_ENDPOINT}).
     *
     * @param endpoint a path such as {@code /mcp}
     * @return this builder
     * @throws IllegalArgumentException when {@code endpoint} is not such a path
     */
    public Builder endpoint(String endpoint) {
      if (!endpoint.matches("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
        throw new IllegalArgumentException("the endpoint must be a path such as /mcp");
      }
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Allowed {@code Host} headers: {@code name}, {@code name:port} or {@code name:*} (default: loopback names).
     *
     * @param hosts the patterns
     * @return this builder
     * @throws IllegalArgumentException when a pattern is not valid
     */
    public Builder allowedHosts(List<String> hosts) {
      this.allowedHosts = List.copyOf(hosts);
      new HostPatterns(allowedHosts);
      return this;
    }

    /**
     * Allowed {@code Origin} headers, e.g. {@code https://app.example.com} or {@code http://localhost:*} (default:
     * loopback origins). Requests without an {@code Origin} (non-browser clients) are not affected.
     *
     * @param origins the patterns
     * @return this builder
     * @throws IllegalArgumentException when a pattern is not valid
     */
    public Builder allowedOrigins(List<String> origins) {
      this.allowedOrigins = List.copyOf(origins);
      new HostPatterns(allowedOrigins);
      return this;
    }

    /**
     * Origins that get CORS headers (default none: CORS off). Each must also be an allowed origin.
     *
     * @param origins the patterns
     * @return this builder
     * @throws IllegalArgumentException when a pattern is not valid
     */
    public Builder corsOrigins(List<String> origins) {
      this.corsOrigins = List.copyOf(origins);
      new HostPatterns(corsOrigins);
      return this;
    }

    /**
     * Largest accepted request body (default 1 MiB).
     *
     * @param max the size in bytes, at least 1024
     * @return this builder
     * @throws IllegalArgumentException when {@code max} is below 1024
     */
    public Builder maxBodyBytes(int max) {
      if (max < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
      this.maxBodyBytes = max;
      return this;
    }

    /**
     * Per-principal rate limit: {@code perSecond} on average, bursts of {@code burst} (default 20/s, 60); 0 = off.
     *
     * @param perSecond the average rate, 0 for no limit
     * @param burst the burst size, at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code perSecond} is negative or {@code burst} below 1
     */
    public Builder rateLimit(double perSecond, int burst) {
      if (perSecond < 0 || burst < 1) {
        throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
      }
      this.ratePerSecond = perSecond;
      this.burst = burst;
      return this;
    }

    /**
     * Requests one principal may have in progress (default 16; 0 = no cap).
     *
     * @param max the cap, 0 for none
     * @return this builder
     * @throws IllegalArgumentException when {@code max} is negative
     */
    public Builder maxConcurrentPerPrincipal(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxConcurrentPerPrincipal must be >= 0");
      }
      this.maxConcurrentPerPrincipal = max;
      return this;
    }

    /**
     * Stateful: how long an unused session lives (default 30 min).
     *
     * @param timeout the idle timeout, positive
     * @return this builder
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public Builder sessionIdleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("sessionIdleTimeout must be positive");
      }
      this.sessionIdleTimeout = timeout;
      return this;
    }

    /**
     * Stateful: most sessions at once (default 10,000); a new one beyond is 503.
     *
     * @param max the cap, at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code max} is below 1
     */
    public Builder maxSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSessions must be >= 1");
      }
      this.maxSessions = max;
      return this;
    }

    /**
     * Widest surface {@code ?surface=} may ask for (default: the engine's configured surface).
     *
     * @param surface the surface, or null for the engine's
     * @return this builder
     */
    public Builder maxSurface(@Nullable Surface surface) {
      this.maxSurface = surface;
      return this;
    }

    /**
     * Advertise output schemas and send structured content (default false).
     *
     * @param structuredContent true to advertise output schemas and send structured content
     * @return this builder
     */
    public Builder structuredContent(boolean structuredContent) {
      this.structuredContent = structuredContent;
      return this;
    }

    /**
     * {@code serverInfo.name} and {@code serverInfo.version}.
     *
     * @param name the name
     * @param version the version
     * @return this builder
     */
    public Builder serverInfo(String name, String version) {
      this.name = Objects.requireNonNull(name, "name");
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * The initialize result's instructions (default: the engine's); null sends none.
     *
     * @param instructions the instructions, or null for none
     * @return this builder
     */
    public Builder instructions(@Nullable String instructions) {
      this.instructions = instructions;
      this.instructionsSet = true;
      return this;
    }

    /**
     * Builds the servlet; register it with a servlet container, with async support (as in the example above).
     *
     * @return the servlet
     */
    public SentryMcpHttpServlet build() {
      return new SentryMcpHttpServlet(this);
    }
  }
}
