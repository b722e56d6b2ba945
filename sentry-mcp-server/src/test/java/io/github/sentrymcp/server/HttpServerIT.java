package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.FaultRule;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sentry-mcp-server --transport=http} as a process: the sandbox over HTTP, API keys against a fake Sentry,
 * the refusal to listen beyond loopback without authentication, and a graceful stop on SIGTERM.
 */
class HttpServerIT {
  private static final Pattern LISTENING = Pattern.compile("MCP Streamable HTTP at (http://\\S+)/mcp");

  /** The server process and the URL it printed. */
  private record Running(Process process, String baseUrl, List<String> stderr) implements AutoCloseable {
    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static Running start(Map<String, String> env, String... args) throws Exception {
    HttpServerProcess p = HttpServerProcess.start(env, LISTENING, args);
    return new Running(p.process(), p.ready().group(1), p.stderr());
  }

  private static McpSyncClient client(String baseUrl, String endpoint, String bearer) {
    HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder(baseUrl)
        .endpoint(endpoint)
        .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
        .httpRequestCustomizer((b, method, uri, body, ctx) -> {
          if (bearer != null) {
            b.header("Authorization", bearer);
          }
        })
        .build();
    McpSyncClient c = McpClient.sync(t).requestTimeout(Duration.ofSeconds(30))
        .enableCallToolSchemaCaching(true)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator(new ObjectMapper()))
        .build();
    c.initialize();
    return c;
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @Test
  void theSandboxServesOverHttpWithTheJavaSdkClient() throws Exception {
    try (Running s = start(Map.of(), "--sandbox", "--transport=http", "--port=0", "--no-warmup")) {
      assertTrue(String.join("\n", s.stderr()).contains("loopback only"), s.stderr().toString());
      // request headers beyond 16 KiB are refused by the container before the servlet
      HttpResponse<String> huge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/mcp"))
          .header("X-Padding", "a".repeat(20_000)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(ServerProcess.INIT)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(431, huge.statusCode());
      try (McpSyncClient c = client(s.baseUrl(), "/mcp/sentry-mcp-evals", null)) {
        List<String> names = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertTrue(names.contains("find_projects"), names.toString());
        McpSchema.CallToolResult r = c.callTool(McpSchema.CallToolRequest.builder("find_projects")
            .arguments(Map.of()).build());
        assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
        assertTrue(text(r).contains("cloudflare-mcp"), text(r));
      }
    }
  }

  @Test
  void apiKeysMapToServerHeldTokensAndOthersGet401(@TempDir Path dir) throws Exception {
    String key = "it-api-key-0123456789abcdef";
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(key.getBytes(StandardCharsets.UTF_8)));
    Path keys = dir.resolve("keys");
    Files.writeString(keys, "ci sha256:" + hash + " env:CI_SENTRY_TOKEN skills=inspect\n");
    try (FakeSentry fake = FakeSentry.builder().requiredToken("sntrys_ci").build();
        Running s = start(Map.of("CI_SENTRY_TOKEN", "sntrys_ci"), "--transport=http", "--port=0",
            "--api-keys-file=" + keys, "--host=" + fake.hostAndPort(), "--insecure-http", "--no-warmup",
            "--stateful")) {
      try (McpSyncClient c = client(s.baseUrl(), "/mcp", "Bearer " + key)) {
        McpSchema.CallToolResult r = c.callTool(McpSchema.CallToolRequest.builder("whoami")
            .arguments(Map.of()).build());
        assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
      }
      assertEquals("Bearer sntrys_ci", fake.lastRequest().header("Authorization"), "the server-held token");
      HttpResponse<String> wrong = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(s.baseUrl() + "/mcp"))
          .header("Authorization", "Bearer " + key + "x").header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString(ServerProcess.INIT)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, wrong.statusCode());
      assertFalse(String.join("\n", s.stderr()).contains(key), "the key is never logged");
      assertFalse(String.join("\n", s.stderr()).contains("sntrys_ci"), "the token is never logged");
    }
  }

  @Test
  void withoutAuthenticationOnlyLoopback() throws Exception {
    Process p = new ProcessBuilder(StdioServerClients.JAVA, "-jar", StdioServerClients.JAR.toString(),
        "--sandbox", "--transport=http", "--bind=0.0.0.0", "--port=0").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.contains("needs authentication"), out);
  }

  @Test
  void sigtermFinishesTheCallInFlightAndRefusesNewOnes() throws Exception {
    try (FakeSentry fake = FakeSentry.builder().requiredToken("sntrys_stop").build()) {
      fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.delay(Duration.ofSeconds(2))));
      try (Running s = start(Map.of("SENTRY_ACCESS_TOKEN", "sntrys_stop"), "--transport=http", "--port=0",
          "--host=" + fake.hostAndPort(), "--insecure-http", "--no-warmup")) {
        McpSyncClient c = client(s.baseUrl(), "/mcp", null);
        CompletableFuture<McpSchema.CallToolResult> slow = CompletableFuture.supplyAsync(() -> c.callTool(
            McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build()));
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fake.arrivals().isEmpty() && System.nanoTime() < until) {
          Thread.sleep(10);
        }
        assertEquals(1, fake.arrivals().size(), "the call reached Sentry");
        s.process().destroy(); // SIGTERM
        McpSchema.CallToolResult r = slow.get(15, TimeUnit.SECONDS);
        assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
        assertTrue(s.process().waitFor(20, TimeUnit.SECONDS), "the server exits");
        assertEquals(0, s.process().exitValue(), s.stderr().toString());
      }
    }
  }
}
