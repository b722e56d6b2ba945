package io.github.sentrymcp.examples;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.modelcontextprotocol.server.McpAsyncServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CustomTransportExample}'s pipe transport: a real SDK server session, driven with raw JSON-RPC. */
class CustomTransportExampleTest {
  private static final String TOKEN = "pipe-test-token";

  private FakeSentry fake;
  private SentryMcp engine;
  private McpAsyncServer server;
  private CustomTransportExample.PipeClient client;
  private final BlockingQueue<String> toServer = new LinkedBlockingQueue<>();
  private final Session session = Session.builder(AccessToken.of(TOKEN)).id("pipe-test").build();

  @BeforeEach
  void start() {
    fake = FakeSentry.builder().user(TOKEN, "7", "Grace Hopper", "grace@example.com").build();
    engine = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build());
    BlockingQueue<String> toClient = new LinkedBlockingQueue<>();
    server = CustomTransportExample.startServer(engine, session,
        new CustomTransportExample.PipeTransport(toServer, toClient));
    client = new CustomTransportExample.PipeClient(toServer, toClient);
  }

  @AfterEach
  void stop() {
    server.closeGracefully().block(Duration.ofSeconds(5));
    engine.close();
    fake.close();
  }

  @Test
  void mainChecksItsOwnResults() {
    assertDoesNotThrow(() -> CustomTransportExample.main(new String[0]));
  }

  @Test
  void initializeListAndCallOverThePipe() throws Exception {
    JsonNode init = client.initialize();
    assertEquals("custom-transport-example", init.path("serverInfo").path("name").asText());
    assertTrue(init.path("capabilities").has("tools"), init::toString);
    assertEquals(engine.instructions(), init.path("instructions").asText());

    Set<String> expected = new TreeSet<>();
    for (ToolDescriptor d : engine.listedTools(session)) {
      expected.add(d.name());
    }
    assertEquals(expected, client.listTools());

    JsonNode whoami = client.callTool("whoami", Map.of());
    String text = whoami.path("content").path(0).path("text").asText();
    assertFalse(whoami.path("isError").asBoolean(), text);
    assertTrue(text.contains("Grace Hopper") && text.contains("grace@example.com"), text);
    assertEquals(1, fake.requests("GET", "/api/0/auth/").size());
  }

  @Test
  void callsTheEngineRefusesAreErrorResultsAndSendNothingToSentry() throws Exception {
    client.initialize();

    JsonNode write = client.callTool("update_issue",
        Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41", "status", "resolved"));
    JsonNode invalid = client.callTool("find_projects", Map.of("organizationSlug", "../../x"));

    assertTrue(write.path("isError").asBoolean(), write::toString);
    assertTrue(invalid.path("isError").asBoolean(), invalid::toString);
    assertTrue(fake.arrivals().isEmpty(), () -> "nothing reached Sentry: " + fake.arrivals());
  }

  @Test
  void aLineThatIsNotJsonRpcIsDroppedAndTheSessionGoesOn() throws Exception {
    client.initialize();
    toServer.add("this is not JSON");

    JsonNode projects = client.callTool("find_projects", Map.of("organizationSlug", "sentry-mcp-evals"));

    assertTrue(projects.path("content").path(0).path("text").asText().contains("cloudflare-mcp"),
        projects::toString);
  }
}
