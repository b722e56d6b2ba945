package io.github.sentrymcp.modelcontextprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host that runs its own MCP server: a plain MCP Java SDK server (streamable HTTP on the SDK's servlet transport,
 * in Jetty), built here with no code from this project's transports, serving the binding's specifications with a
 * session resolver that maps a request header to a session. Two SDK clients with different keys see different tool
 * lists and get their own data; each Sentry request carries its own session's token, never the client's key. A second
 * endpoint serves the same engine with structured content on, for a client that validates it against the advertised
 * output schemas.
 */
class HostedSdkServerTest {
  private static final String ALICE_TOKEN = "sntrys_alice-sentry-token";
  private static final String BOB_TOKEN = "sntrys_bob-sentry-token";

  private static FakeSentry fake;
  private static SentryMcp engine;
  private static Server jetty;
  private static String baseUrl;
  private static final List<ToolCallListener.Call> CALLS = new CopyOnWriteArrayList<>();

  /** What the host knows: its own API keys, each mapped to a user's session (credential and grant). */
  private static final Map<String, Session> SESSIONS = Map.of(
      "key-alice", Session.builder(AccessToken.of(ALICE_TOKEN)).id("alice").build(),
      "key-bob", Session.builder(AccessToken.of(BOB_TOKEN)).id("bob")
          .skills("inspect,triage").addScopes("event:write").build(),
      "key-carol", Session.builder(AccessToken.of(ALICE_TOKEN)).id("carol")
          .skills("seer").addScopes("event:write").build());

