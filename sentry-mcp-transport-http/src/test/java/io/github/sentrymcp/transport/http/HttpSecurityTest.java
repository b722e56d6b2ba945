package io.github.sentrymcp.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP transport's protections, each against a real Jetty: DNS rebinding (Host, Origin), authentication, path
 * constraints and narrowing, body size, per-principal limits, protocol versions, stateful session binding and expiry.
 */
class HttpSecurityTest {
  private static final String TOKEN = "sntrys_http-security";
  private static final String ALICE = "alice-api-key-0123456789abcdef";
  private static final String BOB = "bob-api-key-0123456789abcdef00";
  private static final String CAROL = "carol-api-key-0123456789abcdef";
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static FakeSentry fake;
  private static SentryMcp engine;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
    engine = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .surface(Surface.DIRECT).build());
  }

  @AfterAll
  static void stop() {
    engine.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @org.junit.jupiter.api.AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    open.clear();
  }

  private static Session grant(String id, UnaryOperator<Session.Builder> b) {
    return b.apply(Session.builder(AccessToken.of(TOKEN)).id(id)).build();
  }

  private Jetty serve(UnaryOperator<SentryMcpHttpServlet.Builder> config) throws Exception {
    ApiKeyAuthenticator keys = ApiKeyAuthenticator.builder()
        .key("alice", ALICE, grant("alice", b -> b.organizationSlug("sentry-mcp-evals").skills("inspect,triage")))
        .key("bob", BOB, grant("bob", b -> b))
        .key("carol", CAROL, grant("carol", b -> b))
        .build();
    SentryMcpHttpServlet servlet = config.apply(SentryMcpHttpServlet.builder(engine, keys)).build();
    Jetty jetty = new Jetty(servlet);
    open.add(servlet);
    open.add(jetty);
    return jetty;
  }

  private HttpResponse<String> post(Jetty j, String path, String key, String body, String... headers)
      throws Exception {
    return j.post(http, path, key, body, headers);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    String body = r.body();
    if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      StringBuilder data = new StringBuilder();
      for (String line : body.split("\n")) {
        if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
      body = data.toString();
    }
    return JSON.readTree(body);
  }

  private static List<String> toolNames(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
    return names;
  }

  @Test
  void aForeignHostIsRefusedBeforeAnythingElse() throws Exception {
    Jetty j = serve(b -> b);
    String raw = "POST /mcp HTTP/1.1\r\nHost: attacker.example:" + j.port() + "\r\nAuthorization: Bearer " + BOB
        + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: "
        + INIT.length() + "\r\nConnection: close\r\n\r\n" + INIT;
    String answer;
    try (Socket s = new Socket("127.0.0.1", j.port())) {
      OutputStream out = s.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    assertTrue(answer.contains("Host header is not allowed"), answer);
    assertEquals(0, fake.journal().size());
  }

  @Test
  void aForeignOriginIsRefusedAndALoopbackOriginServed() throws Exception {
    Jetty j = serve(b -> b);
    HttpResponse<String> evil = post(j, "/mcp", BOB, INIT, "Origin", "https://attacker.example");
    assertEquals(403, evil.statusCode());
    assertTrue(evil.body().contains("Origin is not allowed"), evil.body());
    assertFalse(evil.headers().firstValue("Access-Control-Allow-Origin").isPresent(), "CORS is off by default");
    assertEquals(200, post(j, "/mcp", BOB, INIT, "Origin", "http://localhost:6274").statusCode());
    // a configured origin with CORS gets exactly its own origin back
    Jetty cors = serve(b -> b.allowedOrigins(List.of("https://app.example.com"))
        .corsOrigins(List.of("https://app.example.com")));
    HttpResponse<String> ok = post(cors, "/mcp", BOB, INIT, "Origin", "https://app.example.com");
    assertEquals(200, ok.statusCode());
    assertEquals("https://app.example.com", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertEquals(403, post(cors, "/mcp", BOB, INIT, "Origin", "http://localhost:1").statusCode());
  }

  @Test
  void aMissingOrWrongKeyGets401WithoutDetailAndNoRequest() throws Exception {
    Jetty j = serve(b -> b);
    for (String key : new String[] {null, "wrong-key-0123456789abcdef", ALICE.substring(0, ALICE.length() - 1)}) {
      HttpResponse<String> r = post(j, "/mcp", key, INIT);
      assertEquals(401, r.statusCode());
      assertEquals("Bearer realm=\"sentry-mcp\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
      assertEquals("Unauthorized.", json(r).path("error").path("message").asText());
    }
    assertEquals(0, fake.journal().size());
  }

  @Test
  void thePathPinsTheOrganizationAndMayOnlyNarrowTheGrant() throws Exception {
    Jetty j = serve(b -> b);
    // bob has no constraint: /mcp/{org}/{project} pins both, and tool schemas lose the pinned parameters
    JsonNode list = json(post(j, "/mcp/sentry-mcp-evals/cloudflare-mcp", BOB, LIST));
    JsonNode findTeams = null;
    for (JsonNode t : list.path("result").path("tools")) {
      if (t.path("name").asText().equals("find_teams")) {
        findTeams = t;
      }
    }
    assertNotNull(findTeams, "find_teams is listed");
    assertFalse(findTeams.path("inputSchema").path("properties").has("organizationSlug"), findTeams.toString());
    // alice is pinned to sentry-mcp-evals: another organization in the path is refused
    HttpResponse<String> other = post(j, "/mcp/another-org", ALICE, LIST);
    assertEquals(403, other.statusCode());
    assertEquals(200, post(j, "/mcp/sentry-mcp-evals", ALICE, LIST).statusCode());
    // not a constraint path
    for (String path : new String[] {"/mcp/a/b/c", "/mcp/%2e%2e", "/mcp/a%2Fb", "/mcp/-bad", "/mcp/a/%2e%2e"}) {
      int status = post(j, path, BOB, LIST).statusCode();
      assertTrue(status == 404 || status == 400, path + " -> " + status); // Jetty itself refuses ambiguous URIs
    }
    assertEquals(0, fake.journal().size());
  }

  @Test
  void skillsAndSurfaceMayOnlyNarrow() throws Exception {
    Jetty j = serve(b -> b);
    // alice holds inspect and triage: asking for seer too is refused, a subset narrows the list
    assertEquals(403, post(j, "/mcp?skills=inspect,seer", ALICE, LIST).statusCode());
    assertEquals(400, post(j, "/mcp?skills=nonsense", ALICE, LIST).statusCode());
    List<String> all = toolNames(json(post(j, "/mcp", BOB, LIST)));
    assertTrue(all.contains("find_teams") && !all.contains("update_issue"), "bob's default list: read-only tools");
    List<String> triageOnly = toolNames(json(post(j, "/mcp?skills=triage", BOB, LIST)));
    assertTrue(all.containsAll(triageOnly) && triageOnly.size() < all.size(),
        triageOnly.size() + " of " + all.size());
    List<String> noInspect = toolNames(json(post(j, "/mcp?disable-skills=inspect", BOB, LIST)));
    assertTrue(all.containsAll(noInspect) && noInspect.size() < all.size(), noInspect.size() + " of " + all.size());
    List<String> gateway = toolNames(json(post(j, "/mcp?surface=gateway", BOB, LIST)));
    assertTrue(gateway.contains("execute_sentry_tool") && gateway.size() < all.size(), "gateway: " + gateway);
    // a server whose widest surface is the gateway: ?surface=direct would widen it
    Jetty narrow = serve(b -> b.maxSurface(Surface.GATEWAY));
    assertEquals(403, post(narrow, "/mcp?surface=direct", BOB, LIST).statusCode());
    assertEquals(400, post(narrow, "/mcp?surface=everything", BOB, LIST).statusCode());
  }

  @Test
  void anOversizedBodyIs413() throws Exception {
    Jetty j = serve(b -> b.maxBodyBytes(4096));
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + "a".repeat(5000) + "\"}}";
    assertEquals(413, post(j, "/mcp", BOB, big).statusCode());
    assertEquals(200, post(j, "/mcp", BOB, INIT).statusCode());
  }

  @Test
  void aFloodFromOnePrincipalIs429WhileOthersAreServed() throws Exception {
    Jetty j = serve(b -> b.rateLimit(1, 5));
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = post(j, "/mcp", BOB, INIT);
      if (r.statusCode() == 429) {
        limited++;
        retryAfter = r.headers().firstValue("Retry-After").orElse(null);
      }
    }
    assertTrue(limited >= 14, "limited: " + limited);
    assertNotNull(retryAfter);
    assertTrue(Integer.parseInt(retryAfter) >= 1, retryAfter);
    assertEquals(200, post(j, "/mcp", CAROL, INIT).statusCode(), "another principal is still served");
  }

  @Test
  void concurrentRequestsOfOnePrincipalAreCapped() throws Exception {
    fake.stubFault(io.github.sentrymcp.testkit.FaultRule.on("GET", "/api/0/auth/")
        .respond(io.github.sentrymcp.testkit.Fault.delay(Duration.ofSeconds(2))));
    try {
      Jetty j = serve(b -> b.maxConcurrentPerPrincipal(1).rateLimit(0, 1));
      String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
          + "\"arguments\":{}}}";
      CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
        try {
          return post(j, "/mcp", BOB, call);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (fake.arrivals().isEmpty() && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      HttpResponse<String> second = post(j, "/mcp", BOB, LIST);
      assertEquals(429, second.statusCode());
      assertEquals("1", second.headers().firstValue("Retry-After").orElse(null));
      assertEquals(200, post(j, "/mcp", CAROL, LIST).statusCode());
      assertEquals(200, slow.get().statusCode());
    } finally {
      fake.clearFaults();
    }
  }

  @Test
  void protocolVersionsAndMethodsAreChecked() throws Exception {
    Jetty j = serve(b -> b);
    assertEquals(400, post(j, "/mcp", BOB, LIST, "MCP-Protocol-Version", "1999-01-01").statusCode());
    assertEquals(200, post(j, "/mcp", BOB, LIST, "MCP-Protocol-Version", "2025-06-18").statusCode());
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(j.url("/mcp")))
        .header("Authorization", "Bearer " + BOB).header("Accept", "text/event-stream").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode(), "stateless: no GET stream");
    // logging/setLevel: accepted (a stateless server sends no log messages), an unknown level refused
    JsonNode level = json(post(j, "/mcp", BOB,
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}"));
    assertTrue(level.path("result").isObject() && level.path("result").isEmpty(), level.toString());
    JsonNode loud = json(post(j, "/mcp", BOB,
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}"));
    assertEquals(-32602, loud.path("error").path("code").asInt());
    // the 2026-07-28 discovery gets a clear JSON-RPC error at once, so clients fall back to initialize
    JsonNode discover = json(post(j, "/mcp", BOB, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"server/discover\"}"));
    assertEquals(9, discover.path("id").asInt());
    assertEquals(-32601, discover.path("error").path("code").asInt());
    assertTrue(discover.path("error").path("message").asText().contains("initialize"));
  }

  @Test
  void malformedJsonRpcGetsAJsonRpcErrorAndTheServerKeepsServing() throws Exception {
    Jetty j = serve(b -> b);
    String[][] cases = {
      {"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"nope\"", "-32700"},
      {"not json", "-32700"},
      {"[]", "-32600"},
      {"42", "-32600"},
      {"{\"id\":1,\"method\":\"ping\"}", "-32600"},
      {"{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}", "-32600"},
      {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "-32600"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = post(j, "/mcp", BOB, c[0]);
      assertEquals(400, r.statusCode(), c[0]);
      JsonNode e = json(r);
      assertEquals("2.0", e.path("jsonrpc").asText(), c[0]);
      assertEquals(Integer.parseInt(c[1]), e.path("error").path("code").asInt(), c[0]);
      assertFalse(r.body().contains("Exception") || r.body().contains("at io."), r.body());
    }
    JsonNode unknown = json(post(j, "/mcp", BOB, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"no/such\"}"));
    assertEquals(-32601, unknown.path("error").path("code").asInt());
    assertEquals(200, post(j, "/mcp", BOB, INIT).statusCode());
  }

  @Test
  void aSessionIsBoundToItsPrincipalAndPathAndEnds() throws Exception {
    Jetty j = serve(b -> b.stateful(true));
    HttpResponse<String> init = post(j, "/mcp", BOB, INIT);
    assertEquals(200, init.statusCode());
    String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertTrue(sid.length() >= 32, sid);
    assertEquals(200, post(j, "/mcp", BOB, LIST, "Mcp-Session-Id", sid).statusCode());
    // replayed by another principal, or under another path: unknown
    assertEquals(404, post(j, "/mcp", CAROL, LIST, "Mcp-Session-Id", sid).statusCode());
    assertEquals(404, post(j, "/mcp/sentry-mcp-evals", BOB, LIST, "Mcp-Session-Id", sid).statusCode());
    // DELETE ends it
    HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(j.url("/mcp")))
        .header("Authorization", "Bearer " + BOB).header("Mcp-Session-Id", sid).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(delete.statusCode() < 300, delete.statusCode() + " " + delete.body());
    assertEquals(404, post(j, "/mcp", BOB, LIST, "Mcp-Session-Id", sid).statusCode());
  }

  /**
   * A session is known from the moment its id leaves the server: the answer to {@code initialize} is held back after
   * its headers and body went out, and the client's next request, sent with that id meanwhile, is served, not refused
   * as unknown (before, the session was bound only after the SDK returned, and a fast client lost the race).
   */
  @Test
  void aSessionIsUsableAsSoonAsItsIdIsSent() throws Exception {
    SentryMcpHttpServlet inner = SentryMcpHttpServlet.builder(engine, ApiKeyAuthenticator.builder()
        .key("bob", BOB, grant("bob", b -> b)).build()).stateful(true).build();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    jakarta.servlet.http.HttpServlet gated = new jakarta.servlet.http.HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      public void init(jakarta.servlet.ServletConfig config) throws jakarta.servlet.ServletException {
        super.init(config);
        inner.init(config);
      }

      @Override
      protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
          throws jakarta.servlet.ServletException, java.io.IOException {
        boolean initialize = req.getHeader("Mcp-Session-Id") == null && "POST".equals(req.getMethod());
        inner.service(req, !initialize ? resp : new jakarta.servlet.http.HttpServletResponseWrapper(resp) {
          @Override
          public java.io.PrintWriter getWriter() throws java.io.IOException {
            return new java.io.PrintWriter(super.getWriter()) {
              @Override
              public void flush() {
                super.flush();
                try {
                  release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            };
          }
        });
      }
    };
    Jetty j = new Jetty(gated);
    open.add(inner);
    open.add(j);
    HttpResponse<InputStream> init = http.send(HttpRequest.newBuilder(URI.create(j.url("/mcp")))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + BOB)
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(INIT)).build(), HttpResponse.BodyHandlers.ofInputStream());
    try {
      String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      HttpResponse<String> next = post(j, "/mcp", BOB, LIST, "Mcp-Session-Id", sid);
      assertEquals(200, next.statusCode(), next.body());
      assertEquals(2, json(next).path("id").asInt(), next.body());
    } finally {
      release.countDown();
      init.body().close();
    }
  }

  @Test
  void sessionsExpireWhenIdleAndAreBounded() throws Exception {
    Jetty j = serve(b -> b.stateful(true).sessionIdleTimeout(Duration.ofMillis(300)).maxSessions(2));
    String a = post(j, "/mcp", BOB, INIT).headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(j, "/mcp", BOB, INIT);
    HttpResponse<String> third = post(j, "/mcp", CAROL, INIT);
    assertEquals(503, third.statusCode());
    assertTrue(third.headers().firstValue("Retry-After").isPresent());
    Thread.sleep(500);
    assertEquals(404, post(j, "/mcp", BOB, LIST, "Mcp-Session-Id", a).statusCode(), "expired");
    assertEquals(200, post(j, "/mcp", CAROL, INIT).statusCode(), "room again after expiry");
  }
}
