package io.github.sentrymcp.examples.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.testkit.FakeSentry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example application as its users run it: the repackaged Spring Boot jar in its own JVM, configured with users
 * through environment variables, against FakeSentry, driven by the MCP Java SDK client over streamable HTTP.
 */
class SpringAiServerIT {
  private static final String ALICE_TOKEN = "sntrys_" + "aliceExampleIT0123456789abcdefABCDEF";
  private static final String BOB_TOKEN = "sntrys_" + "bobExampleIT0123456789abcdefABCDEFab";
  private static final String ALICE_KEY = "alice-api-key-0123456789";
  private static final String BOB_KEY = "bob-api-key-0123456789";

  private static FakeSentry fake;
  private static Process app;
  private static Path log;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeSentry.builder()
        .user(ALICE_TOKEN, "1", "Alice Example", "alice@example.com")
        .user(BOB_TOKEN, "2", "Bob Example", "bob@example.com")
        .build();
    log = Files.createTempFile("spring-ai-example", ".log");
    port = freePort();
    app = launch(port, log, Map.of(
        "EXAMPLE_USERS_ALICE_APIKEY", ALICE_KEY,
        "EXAMPLE_USERS_ALICE_SENTRYTOKEN", ALICE_TOKEN,
        "EXAMPLE_USERS_BOB_APIKEY", BOB_KEY,
        "EXAMPLE_USERS_BOB_SENTRYTOKEN", BOB_TOKEN,
        "EXAMPLE_USERS_BOB_SCOPES", "event:write"),
        "--sentry.mcp.host=" + fake.hostAndPort(), "--sentry.mcp.insecure-http=true");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs the application's jar as its users do, and waits until it listens on {@code port}. */
  private static Process launch(int port, Path log, Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("example.jar"), "--server.port=" + port));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process process = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("the application did not start:\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    return process;
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.destroy();
      if (!app.waitFor(30, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }
    if (fake != null) {
      fake.close();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static McpSyncClient client(@Nullable String apiKey) {
    return client(port, apiKey);
  }

  private static McpSyncClient client(int port, @Nullable String apiKey) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
        .endpoint("/mcp")
        .httpRequestCustomizer((b, method, uri, body, ctx) -> {
          if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
          }
        })
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
    return client;
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  @Test
  void eachUserGetsTheirOwnSentryThroughSpringAisServer() throws Exception {
    try (McpSyncClient alice = client(ALICE_KEY); McpSyncClient bob = client(BOB_KEY)) {
      assertEquals("sentry-spring-ai-example", alice.getServerInfo().name());
      Set<String> tools = alice.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
      assertTrue(tools.containsAll(List.of("find_organizations", "search_issues", "search_sentry_tools",
          "execute_sentry_tool")), tools.toString());

      McpSchema.CallToolResult aliceWho = call(alice, "whoami", Map.of());
      assertFalse(Boolean.TRUE.equals(aliceWho.isError()), text(aliceWho));
      assertTrue(text(aliceWho).contains("Alice Example"), text(aliceWho));
      McpSchema.CallToolResult bobWho = call(bob, "whoami", Map.of());
      assertTrue(text(bobWho).contains("Bob Example"), text(bobWho));

      McpSchema.CallToolResult issues = call(alice, "search_issues",
          Map.of("organizationSlug", "sentry-mcp-evals", "query", "is:unresolved"));
      assertFalse(Boolean.TRUE.equals(issues.isError()), text(issues));
      assertTrue(text(issues).contains("CLOUDFLARE-MCP-41"), text(issues));

      // bob's grant has event:write, alice's does not: the engine refuses her write before asking Sentry
      McpSchema.CallToolResult aliceWrite = call(alice, "update_issue", Map.of("organizationSlug",
          "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41", "status", "resolved"));
      assertTrue(aliceWrite.isError(), text(aliceWrite));
      assertTrue(text(aliceWrite).contains("event:write"), text(aliceWrite));
      McpSchema.CallToolResult bobWrite = call(bob, "update_issue", Map.of("organizationSlug",
          "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41", "status", "resolved"));
      assertFalse(Boolean.TRUE.equals(bobWrite.isError()), text(bobWrite));
    }
  }

  @Test
  void aClientWithoutAKnownApiKeySeesNoSentryToolAndIsRefused() throws Exception {
    for (String key : new String[] {null, "not-a-key", ALICE_TOKEN}) {
      try (McpSyncClient stranger = client(key)) {
        assertTrue(stranger.listTools().tools().isEmpty(), String.valueOf(key));
        McpSchema.CallToolResult refused = call(stranger, "whoami", Map.of());
        assertTrue(refused.isError(), text(refused));
        assertTrue(text(refused).contains("Unknown or missing API key"), text(refused));
      }
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    for (String secret : List.of(ALICE_TOKEN, BOB_TOKEN, ALICE_KEY, BOB_KEY)) {
      assertFalse(output.contains(secret), "the application's output never shows a key or token");
    }
  }

  @Test
  void theSandboxRunsWithoutASentryAccount() throws Exception {
    int sandboxPort = freePort();
    Path sandboxLog = Files.createTempFile("spring-ai-example-sandbox", ".log");
    Process sandbox = launch(sandboxPort, sandboxLog, Map.of(), "--sandbox");
    try (McpSyncClient demo = client(sandboxPort, "demo-key")) {
      McpSchema.CallToolResult who = call(demo, "whoami", Map.of());
      assertTrue(text(who).contains("Demo User"), text(who));
      McpSchema.CallToolResult orgs = call(demo, "find_organizations", Map.of());
      assertTrue(text(orgs).contains("sentry-mcp-evals"), text(orgs));
    } finally {
      sandbox.destroy();
      if (!sandbox.waitFor(30, TimeUnit.SECONDS)) {
        sandbox.destroyForcibly();
      }
    }
    assertTrue(Files.readString(sandboxLog).contains("Bearer demo-key"), "the sandbox tells its API key");
  }
}
