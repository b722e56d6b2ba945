package io.github.sentrymcp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A fake Sentry REST API on 127.0.0.1, built on the JDK's {@code com.sun.net.httpserver}.
 *
 * <p>It serves a realistic dataset built from real Sentry API response samples (organization
 * {@code sentry-mcp-evals}, project {@code cloudflare-mcp}, team {@code the-goats}, issues {@code
 * CLOUDFLARE-MCP-41}, {@code CLOUDFLARE-MCP-42}, {@code PERF-N1-001}, ..., event {@code
 * 7ca573c0f4814912aaa9bdc77d1a7d51}, trace {@code a4d1aae7216b47ff8117cf4e09ce9d0a}, release
 * {@code 8ce89484-0fec-4913-a2cd-e8e2d41dee36}), paginates list endpoints like Sentry ({@code
 * per_page}, {@code cursor}, {@code Link}), records every request in a {@linkplain #journal()
 * journal}, and can inject {@linkplain #stubFault(FaultRule) faults}, latency and {@linkplain
 * #override(String, String, String) overridden answers}. For fuzzing and canary tests, a {@link
 * JsonRewriter} can rewrite every JSON response body and a {@link RequestRewriter} every incoming
 * request path and query ({@link Builder#jsonRewriter}, {@link Builder#requestRewriter}).
 *
 * <pre>
 * try (FakeSentry fake = FakeSentry.builder().requiredToken("sntrys_test").projects(60).build()) {
 *   String base = fake.baseUrl();               // http://127.0.0.1:PORT
 *   fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*&#47;issues/*&#47;")
 *       .times(2).respond(Fault.status(503).retryAfterSeconds(1)));
 *   ... run the code under test against base ...
 *   assertEquals(3, fake.requests("GET", "/api/0/organizations/*&#47;issues/*&#47;").size());
 * }
 * </pre>
 *
 * <p>Any organization slug works except those starting with {@code nonexistent} (404 {@code
 * {"detail":"The requested resource does not exist"}}); likewise project slugs starting with
 * {@code nonexistent}, unknown issue ids and unknown routes answer 404. Organizations carry {@code
 * links.regionUrl = ""} and {@code /api/0/users/me/regions/} points back at this fake, so clients
 * stay on it.
 *
 * <p>It also stands in for the public documentation services, which answer without a token: the docs search backend
 * ({@code POST /api/search} with {@code {"query", "maxResults", "guide"}}) and documentation pages ({@code GET
 * /<path>.md}, markdown from the fixtures under {@code docs/}; unknown pages answer 404, a page whose fixture is an
 * HTML document is served as {@code text/html}). Point {@code mcpUrl} and {@code docsUrl} of the engine's
 * configuration at {@link #baseUrl()}.
 *
 * <p>It is also Sentry's OAuth provider, reachable without an API token ({@link Builder#oauthClient}): {@code GET|POST
 * /oauth/authorize/} (a consent page with Approve and Deny buttons), {@code POST /oauth/token/} (grants {@code
 * authorization_code} with optional PKCE, {@code refresh_token} with rotation, and the device code grant of RFC 8628),
 * {@code POST /oauth/device/code/}, {@code GET|POST /oauth/device/} (the device approval page) and {@code POST
 * /oauth/revoke/} (RFC 7009). Token answers look like Sentry's ({@code access_token, refresh_token, expires_in,
 * expires_at, token_type, scope, user}); every access token it issues is an API token for {@link Builder#oauthUser}
 * until it expires or is revoked, then the API answers 401. Test hooks: {@link #expireOAuthAccessTokens()}, {@link
 * #approveDevice(String)}, {@link #denyDevice(String)}, {@link #expireOAuthDeviceCodes()}, {@link
 * #issuedOAuthSecrets()}, {@link #oauthRequests()}. The journal records OAuth requests without their {@code
 * Authorization} header and with secret form values replaced by {@code [redacted]}.
 *
 * <p>Control endpoints, never journaled: {@code GET /__fake/health}, {@code GET /__fake/stats} (requests since the
 * last reset: {@code {total, byRoute, unmatched}}, the format of the shared benchmark's fake API, so its harness can
 * run against this fake with {@code --fake-url}), {@code POST /__fake/reset} (like {@link #reset()}), and for the
 * OAuth provider {@code POST /__fake/oauth/expire}, {@code POST /__fake/oauth/device/approve?user_code=...}, {@code
 * POST /__fake/oauth/device/deny?user_code=...}, {@code POST /__fake/oauth/device/expire} and {@code GET
 * /__fake/oauth/secrets}.
 *
 * <p>Thread-safe. Close it to stop the server (its dispatcher thread is not a daemon thread).
 */
public final class FakeSentry implements AutoCloseable {

  private static final int MAX_PER_PAGE = 100;

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and the client's delayed ACK add ~40 ms to most responses. The JDK reads this property once,
    // when its first HttpServer is created, so respect an explicit setting.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final String hostAndPort;
  private final String baseUrl;
  private final int port;
  private final @Nullable String requiredToken;
  /** Tokens of further users: accepted like the required token, and {@code GET /api/0/auth/} answers their user. */
  private final Map<String, UserIdentity> users;

  /** A user {@link Builder#user} registers. */
  private record UserIdentity(String id, String name, String email) {}
  private final Duration latency;
  private final int journalLimit;
  private final boolean logRequests;
  private final int extraProjects;
  private final int extraTeams;
  private final int extraReleases;
  private final String regionUrl;
  private final @Nullable JsonRewriter jsonRewriter;
  private final @Nullable RequestRewriter requestRewriter;

  private final ArrayDeque<RecordedRequest> journal = new ArrayDeque<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<String> arrivals =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final CopyOnWriteArrayList<ActiveFault> faults = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<OverrideRule> overrides = new CopyOnWriteArrayList<>();
  private final Object apiLock = new Object();
  private volatile @Nullable SentryApi api;
  private volatile boolean closed;
  private final FakeOAuth oauth;

  private FakeSentry(Builder b) throws IOException {
    this.requiredToken = b.requiredToken;
    this.users = Map.copyOf(b.users);
    this.latency = b.latency;
    this.journalLimit = b.journalLimit;
    this.logRequests = b.logRequests;
    this.extraProjects = b.projects;
    this.extraTeams = b.teams;
    this.extraReleases = b.releases;
    this.regionUrl = b.regionUrl;
    this.jsonRewriter = b.jsonRewriter;
    this.requestRewriter = b.requestRewriter;
    InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    this.server = HttpServer.create(new InetSocketAddress(loopback, b.port), 64);
    this.executor = Executors.newFixedThreadPool(b.threads, new DaemonThreads());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.port = server.getAddress().getPort();
    this.hostAndPort = "127.0.0.1:" + port;
    this.baseUrl = "http://" + hostAndPort;
    FakeOAuth.User oauthUser = b.oauthUser;
    if (oauthUser == null) {
      JsonNode u = Fixtures.shared("user");
      oauthUser = new FakeOAuth.User(u.path("id").asText(), u.path("name").asText(), u.path("email").asText());
    }
    this.oauth = new FakeOAuth(b.oauthClients, oauthUser, b.oauthTokenLifetime, b.oauthDeviceInterval,
        b.oauthAutoApprove, baseUrl);
    // parse the fixtures in the background so the first request is fast; requests wait for it
    executor.execute(
        () -> {
          try {
            api();
          } catch (RuntimeException e) {
            // reported to the first request instead
          }
        });
  }

  /**
   * A builder; {@link Builder#build()} starts the server.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a fake with default settings on an ephemeral port.
   *
   * @return the running fake; close it when done
   */
  public static FakeSentry start() {
    return builder().build();
  }

  /**
   * {@code http://127.0.0.1:PORT} (no trailing slash).
   *
   * @return the base URL
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * {@code 127.0.0.1:PORT}, e.g. for a {@code --host} option.
   *
   * @return the host and port
   */
  public String hostAndPort() {
    return hostAndPort;
  }

  /**
   * The bound port.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * {@code "METHOD /raw/path"} of every request, in the order they arrived, recorded on arrival (before any latency
   * or fault delay; the {@linkplain #journal() journal} records a request when it is answered). Cleared by {@link
   * #clearJournal()}.
   *
   * @return a snapshot of the arrivals
   */
  public List<String> arrivals() {
    return List.copyOf(arrivals);
  }

  /**
   * A snapshot of the recorded requests, oldest first.
   *
   * @return an unmodifiable snapshot
   */
  public List<RecordedRequest> journal() {
    synchronized (journal) {
      return List.copyOf(journal);
    }
  }

  /**
   * The recorded requests with this method ({@code "*"} for any) whose raw path matches the
   * pattern (same syntax as {@link FaultRule}: {@code *} one segment, {@code **} any rest).
   *
   * @param method the method, or {@code "*"}
   * @param pathPattern the path pattern
   * @return the matching requests, oldest first
   */
  public List<RecordedRequest> requests(String method, String pathPattern) {
    PathPattern pattern = PathPattern.compile(pathPattern);
    String m = method.toUpperCase(Locale.ROOT);
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : journal()) {
      if ((m.equals("*") || m.equals(r.method()))
          && pattern.matches(PathPattern.split(r.rawPath()))) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The requests that matched no route.
   *
   * @return the unmatched requests, oldest first
   */
  public List<RecordedRequest> unmatched() {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : journal()) {
      if (!r.matched()) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The most recent request, or {@code null} if none was recorded.
   *
   * @return the last request, or null
   */
  public @Nullable RecordedRequest lastRequest() {
    synchronized (journal) {
      return journal.peekLast();
    }
  }

  /** Forgets all recorded requests. */
  public void clearJournal() {
    synchronized (journal) {
      journal.clear();
    }
    arrivals.clear();
  }

  /**
   * Adds a fault rule. Rules are checked in the order they were added; the first one that matches
   * and has not run out fires. Faults apply before the token check.
   *
   * @param rule the rule
   */
  public void stubFault(FaultRule rule) {
    faults.add(new ActiveFault(rule));
  }

  /** Removes all fault rules. */
  public void clearFaults() {
    faults.clear();
  }

  /**
   * From now on answers {@code method} requests whose path matches {@code pathPattern} with 200
   * and this JSON (sent as is, no pagination). The most recently added matching override wins.
   * The token check still applies; faults take precedence.
   *
   * @param method the HTTP method
   * @param pathPattern the path pattern, as in {@link FaultRule}
   * @param json the JSON body
   * @throws IllegalArgumentException if {@code json} is not valid JSON
   */
  public void override(String method, String pathPattern, String json) {
    override(method, pathPattern, 200, json);
  }

  /**
   * Like {@link #override(String, String, String)} with a chosen status.
   *
   * @param method the HTTP method
   * @param pathPattern the path pattern, as in {@link FaultRule}
   * @param status the HTTP status
   * @param json the JSON body
   * @throws IllegalArgumentException if {@code json} is not valid JSON
   */
  public void override(String method, String pathPattern, int status, String json) {
    Json.parse(json); // validate
    overrides.add(
        new OverrideRule(
            method.toUpperCase(Locale.ROOT),
            PathPattern.compile(pathPattern),
            status,
            json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Removes all overrides. */
  public void clearOverrides() {
    overrides.clear();
  }

  /**
   * Clears the journal, the fault rules, the overrides and the {@linkplain #oauthRequests() OAuth request log}
   * (issued OAuth tokens stay valid).
   */
  public void reset() {
    clearFaults();
    clearOverrides();
    clearJournal();
    oauth.clearRequests();
  }

  // ------------------------------------------------------------------ OAuth provider

  /**
   * Makes every access token issued so far expire now (the API answers 401 {@code {"detail":"Invalid token"}} for
   * them); refresh tokens keep working. Also {@code POST /__fake/oauth/expire}.
   */
  public void expireOAuthAccessTokens() {
    oauth.expireAccessTokens();
  }

  /**
   * Makes every device code issued so far expire now: polling answers {@code expired_token}. Also {@code POST
   * /__fake/oauth/device/expire}.
   */
  public void expireOAuthDeviceCodes() {
    oauth.expireDeviceCodes();
  }

  /**
   * Approves the pending device authorization with this user code, as the user would on {@code /oauth/device/}. Also
   * {@code POST /__fake/oauth/device/approve?user_code=...}.
   *
   * @param userCode the user code shown to the user
   * @throws IllegalArgumentException if no pending, unexpired device authorization has this user code
   */
  public void approveDevice(String userCode) {
    if (!oauth.decideDevice(userCode, true)) {
      throw new IllegalArgumentException("no pending device authorization with this user code");
    }
  }

  /**
   * Denies the pending device authorization with this user code: polling answers {@code access_denied}. Also {@code
   * POST /__fake/oauth/device/deny?user_code=...}.
   *
   * @param userCode the user code shown to the user
   * @throws IllegalArgumentException if no pending, unexpired device authorization has this user code
   */
  public void denyDevice(String userCode) {
    if (!oauth.decideDevice(userCode, false)) {
      throw new IllegalArgumentException("no pending device authorization with this user code");
    }
  }

  /**
   * Every secret the OAuth provider ever issued, oldest first: access tokens, refresh tokens, authorization codes and
   * device codes (not user codes, which are shown to the user). Tests assert none of them reaches a place it must not.
   * Also {@code GET /__fake/oauth/secrets} (a JSON array of strings).
   *
   * @return the secrets, oldest first
   */
  public List<String> issuedOAuthSecrets() {
    return oauth.issuedSecrets();
  }

  /**
   * The calls to the OAuth endpoints, oldest first, without secrets; cleared by {@link #reset()}.
   *
   * @return a snapshot of the calls
   */
  public List<OAuthRequest> oauthRequests() {
    return oauth.requests();
  }

  /** Stops the server; pending requests are aborted. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * The text of a bundled fixture (a real Sentry API response sample), e.g. {@code "issue"} for
   * {@code issue.json}. Handy for assertions and {@link #override(String, String, String)}.
   *
   * @param name the fixture's name, without {@code .json}
   * @return the fixture's text
   * @throws IllegalArgumentException if there is no such fixture
   */
  public static String fixture(String name) {
    return new String(Fixtures.json(name), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "FakeSentry[" + baseUrl + "]";
  }

  // ------------------------------------------------------------------ request handling

  private SentryApi api() {
    SentryApi a = api;
    if (a == null) {
      synchronized (apiLock) {
        a = api;
        if (a == null) {
          a = new SentryApi(extraProjects, extraTeams, extraReleases, regionUrl);
          api = a;
        }
      }
    }
    return a;
  }

  private void handle(HttpExchange ex) {
    try {
      serve(ex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      if (logRequests && !closed) {
        System.err.println("fake-sentry: " + e);
      }
    } finally {
      ex.close(); // without a response sent, this closes the connection
    }
  }

  private void serve(HttpExchange ex) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Instant receivedAt = Instant.now();
    arrivals.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    URI uri = ex.getRequestURI();
    String rawPath = Objects.requireNonNullElse(uri.getRawPath(), "");
    String rawQuery = uri.getRawQuery();
    byte[] requestBody = ex.getRequestBody().readAllBytes();

    if (rawPath.startsWith("/__fake/")) {
      control(ex, rawPath);
      return;
    }
    if (FakeOAuth.handles(rawPath)) {
      serveOAuth(ex, method, rawPath, rawQuery, requestBody, receivedAt, t0);
      return;
    }
    String rewriteError = null;
    if (requestRewriter != null) {
      try {
        RequestRewriter.Target target =
            Objects.requireNonNull(
                requestRewriter.rewrite(method, rawPath, rawQuery), "requestRewriter result");
        rawPath = target.rawPath();
        rawQuery = target.rawQuery();
      } catch (RuntimeException e) {
        rewriteError = "fake-sentry requestRewriter error: " + e;
      }
    }
    if (!latency.isZero()) {
      Thread.sleep(latency.toMillis());
    }

    List<String> segments = PathPattern.split(rawPath);
    Map<String, List<String>> query = Http.parseQuery(rawQuery);
    Request req = new Request(ex, method, rawPath, rawQuery, segments, query, requestBody);
    if (rewriteError != null) {
      Sent sent = finish(Reply.detail(500, rewriteError), req, null);
      record(req, receivedAt, null, sent.status, null);
      send(ex, method, sent);
      log(req, sent.status, null, null, t0);
      return;
    }
    SentryApi sentry = api();
    Matched matched = match(sentry, method, segments);
    String routeName = matched == null ? null : matched.route.name;

    Reply reply;
    Fault fault = fireFault(method, segments, query);
    if (fault != null) {
      if (!fault.delay().isZero()) {
        Thread.sleep(fault.delay().toMillis());
      }
      if (fault.kind() == Fault.Kind.CONNECTION_RESET) {
        record(req, receivedAt, routeName, RecordedRequest.NO_RESPONSE, fault);
        log(req, RecordedRequest.NO_RESPONSE, routeName, fault, t0);
        return; // handle() closes the exchange without a response: the client sees EOF
      }
      if (fault.kind() == Fault.Kind.DISCONNECT_MID_BODY) {
        Sent sent = finish(normal(req, matched), req, matched);
        record(req, receivedAt, routeName, sent.status, fault);
        log(req, sent.status, routeName, fault, t0);
        sendHalf(ex, sent);
        return; // handle() closes the exchange with bytes missing: the connection is dropped
      }
      reply =
          switch (fault.kind()) {
            case DELAY -> normal(req, matched);
            case MALFORMED_BODY -> Reply.rawJson(200, truncate(normal(req, matched), req, matched));
            default -> Reply.bytes(fault.status(), fault.contentType(), fault.bodyUnsafe());
          };
      fault.headers().forEach(reply::header);
    } else {
      reply = normal(req, matched);
    }
    Sent sent = finish(reply, req, matched);
    if (routeName == null && sent.override != null) {
      routeName = "override " + sent.override;
    }
    record(req, receivedAt, routeName, sent.status, fault);
    send(ex, method, sent);
    log(req, sent.status, routeName, fault, t0);
  }

  /**
   * Answers a request below {@code /oauth/}: no token check, latency, faults, overrides or rewriters apply. The
   * journal gets the request without its {@code Authorization} header and with secret form values redacted.
   */
  private void serveOAuth(HttpExchange ex, String method, String rawPath, @Nullable String rawQuery, byte[] body,
      Instant receivedAt, long t0) throws IOException {
    Reply reply = oauth.handle(method, rawPath, rawQuery, ex.getRequestHeaders().getFirst("Authorization"),
        ex.getRequestHeaders().getFirst("Content-Type"), body, receivedAt);
    Map<String, List<String>> headers = new LinkedHashMap<>(ex.getRequestHeaders());
    headers.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization") || k.equalsIgnoreCase("Cookie"));
    String route = method + " " + (rawPath.endsWith("/") ? rawPath : rawPath + "/");
    RecordedRequest r = new RecordedRequest(method, rawPath, rawQuery, headers,
        FakeOAuth.redactForm(new String(body, StandardCharsets.UTF_8)), reply.status == 404 ? null : route,
        reply.status, null, receivedAt);
    synchronized (journal) {
      journal.addLast(r);
      while (journal.size() > journalLimit) {
        journal.removeFirst();
      }
    }
    send(ex, method, new Sent(reply.status, reply.contentType, reply.body, reply.headers, null));
    if (logRequests) {
      System.err.println("fake-sentry: " + method + " " + rawPath + " -> " + reply.status + " (oauth, "
          + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    }
  }

  /** The route answer (or token / override / 404 answer), not yet paginated. */
  private Reply normal(Request req, @Nullable Matched matched) {
    String bearer = bearer(req.exchange);
    UserIdentity user = bearer == null ? null : users.get(bearer);
    if (user == null && bearer != null) {
      FakeOAuth.TokenState state = oauth.check(bearer);
      if (state == FakeOAuth.TokenState.INVALID) {
        return Reply.detail(401, "Invalid token");
      }
      if (state == FakeOAuth.TokenState.VALID) {
        FakeOAuth.User u = oauth.user();
        user = new UserIdentity(u.id(), u.name(), u.email());
      }
    }
    boolean open = matched != null && matched.route.open;
    if (!open && user == null && (requiredToken != null || !users.isEmpty())
        && (requiredToken == null || !authorized(req.exchange, requiredToken))) {
      return Reply.detail(401, "Invalid token");
    }
    if (user != null && req.method.equals("GET") && req.segments.equals(List.of("api", "0", "auth"))) {
      com.fasterxml.jackson.databind.node.ObjectNode u =
          (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.shared("user").deepCopy();
      com.fasterxml.jackson.databind.node.ObjectNode inner = u.has("user") && u.get("user").isObject()
          ? (com.fasterxml.jackson.databind.node.ObjectNode) u.get("user")
          : u;
      inner.put("id", user.id()).put("name", user.name()).put("email", user.email()).put("username", user.email());
      return Reply.json(u);
    }
    for (int i = overrides.size() - 1; i >= 0; i--) {
      OverrideRule o = overrides.get(i);
      if ((o.method.equals("*") || o.method.equals(req.method)) && o.pattern.matches(req.segments)) {
        return Reply.rawJson(o.status, o.body).header(OVERRIDE_MARKER, o.method + " " + o.pattern);
      }
    }
    if (matched == null) {
      return Reply.notFound();
    }
    for (String key : List.of("org", "project")) {
      String v = matched.params.get(key);
      if (v != null && v.startsWith("nonexistent")) {
        return Reply.notFound();
      }
    }
    JsonNode body = MissingNode.getInstance();
    if (req.body.length > 0) {
      try {
        body = Json.parse(req.body);
      } catch (RuntimeException e) {
        // not JSON: handlers see no body
      }
    }
    try {
      return matched.route.handler.handle(new Call(matched.params, req.query, body, baseUrl));
    } catch (RuntimeException e) {
      return Reply.detail(500, "fake-sentry handler error: " + e);
    }
  }

  private static final String OVERRIDE_MARKER = "X-Fake-Sentry-Override";

  /** The bearer token of a request, or null. */
  private static @Nullable String bearer(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null) {
      return null;
    }
    String h = header.trim();
    return h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
  }

  private static boolean authorized(HttpExchange ex, String token) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null) {
      return false;
    }
    String h = header.trim();
    return h.length() > 7
        && h.regionMatches(true, 0, "Bearer ", 0, 7)
        && h.substring(7).trim().equals(token);
  }

  private byte[] truncate(Reply normal, Request req, @Nullable Matched matched) {
    byte[] full = finish(normal, req, matched).body;
    if (full.length >= 2 && (full[0] == '{' || full[0] == '[')) {
      return Arrays.copyOf(full, full.length / 2);
    }
    return "{\"detail\": \"trunc".getBytes(StandardCharsets.UTF_8);
  }

  /** Paginates a paged reply, strips the internal override marker, applies the JSON rewriter. */
  private Sent finish(Reply reply, Request req, @Nullable Matched matched) {
    Sent sent = paginate(reply, req, matched);
    return jsonRewriter == null ? sent : rewriteJson(jsonRewriter, sent, req);
  }

  /** The sent answer with its JSON body passed through the rewriter; other bodies unchanged. */
  private static Sent rewriteJson(JsonRewriter rewriter, Sent sent, Request req) {
    if (sent.body.length == 0 || !isJson(sent.contentType)) {
      return sent;
    }
    JsonNode body;
    try {
      body = Json.parse(sent.body);
    } catch (RuntimeException e) {
      return sent; // not JSON after all (e.g. a malformed-body fault): sent as is
    }
    if (body.isMissingNode()) {
      return sent;
    }
    JsonNode rewritten;
    try {
      rewritten =
          Objects.requireNonNull(
              rewriter.rewrite(req.method, req.rawPath, sent.status, body),
              "jsonRewriter result");
    } catch (RuntimeException e) {
      return error(500, "fake-sentry jsonRewriter error: " + e);
    }
    return new Sent(
        sent.status, sent.contentType, Json.bytes(rewritten), sent.headers, sent.override);
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String media =
        (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json"));
  }

  /** Paginates a paged reply; strips the internal override marker. */
  private Sent paginate(Reply reply, Request req, @Nullable Matched matched) {
    Map<String, String> headers = new LinkedHashMap<>(reply.headers);
    String override = headers.remove(OVERRIDE_MARKER);
    List<JsonNode> items = reply.items;
    if (items == null) {
      return new Sent(reply.status, reply.contentType, reply.body, headers, override);
    }
    boolean limitParam = matched != null && matched.route.limitParam;
    String perPageText = first(req.query, "per_page");
    if (perPageText == null && limitParam) {
      perPageText = first(req.query, "limit");
    }
    int perPage = MAX_PER_PAGE;
    if (perPageText != null) {
      try {
        perPage = Integer.parseInt(perPageText.trim());
      } catch (NumberFormatException e) {
        return error(400, "Invalid per_page parameter.");
      }
      if (perPage < 1) {
        return error(400, "Invalid per_page parameter.");
      }
      if (perPage > MAX_PER_PAGE) {
        return error(400, "Invalid per_page value. Cannot exceed " + MAX_PER_PAGE + ".");
      }
    }
    int offset = 0;
    String cursor = first(req.query, "cursor");
    if (cursor != null && !cursor.isEmpty()) {
      String[] parts = cursor.split(":", -1);
      try {
        if (parts.length != 3) {
          throw new NumberFormatException(cursor);
        }
        Double.parseDouble(parts[0]);
        offset = Integer.parseInt(parts[1]);
        Integer.parseInt(parts[2]);
      } catch (NumberFormatException e) {
        return error(400, "Invalid cursor parameter.");
      }
      if (offset < 0) {
        return error(400, "Invalid cursor parameter.");
      }
    }
    int from = Math.min(offset, items.size());
    int to = (int) Math.min((long) from + perPage, items.size());
    ArrayNode page = Json.array();
    page.addAll(items.subList(from, to));
    JsonNode body = page;
    ObjectNode envelope = reply.envelope;
    if (envelope != null) {
      ObjectNode o = envelope.deepCopy();
      o.set("data", page);
      body = o;
    }
    String rest = Http.queryWithoutCursor(req.rawQuery);
    String url = baseUrl + req.rawPath + "?" + (rest.isEmpty() ? "" : rest + "&") + "cursor=";
    String prev = "0:" + Math.max(0, offset - perPage) + ":1";
    String next = "0:" + ((long) offset + perPage) + ":0";
    boolean hasPrev = offset > 0;
    boolean hasNext = (long) offset + perPage < items.size();
    headers.put(
        "Link",
        link(url, prev, "previous", hasPrev) + ", " + link(url, next, "next", hasNext));
    return new Sent(reply.status, Reply.JSON, Json.bytes(body), headers, override);
  }

  private static String link(String url, String cursor, String rel, boolean results) {
    return "<"
        + url
        + cursor
        + ">; rel=\""
        + rel
        + "\"; results=\""
        + results
        + "\"; cursor=\""
        + cursor
        + "\"";
  }

  private static Sent error(int status, String detail) {
    return new Sent(
        status,
        Reply.JSON,
        Json.detail(detail).getBytes(StandardCharsets.UTF_8),
        new LinkedHashMap<>(),
        null);
  }

  private static @Nullable String first(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static void send(HttpExchange ex, String method, Sent sent) throws IOException {
    sent.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    if (sent.contentType != null) {
      ex.getResponseHeaders().set("Content-Type", sent.contentType);
    }
    boolean noBody =
        sent.body.length == 0
            || method.equals("HEAD")
            || sent.status == 204
            || sent.status == 304
            || sent.status < 200;
    ex.sendResponseHeaders(sent.status, noBody ? -1 : sent.body.length);
    if (!noBody) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(sent.body);
      }
    }
  }

  private static void sendHalf(HttpExchange ex, Sent sent) throws IOException {
    sent.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    if (sent.contentType != null) {
      ex.getResponseHeaders().set("Content-Type", sent.contentType);
    }
    int status = sent.status == 204 || sent.status == 304 ? 200 : sent.status;
    long length = Math.max(1, sent.body.length);
    ex.sendResponseHeaders(status, length);
    OutputStream out = ex.getResponseBody();
    out.write(sent.body, 0, sent.body.length / 2);
    out.flush();
  }

  private void control(HttpExchange ex, String rawPath) throws IOException {
    Sent sent;
    if (rawPath.equals("/__fake/health") || rawPath.equals("/__fake/health/")) {
      ObjectNode o = Json.object().put("ok", true).put("port", port);
      sent = new Sent(200, Reply.JSON, Json.bytes(o), new LinkedHashMap<>(), null);
    } else if (rawPath.equals("/__fake/stats") && ex.getRequestMethod().equals("GET")) {
      sent = new Sent(200, Reply.JSON, Json.bytes(stats()), new LinkedHashMap<>(), null);
    } else if (rawPath.equals("/__fake/reset") && ex.getRequestMethod().equals("POST")) {
      reset();
      sent = new Sent(200, Reply.JSON, Json.bytes(Json.object().put("ok", true)), new LinkedHashMap<>(), null);
    } else if (rawPath.startsWith("/__fake/oauth/")) {
      sent = oauthControl(ex.getRequestMethod(), rawPath, ex.getRequestURI().getRawQuery());
    } else {
      sent = error(404, "The requested resource does not exist");
    }
    send(ex, ex.getRequestMethod(), sent);
  }

  private Sent oauthControl(String method, String rawPath, @Nullable String rawQuery) {
    String userCode = first(Http.parseQuery(rawQuery), "user_code");
    byte[] ok = Json.bytes(Json.object().put("ok", true));
    switch (method + " " + rawPath) {
      case "POST /__fake/oauth/expire":
        expireOAuthAccessTokens();
        return new Sent(200, Reply.JSON, ok, new LinkedHashMap<>(), null);
      case "POST /__fake/oauth/device/expire":
        expireOAuthDeviceCodes();
        return new Sent(200, Reply.JSON, ok, new LinkedHashMap<>(), null);
      case "POST /__fake/oauth/device/approve":
      case "POST /__fake/oauth/device/deny":
        if (userCode == null || !oauth.decideDevice(userCode, rawPath.endsWith("/approve"))) {
          return error(404, "No pending device authorization with this user code");
        }
        return new Sent(200, Reply.JSON, ok, new LinkedHashMap<>(), null);
      case "GET /__fake/oauth/secrets":
        return new Sent(200, Reply.JSON, oauth.secretsJson(), new LinkedHashMap<>(), null);
      default:
        return error(404, "The requested resource does not exist");
    }
  }

  /**
   * The counters of {@code GET /__fake/stats}, in the format of the shared benchmark's fake API: {@code total}
   * requests recorded, {@code byRoute} counts keyed by route ({@code "METHOD pattern"} ({@code "UNMATCHED"} for requests no
   * route matched) and the first 200 {@code unmatched} requests as {@code "METHOD path"}.
   */
  private ObjectNode stats() {
    List<RecordedRequest> recorded = journal();
    ObjectNode byRoute = Json.object();
    ArrayNode unmatched = Json.array();
    for (RecordedRequest r : recorded) {
      String key = r.route() == null ? "UNMATCHED" : r.route();
      byRoute.put(key, byRoute.path(key).asInt(0) + 1);
      if (r.route() == null && unmatched.size() < 200) {
        unmatched.add(r.method() + " " + r.rawPath());
      }
    }
    ObjectNode o = Json.object().put("total", recorded.size());
    o.set("byRoute", byRoute);
    o.set("unmatched", unmatched);
    return o;
  }

  private @Nullable Matched match(SentryApi sentry, String method, List<String> segments) {
    for (Route r : sentry.routes()) {
      if (!r.method.equals(method)) {
        continue;
      }
      Map<String, String> params = r.match(segments);
      if (params != null) {
        return new Matched(r, params);
      }
    }
    return null;
  }

  private @Nullable Fault fireFault(
      String method, List<String> segments, Map<String, List<String>> query) {
    for (ActiveFault f : faults) {
      if (f.matches(method, segments, query) && f.tryFire()) {
        return f.rule.fault();
      }
    }
    return null;
  }

  private void record(
      Request req, Instant receivedAt, @Nullable String route, int status, @Nullable Fault fault) {
    RecordedRequest r =
        new RecordedRequest(
            req.method,
            req.rawPath,
            req.rawQuery,
            req.exchange.getRequestHeaders(),
            new String(req.body, StandardCharsets.UTF_8),
            route,
            status,
            fault == null ? null : fault.toString(),
            receivedAt);
    synchronized (journal) {
      journal.addLast(r);
      while (journal.size() > journalLimit) {
        journal.removeFirst();
      }
    }
  }

  private void log(
      Request req, int status, @Nullable String route, @Nullable Fault fault, long t0) {
    if (!logRequests) {
      return;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.err.println(
        "fake-sentry: "
            + req.method
            + " "
            + req.rawPath
            + (req.rawQuery == null ? "" : "?" + req.rawQuery)
            + " -> "
            + (status == RecordedRequest.NO_RESPONSE ? "reset" : Integer.toString(status))
            + " ("
            + (route == null ? "unmatched" : route)
            + (fault == null ? "" : ", fault " + fault)
            + ", "
            + ms
            + " ms)");
  }

  // ------------------------------------------------------------------ small types

  private static final class Request {
    final HttpExchange exchange;
    final String method;
    final String rawPath;
    final @Nullable String rawQuery;
    final List<String> segments;
    final Map<String, List<String>> query;
    final byte[] body;

    Request(
        HttpExchange exchange,
        String method,
        String rawPath,
        @Nullable String rawQuery,
        List<String> segments,
        Map<String, List<String>> query,
        byte[] body) {
      this.exchange = exchange;
      this.method = method;
      this.rawPath = rawPath;
      this.rawQuery = rawQuery;
      this.segments = segments;
      this.query = query;
      this.body = body;
    }
  }

  private static final class Matched {
    final Route route;
    final Map<String, String> params;

    Matched(Route route, Map<String, String> params) {
      this.route = route;
      this.params = params;
    }
  }

  /** A fully resolved answer. */
  private static final class Sent {
    final int status;
    final @Nullable String contentType;
    final byte[] body;
    final Map<String, String> headers;
    final @Nullable String override;

    Sent(
        int status,
        @Nullable String contentType,
        byte[] body,
        Map<String, String> headers,
        @Nullable String override) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.headers = headers;
      this.override = override;
    }
  }

  private static final class OverrideRule {
    final String method;
    final PathPattern pattern;
    final int status;
    final byte[] body;

    OverrideRule(String method, PathPattern pattern, int status, byte[] body) {
      this.method = method;
      this.pattern = pattern;
      this.status = status;
      this.body = body;
    }
  }

  private static final class ActiveFault {
    final FaultRule rule;
    final PathPattern pattern;
    final AtomicInteger remaining;

    ActiveFault(FaultRule rule) {
      this.rule = rule;
      this.pattern = PathPattern.compile(rule.pathPattern());
      this.remaining = new AtomicInteger(rule.times());
    }

    boolean matches(String method, List<String> segments, Map<String, List<String>> query) {
      if (!rule.method().equals("*") && !rule.method().equals(method)) {
        return false;
      }
      if (!pattern.matches(segments)) {
        return false;
      }
      for (Map.Entry<String, String> e : rule.queryParams().entrySet()) {
        if (!query.getOrDefault(e.getKey(), List.of()).contains(e.getValue())) {
          return false;
        }
      }
      return true;
    }

    boolean tryFire() {
      if (!rule.limited()) {
        return true;
      }
      return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
  }

  private static final class DaemonThreads implements ThreadFactory {
    private static final AtomicInteger POOL = new AtomicInteger();
    private final int pool = POOL.incrementAndGet();
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "fake-sentry-" + pool + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  // ------------------------------------------------------------------ builder

  /** Configures and starts a {@link FakeSentry}. */
  public static final class Builder {
    private int port;
    private @Nullable String requiredToken;
    private final Map<String, UserIdentity> users = new java.util.LinkedHashMap<>();
    private Duration latency = Duration.ZERO;
    private int projects;
    private int teams;
    private int releases;
    private String regionUrl = "";
    private int threads = 8;
    private int journalLimit = 10_000;
    private boolean logRequests;
    private @Nullable JsonRewriter jsonRewriter;
    private @Nullable RequestRewriter requestRewriter;
    private final Map<String, @Nullable String> oauthClients = new LinkedHashMap<>();
    private FakeOAuth.@Nullable User oauthUser;
    private Duration oauthTokenLifetime = Duration.ofHours(8);
    private Duration oauthDeviceInterval = Duration.ofSeconds(5);
    private boolean oauthAutoApprove;

    private Builder() {}

    /**
     * Registers an OAuth application with Sentry's OAuth endpoints ({@code /oauth/authorize/}, {@code /oauth/token/},
     * {@code /oauth/device/code/}, {@code /oauth/device/}, {@code /oauth/revoke/}). A {@code null} secret makes it a
     * public client (it sends only its {@code client_id}, e.g. for the device flow); a confidential client
     * authenticates with {@code client_secret_post} or HTTP Basic. Any absolute http/https redirect URI without a
     * fragment is accepted. Access tokens it gets work as API tokens for the {@link #oauthUser}.
     *
     * @param clientId the client id
     * @param clientSecret the client secret, or null for a public client
     * @return this builder
     */
    public Builder oauthClient(String clientId, @Nullable String clientSecret) {
      oauthClients.put(Objects.requireNonNull(clientId, "clientId"), clientSecret);
      return this;
    }

    /**
     * The user every OAuth grant belongs to (default: the sandbox user of the {@code user} fixture).
     *
     * @param id the user's id
     * @param name the user's name
     * @param email the user's email address
     * @return this builder
     */
    public Builder oauthUser(String id, String name, String email) {
      this.oauthUser = new FakeOAuth.User(Objects.requireNonNull(id, "id"), Objects.requireNonNull(name, "name"),
          Objects.requireNonNull(email, "email"));
      return this;
    }

    /**
     * How long issued access tokens live (default 8 hours).
     *
     * @param lifetime the lifetime, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code lifetime} is not positive
     */
    public Builder oauthTokenLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("oauthTokenLifetime must be positive: " + lifetime);
      }
      this.oauthTokenLifetime = lifetime;
      return this;
    }

    /**
     * The device flow's polling interval (default 5 s): it is sent, in whole seconds, as {@code interval}, and a poll
     * sooner than this after the previous poll of the same device code answers {@code slow_down} (the fake does not
     * lengthen its own interval after a {@code slow_down}). {@link Duration#ZERO} disables {@code slow_down}.
     *
     * @param interval the interval, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is negative
     */
    public Builder oauthDeviceInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("oauthDeviceInterval must not be negative: " + interval);
      }
      this.oauthDeviceInterval = interval;
      return this;
    }

    /**
     * {@code GET /oauth/authorize/} redirects at once, as if the user approved (default false: a consent page).
     *
     * @param autoApprove true to skip the consent page
     * @return this builder
     */
    public Builder oauthAutoApprove(boolean autoApprove) {
      this.oauthAutoApprove = autoApprove;
      return this;
    }

    /**
     * The port to bind on 127.0.0.1 (default 0: an ephemeral port).
     *
     * @param port the port, 0 for an ephemeral one
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every API request; others get 401 {@code
     * {"detail":"Invalid token"}}. {@code null} (the default) accepts any request.
     *
     * @param token the token, or null to accept any request
     * @return this builder
     */
    public Builder requiredToken(@Nullable String token) {
      this.requiredToken = token;
      return this;
    }

    /**
     * Registers another user: requests with {@code Authorization: Bearer <token>} are accepted (besides the {@link
     * #requiredToken}; once any user is registered, requests without a known token get 401), and {@code GET
     * /api/0/auth/} answers this user. Every other route serves the same sample data to every user.
     *
     * @param token the user's bearer token
     * @param id the user's id
     * @param name the user's name
     * @param email the user's email address
     * @return this builder
     */
    public Builder user(String token, String id, String name, String email) {
      users.put(Objects.requireNonNull(token, "token"),
          new UserIdentity(Objects.requireNonNull(id, "id"), Objects.requireNonNull(name, "name"),
              Objects.requireNonNull(email, "email")));
      return this;
    }

    /**
     * Latency added to every API request (default none).
     *
     * @param latency the latency, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code latency} is negative
     */
    public Builder latency(Duration latency) {
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative: " + latency);
      }
      this.latency = latency;
      return this;
    }

    /**
     * Generates {@code n} extra projects ({@code project-01} ... ) after {@code cloudflare-mcp},
     * e.g. to exercise pagination (default 0).
     *
     * @param n the number of extra projects
     * @return this builder
     */
    public Builder projects(int n) {
      this.projects = nonNegative(n);
      return this;
    }

    /**
     * Generates {@code n} extra teams ({@code team-01} ...) after {@code the-goats} (default 0).
     *
     * @param n the number of extra teams
     * @return this builder
     */
    public Builder teams(int n) {
      this.teams = nonNegative(n);
      return this;
    }

    /**
     * Generates {@code n} extra releases ({@code release-01} ..., older than the canonical one)
     * after {@code 8ce89484-0fec-4913-a2cd-e8e2d41dee36} (default 0).
     *
     * @param n the number of extra releases
     * @return this builder
     */
    public Builder releases(int n) {
      this.releases = nonNegative(n);
      return this;
    }

    /**
     * The {@code links.regionUrl} of organizations (default {@code ""}, so clients stay on this
     * fake). Set it to another fake's base URL to test region routing.
     *
     * @param regionUrl the region URL
     * @return this builder
     */
    public Builder regionUrl(String regionUrl) {
      this.regionUrl = Objects.requireNonNull(regionUrl, "regionUrl");
      return this;
    }

    /**
     * Size of the request thread pool (default 8).
     *
     * @param threads the pool size, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * How many requests the journal keeps; older ones are dropped (default 10,000).
     *
     * @param limit the number of requests kept, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public Builder journalLimit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("journalLimit must be positive: " + limit);
      }
      this.journalLimit = limit;
      return this;
    }

    /**
     * Logs one line per request to stderr (default off).
     *
     * @param log true to log requests
     * @return this builder
     */
    public Builder logRequests(boolean log) {
      this.logRequests = log;
      return this;
    }

    /**
     * Rewrites the body of every JSON response just before it is sent: route answers after
     * pagination, overrides, fault bodies and error bodies alike ({@code null}, the default, sends
     * bodies unchanged). See {@link JsonRewriter}.
     *
     * @param rewriter the rewriter, or null
     * @return this builder
     */
    public Builder jsonRewriter(@Nullable JsonRewriter rewriter) {
      this.jsonRewriter = rewriter;
      return this;
    }

    /**
     * Rewrites the raw path and raw query of every incoming API request before it is routed,
     * matched against overrides and fault rules, and recorded in the journal ({@code null}, the
     * default, leaves requests unchanged). See {@link RequestRewriter}.
     *
     * @param rewriter the rewriter, or null
     * @return this builder
     */
    public Builder requestRewriter(@Nullable RequestRewriter rewriter) {
      this.requestRewriter = rewriter;
      return this;
    }

    /**
     * Starts the server on 127.0.0.1.
     *
     * @return the running fake; close it when done
     * @throws UncheckedIOException if the port cannot be bound
     */
    public FakeSentry build() {
      try {
        return new FakeSentry(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start FakeSentry on port " + port, e);
      }
    }

    private static int nonNegative(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("must not be negative: " + n);
      }
      return n;
    }
  }

  // ------------------------------------------------------------------ standalone

  /**
   * Runs a fake standalone until killed. Options: {@code --port N} (default ephemeral), {@code
   * --latency-ms N}, {@code --token T}, {@code --projects N}, {@code --teams N}, {@code
   * --releases N}, {@code --region-url URL}, {@code --quiet} (no request log), and for the OAuth provider {@code
   * --oauth-client ID[:SECRET]} (repeatable; no secret: a public client), {@code --oauth-user ID:NAME:EMAIL}, {@code
   * --oauth-token-lifetime-s N}, {@code --oauth-device-interval-ms N}, {@code --oauth-auto-approve}. Every option
   * also takes the form {@code --opt=value}. Prints the base URL on stderr.
   *
   * @param args the options
   * @throws InterruptedException if the main thread is interrupted while it waits
   */
  public static void main(String[] args) throws InterruptedException {
    Builder b = options(args);
    if (b == null) {
      return;
    }
    FakeSentry fake = b.build();
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-sentry-shutdown"));
    System.err.println("fake-sentry listening on " + fake.baseUrl());
    new CountDownLatch(1).await();
  }

  /** The builder {@link #main} uses for these arguments, or null after printing the usage for {@code --help}. */
  static @Nullable Builder options(String[] args) {
    Builder b = builder().logRequests(true);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--quiet")) {
        b.logRequests(false);
        continue;
      }
      if (a.equals("--help") || a.equals("-h")) {
        System.err.println(
            "usage: FakeSentry [--port N] [--latency-ms N] [--token T] [--projects N] [--teams N]"
                + " [--releases N] [--region-url URL] [--quiet] [--oauth-client ID[:SECRET]]..."
                + " [--oauth-user ID:NAME:EMAIL] [--oauth-token-lifetime-s N] [--oauth-device-interval-ms N]"
                + " [--oauth-auto-approve]  (--opt=value works too)");
        return null;
      }
      if (a.equals("--oauth-auto-approve")) {
        b.oauthAutoApprove(true);
        continue;
      }
      String v;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        v = a.substring(eq + 1);
        a = a.substring(0, eq);
      } else if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + a);
      } else {
        v = args[++i];
      }
      switch (a) {
        case "--oauth-client" -> {
          int colon = v.indexOf(':');
          b.oauthClient(colon < 0 ? v : v.substring(0, colon), colon < 0 ? null : v.substring(colon + 1));
        }
        case "--oauth-user" -> {
          String[] p = v.split(":", 3);
          if (p.length != 3) {
            throw new IllegalArgumentException("--oauth-user wants id:name:email");
          }
          b.oauthUser(p[0], p[1], p[2]);
        }
        case "--oauth-token-lifetime-s" -> b.oauthTokenLifetime(Duration.ofSeconds(Long.parseLong(v)));
        case "--oauth-device-interval-ms" -> b.oauthDeviceInterval(Duration.ofMillis(Long.parseLong(v)));
        case "--port" -> b.port(Integer.parseInt(v));
        case "--latency-ms" -> b.latency(Duration.ofMillis(Long.parseLong(v)));
        case "--token" -> b.requiredToken(v);
        case "--projects" -> b.projects(Integer.parseInt(v));
        case "--teams" -> b.teams(Integer.parseInt(v));
        case "--releases" -> b.releases(Integer.parseInt(v));
        case "--region-url" -> b.regionUrl(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    return b;
  }
}
