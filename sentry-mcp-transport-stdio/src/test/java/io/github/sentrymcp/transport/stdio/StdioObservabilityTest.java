package io.github.sentrymcp.transport.stdio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Notice;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the stdio transport tells the engine's listeners and the client: each call's origin (JSON-RPC id, negotiated
 * protocol version, {@code pipe}, the trace context of {@code _meta}), MCP logging ({@code logging/setLevel} honoured
 * and validated, the library's notices as {@code notifications/message} at the chosen level) and the session's end.
 */
class StdioObservabilityTest {
  private static final String TOKEN = "stdio-observability-token";
  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private FakeSentry fake;
  private SentryMcp engine;
  private final Recorder recorder = new Recorder();
  private PipedStdio stdio;

  /** Keeps what the engine reports. */
  static final class Recorder implements ToolCallListener {
    final List<Call> started = new CopyOnWriteArrayList<>();
    final List<Notice> notices = new CopyOnWriteArrayList<>();
    final List<SessionEnded> sessions = new CopyOnWriteArrayList<>();

    @Override
    public void callStarted(Call call) {
      started.add(call);
    }

    @Override
    public void notice(Call call, Notice notice) {
      notices.add(notice);
    }

    @Override
    public void sessionEnded(SessionEnded session) {
      sessions.add(session);
    }
  }

  @BeforeEach
  void start() throws Exception {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
    engine = SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).maxRetries(2)
        .build()).listener(recorder).build();
    stdio = new PipedStdio(SentryMcpStdioServer.builder(engine, Session.of(AccessToken.of(TOKEN))), b -> {});
  }

  @AfterEach
  void stop() {
    stdio.close();
    engine.close();
    fake.close();
  }

  @Test
  void eachCallCarriesItsOriginAndTheTraceContextOfMeta() throws Exception {
    JsonNode init = stdio.initialize();
    assertTrue(init.path("result").path("capabilities").has("logging"), init.toString());
    JsonNode r = stdio.request(7, "tools/call", "{\"name\":\"whoami\",\"arguments\":{},\"_meta\":{\"traceparent\":\""
        + TRACEPARENT + "\",\"tracestate\":\"vendor=1\",\"baggage\":\"k=v\",\"other\":\"x\"}}");
    assertFalse(r.path("result").path("isError").asBoolean(), r.toString());
    assertEquals(1, recorder.started.size());
    ToolCallListener.Call call = recorder.started.get(0);
    assertEquals("whoami", call.toolName());
    assertEquals("stdio", call.transport());
    RequestOrigin origin = call.origin();
    assertNotNull(origin);
    assertEquals("tools/call", origin.method());
    assertEquals("7", origin.requestId());
    assertEquals("2025-06-18", origin.protocolVersion());
    assertEquals("pipe", origin.networkTransport());
    assertNull(origin.mcpSessionId(), "stdio has no MCP session id on the wire");
    assertNull(origin.clientAddress());
    assertEquals(java.util.Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=1", "baggage", "k=v"),
        origin.traceContext());
  }

  @Test
  void setLevelIsValidatedAndNoticesArriveAtTheChosenLevel() throws Exception {
    stdio.initialize();
    JsonNode bad = stdio.request(2, "logging/setLevel", "{\"level\":\"verbose\"}");
    assertEquals(-32602, bad.path("error").path("code").asInt(), bad.toString());
    JsonNode missing = stdio.request(3, "logging/setLevel", "{}");
    assertEquals(-32602, missing.path("error").path("code").asInt(), missing.toString());
    assertTrue(stdio.request(4, "logging/setLevel", "{\"level\":\"info\"}").has("result"));

    // one 503, then the answer: the retry is an info notice
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1).respond(Fault.status(503)));
    JsonNode r = stdio.callTool(5, "whoami", "{}");
    assertFalse(r.path("result").path("isError").asBoolean(), r.toString());
    JsonNode message = awaitLogMessage("Sentry request failed (HTTP 503): GET /auth/; retry 1 of 2");
    assertEquals("info", message.path("params").path("level").asText());
    assertEquals("sentry_mcp.api", message.path("params").path("logger").asText());
    assertEquals(1, recorder.notices.size(), "the listener heard it too");

    // at warning, a retry (info) is not sent, a rate limit (warning) is
    assertTrue(stdio.request(6, "logging/setLevel", "{\"level\":\"warning\"}").has("result"));
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1).respond(Fault.status(503)));
    stdio.callTool(7, "whoami", "{}");
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1).respond(Fault.status(429).retryAfterSeconds(0)));
    stdio.callTool(8, "whoami", "{}");
    JsonNode limited = awaitLogMessage("Sentry rate-limited GET /auth/; retry 1 of 2");
    assertEquals("warning", limited.path("params").path("level").asText());
    long infos = stdio.allLines.stream().filter(l -> l.contains("notifications/message"))
        .filter(l -> l.contains("\"level\":\"info\"")).count();
    assertEquals(1, infos, "only the retry before setLevel(warning): " + stdio.allLines);
  }

  @Test
  void theEndOfTheSessionIsReported() throws Exception {
    stdio.initialize();
    stdio.callTool(1, "whoami", "{}");
    stdio.closeInput();
    assertTrue(stdio.server.awaitInputClosed(Duration.ofSeconds(10)));
    assertEquals(1, recorder.sessions.size(), recorder.sessions.toString());
    ToolCallListener.SessionEnded ended = recorder.sessions.get(0);
    assertEquals("pipe", ended.networkTransport());
    assertEquals("2025-06-18", ended.protocolVersion());
    assertNull(ended.errorType());
    assertFalse(ended.duration().isNegative());
  }

  private JsonNode awaitLogMessage(String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : stdio.allLines) {
        if (line.contains("notifications/message") && line.contains(text)) {
          return PipedStdio.JSON.readTree(line);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no log message with \"" + text + "\" in " + stdio.allLines);
  }
}