  @BeforeAll
  static void start() throws Exception {
    fake = FakeSentry.builder()
        .user(ALICE_TOKEN, "1", "Alice", "alice@example.com")
        .user(BOB_TOKEN, "2", "Bob", "bob@example.com")
        .build();
    engine = SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .surface(Surface.DIRECT).build())
        .listener(new ToolCallListener() {
          @Override
          public void callEnded(Call call, Outcome outcome) {
            CALLS.add(call);
          }
        })
        .build();
    SessionResolver byKey = context -> {
      Session s = SESSIONS.get(String.valueOf(context.get("x-api-key")));
      if (s == null) {
        throw new SentryMcpException(ErrorKind.AUTHENTICATION, "Unknown API key.");
      }
      return s;
    };
    SentryMcpToolSpecs specs = SentryMcpToolSpecs.builder(engine, byKey).transportName("http").build();
    SentryMcpToolSpecs structuredSpecs =
        SentryMcpToolSpecs.builder(engine, byKey).transportName("http").structuredContent(true).build();
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(McpObjectMappers.create());
    HttpServletStreamableServerTransportProvider transport = transport(json, "/mcp");
    HttpServletStreamableServerTransportProvider structuredTransport = transport(json, "/mcp-structured");
    McpAsyncServer server = McpServer.async(transport)
        .serverInfo("a-host-of-its-own", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(json)
        .tools(specs.async())
        .addToolFilter(specs.asyncListFilter())
        .validateToolInputs(false)
        .build();
    McpServer.async(structuredTransport)
        .serverInfo("a-host-of-its-own", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(json)
        .tools(structuredSpecs.async())
        .addToolFilter(structuredSpecs.asyncListFilter())
        .validateToolInputs(false)
        .build();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("mcp", transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/mcp");
    ServletHolder structuredHolder = new ServletHolder("mcp-structured", structuredTransport);
    structuredHolder.setAsyncSupported(true);
    context.addServlet(structuredHolder, "/mcp-structured");
    jetty.setHandler(context);
    jetty.start();
    baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
    assertTrue(server.getServerInfo().name().startsWith("a-host"));
  }

  private static HttpServletStreamableServerTransportProvider transport(JacksonMcpJsonMapper json, String endpoint) {
    return HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(json)
        .mcpEndpoint(endpoint)
        .contextExtractor(request -> {
          String key = request.getHeader("X-Api-Key");
          return key == null ? McpTransportContext.EMPTY : McpTransportContext.create(Map.of("x-api-key", key));
        })
        .build();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
    engine.close();
    fake.close();
  }

  private static McpSyncClient client(String apiKey) {
    return client(apiKey, "/mcp");
  }

  /** A client that, like hosts do, checks structuredContent against the tool's advertised outputSchema. */
  private static McpSyncClient client(String apiKey, String endpoint) {
    HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder(baseUrl)
        .endpoint(endpoint)
        .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
        .httpRequestCustomizer((builder, method, uri, body, ctx) -> builder.header("X-Api-Key", apiKey))
        .build();
    McpSyncClient c = McpClient.sync(t).requestTimeout(Duration.ofSeconds(20))
        .enableCallToolSchemaCaching(true)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator(new ObjectMapper()))
        .build();
    c.initialize();
    return c;
  }

  private static Set<String> tools(McpSyncClient c) {
    return c.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  private static Set<String> tokensSentToSentry() {
    return fake.journal().stream()
        .map(r -> r.header("Authorization"))
        .map(h -> h == null ? "(none)" : h.replace("Bearer ", ""))
        .collect(Collectors.toSet());
  }

  @Test
  void twoClientsWithDifferentGrantsSeeTheirOwnToolsAndData() {
    try (McpSyncClient alice = client("key-alice"); McpSyncClient bob = client("key-bob")) {
      Set<String> aliceTools = tools(alice);
      Set<String> bobTools = tools(bob);
      // alice: read-only, every active skill; bob: inspect and triage with event:write
      assertTrue(aliceTools.contains("find_teams") && aliceTools.contains("get_issue_details"), aliceTools.toString());
      assertFalse(aliceTools.contains("update_issue"), aliceTools.toString());
      assertTrue(bobTools.contains("update_issue") && bobTools.contains("add_issue_note"), bobTools.toString());
      assertFalse(bobTools.contains("find_dsns"), "find_dsns belongs to a skill bob lacks: " + bobTools);
      assertTrue(aliceTools.contains("find_dsns"), aliceTools.toString());
      assertEquals(engine.listedTools(SESSIONS.get("key-alice")).size(), aliceTools.size());
      assertEquals(engine.listedTools(SESSIONS.get("key-bob")).size(), bobTools.size());

      fake.clearJournal();
      String aliceWhoami = text(alice.callTool(McpSchema.CallToolRequest.builder("whoami").arguments(Map.of())
          .build()));
      assertTrue(aliceWhoami.contains("alice@example.com") && !aliceWhoami.contains("bob@"), aliceWhoami);
      assertEquals(Set.of(ALICE_TOKEN), tokensSentToSentry());
      // by default the binding advertises no output schema and sends text only
      assertTrue(alice.listTools().tools().stream().allMatch(t -> t.outputSchema() == null));
      assertNull(alice.callTool(McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build())
          .structuredContent());

      fake.clearJournal();
      String bobWhoami = text(bob.callTool(McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build()));
      assertTrue(bobWhoami.contains("bob@example.com") && !bobWhoami.contains("alice@"), bobWhoami);
      assertEquals(Set.of(BOB_TOKEN), tokensSentToSentry());

      // alice may not write: the engine refuses before any request, naming the missing scope
      fake.clearJournal();
      McpSchema.CallToolResult denied = alice.callTool(McpSchema.CallToolRequest.builder("update_issue")
          .arguments(Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41",
              "status", "resolved"))
          .build());
      assertTrue(Boolean.TRUE.equals(denied.isError()), text(denied));
      assertTrue(text(denied).contains("event:write"), text(denied));
      assertEquals(List.<RecordedRequest>of(), fake.journal());

      // the listener saw the calls with the session ids and the transport, never a token
      assertTrue(CALLS.stream().anyMatch(c -> c.sessionId().equals("alice") && c.transport().equals("http")));
      assertTrue(CALLS.stream().anyMatch(c -> c.sessionId().equals("bob") && c.toolName().equals("whoami")));
      assertFalse(CALLS.toString().contains("sntrys_"), CALLS.toString());
    }
  }

  @Test
  void withStructuredContentTheClientGetsContentThatMatchesTheAdvertisedSchema() {
    try (McpSyncClient alice = client("key-alice", "/mcp-structured")) {
      McpSchema.Tool whoamiTool = alice.listTools().tools().stream().filter(t -> t.name().equals("whoami"))
          .findFirst().orElseThrow();
      assertNotNull(whoamiTool.outputSchema());
      fake.clearJournal();
      // the client validates the structured content against the cached output schema (a mismatch is an error)
      McpSchema.CallToolResult r = alice.callTool(McpSchema.CallToolRequest.builder("whoami").arguments(Map.of())
          .build());
      assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
      assertTrue(text(r).contains("alice@example.com"), text(r));
      Object user = ((Map<?, ?>) r.structuredContent()).get("user");
      assertEquals("alice@example.com", ((Map<?, ?>) user).get("email"), String.valueOf(r.structuredContent()));
      assertEquals(Set.of(ALICE_TOKEN), tokensSentToSentry());
      // the session's grant still decides the list on this endpoint
      assertFalse(tools(alice).contains("update_issue"));
    }
  }

  /**
   * A client that asks for progress (a {@code progressToken} in the call's {@code _meta}) gets {@code
   * notifications/progress} from analyze_issue_with_seer while it polls Seer: its token, growing progress values and
   * server-written messages only; a call without a token gets none.
   */
  @Test
  void progressNotificationsReachAClientThatAskedForThem() {
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder(baseUrl)
        .endpoint("/mcp")
        .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
        .httpRequestCustomizer((builder, method, uri, body, ctx) -> builder.header("X-Api-Key", "key-carol"))
        .build();
    try (McpSyncClient carol = McpClient.sync(t).requestTimeout(Duration.ofSeconds(30))
        .progressConsumer(progress::add).build()) {
      carol.initialize();
      fake.reset();
      // one poll while Seer is processing, then the finished run
      fake.stubFault(io.github.sentrymcp.testkit.FaultRule.on("GET", "/api/0/organizations/*/issues/*/autofix/")
          .times(1).respond(io.github.sentrymcp.testkit.Fault.body(200, "application/json",
              FakeSentry.fixture("autofix-state-explorer"))));
      McpSchema.CallToolResult r = carol.callTool(McpSchema.CallToolRequest.builder("analyze_issue_with_seer")
          .arguments(Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "PEATED-A8"))
          .progressToken("seer-1").build());
      assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
      assertTrue(text(r).contains("Status: Completed"), text(r));
      // the server sends them one at a time, in order; the SDK client may hand them to the consumer on different
      // threads, so they are put back in the order of their progress values, which the server makes grow
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (progress.size() < 5 && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      List<McpSchema.ProgressNotification> sent = progress.stream()
          .sorted(java.util.Comparator.comparingDouble(McpSchema.ProgressNotification::progress)).toList();
      assertEquals(List.of("Looking up the issue", "Checking for an existing Seer analysis",
          "Seer status: Processing", "Seer status: Completed", "Seer analysis finished"),
          sent.stream().map(McpSchema.ProgressNotification::message).toList());
      for (int i = 0; i < sent.size(); i++) {
        assertEquals("seer-1", sent.get(i).progressToken());
        assertNull(sent.get(i).total());
        if (i > 0) {
          assertTrue(sent.get(i).progress() > sent.get(i - 1).progress(), "no two share a progress value");
        }
      }
      progress.clear();
      carol.callTool(McpSchema.CallToolRequest.builder("analyze_issue_with_seer")
          .arguments(Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "PEATED-A8")).build());
      assertEquals(List.of(), progress, "no token, no notifications");
    }
  }

  @Test
  void aClientWithoutASessionSeesNoToolAndCallsNothing() {
    try (McpSyncClient stranger = client("key-nobody")) {
      assertEquals(Set.of(), tools(stranger));
      fake.clearJournal();
      McpSchema.CallToolResult r = stranger.callTool(McpSchema.CallToolRequest.builder("whoami")
          .arguments(Map.of()).build());
      assertTrue(Boolean.TRUE.equals(r.isError()), text(r));
      assertTrue(text(r).contains("Unknown API key"), text(r));
      assertEquals(List.<RecordedRequest>of(), fake.journal());
    }
  }
}
