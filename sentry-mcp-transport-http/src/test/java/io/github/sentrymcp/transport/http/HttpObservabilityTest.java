package io.github.sentrymcp.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Streamable HTTP transport tells the engine's listeners and the client, in Jetty: each call's origin
 * (JSON-RPC id, protocol version, MCP session id, {@code tcp}, HTTP version, client address, {@code _meta} trace
 * context), MCP log messages in the call's stream, and the end of each session (deleted or expired).
 */
class HttpObservabilityTest {
  private static final String TOKEN = "sntrys_http-observability";
  private static final String KEY = "observability-api-key-0123456789";
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private FakeSentry fake;
  private SentryMcp engine;
  private final Recorder recorder = new Recorder();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private SentryMcpHttpServlet servlet;
  private Jetty jetty;

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
  void start() {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
    engine = SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).maxRetries(2)
        .build()).listener(recorder).build();
  }

  @AfterEach
  void stop() {
    if (servlet != null) {
      servlet.close();
    }
    if (jetty != null) {
      jetty.close();
    }
    engine.close();
    fake.close();
  }

  private void serve(boolean stateful, Duration idle) throws Exception {
    servlet = SentryMcpHttpServlet.builder(engine, ApiKeyAuthenticator.builder()
            .key("obs", KEY, Session.builder(AccessToken.of(TOKEN)).id("obs").build()).build())
        .stateful(stateful).sessionIdleTimeout(idle).build();
    jetty = new Jetty(servlet);
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    return jetty.post(http, "/mcp", KEY, body, headers);
  }

  private String initialize() throws Exception {
    HttpResponse<String> init = post(INIT);
    assertEquals(200, init.statusCode(), init.body());
    assertTrue(init.body().contains("\"logging\""), "logging is advertised: " + init.body());
    String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Mcp-Session-Id", sid,
        "MCP-Protocol-Version", "2025-11-25");
    return sid;
  }

  private static String call(int id, String tool, String meta) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{}" + (meta == null ? "" : ",\"_meta\":" + meta) + "}}";
  }

  @Test
  void aStatefulCallCarriesItsOrigin() throws Exception {
    serve(true, Duration.ofMinutes(5));
    String sid = initialize();
    HttpResponse<String> r = post(call(9, "whoami", "{\"traceparent\":\"" + TRACEPARENT + "\"}"),
        "Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, recorder.started.size());
    RequestOrigin o = recorder.started.get(0).origin();
    assertNotNull(o);
    assertEquals("tools/call", o.method());
    assertEquals("9", o.requestId());
    assertEquals("2025-11-25", o.protocolVersion());
    assertEquals(sid, o.mcpSessionId());
    assertEquals("tcp", o.networkTransport());
    assertEquals("http", o.networkProtocolName());
    assertEquals("1.1", o.networkProtocolVersion());
    assertEquals("127.0.0.1", o.clientAddress());
    assertNotNull(o.clientPort());
    assertTrue(o.clientPort() > 0);
    assertEquals(Map.of("traceparent", TRACEPARENT), o.traceContext());
  }

  @Test
  void aStatelessCallHasNoSessionIdAndTheVersionOfItsHeader() throws Exception {
    serve(false, Duration.ofMinutes(5));
    HttpResponse<String> r = post(call(3, "whoami", null), "MCP-Protocol-Version", "2025-06-18");
    assertEquals(200, r.statusCode(), r.body());
    RequestOrigin o = recorder.started.get(0).origin();
    assertNotNull(o);
    assertEquals("3", o.requestId());
    assertEquals("2025-06-18", o.protocolVersion());
    assertNull(o.mcpSessionId());
    assertTrue(o.traceContext().isEmpty());
  }

  @Test
  void logMessagesGoOutInTheCallsStreamBeforeItsResult() throws Exception {
    serve(true, Duration.ofMinutes(5));
    String sid = initialize();
    HttpResponse<String> bad = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":"
        + "{\"level\":\"loud\"}}", "Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25");
    assertTrue(bad.body().contains("-32602"), bad.body());
    post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}",
        "Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25");
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1).respond(Fault.status(503)));
    HttpResponse<String> r = post(call(4, "whoami", null), "Mcp-Session-Id", sid, "MCP-Protocol-Version",
        "2025-11-25");
    String body = r.body();
    int message = body.indexOf("notifications/message");
    int result = body.indexOf("\"id\":4");
    assertTrue(message >= 0, "a log message in the call's stream: " + body);
    assertTrue(body.contains("Sentry request failed (HTTP 503): GET /auth/; retry 1 of 2"), body);
    assertTrue(body.contains("\"logger\":\"sentry_mcp.api\""), body);
    assertTrue(result > message, "the message comes before the result: " + body);
    assertFalse(r.body().contains("\"isError\":true"), body);
  }

  @Test
  void deletedAndExpiredSessionsAreReported() throws Exception {
    serve(true, Duration.ofMillis(400));
    String sid = initialize();
    HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(jetty.url("/mcp")))
        .header("Authorization", "Bearer " + KEY).header("Mcp-Session-Id", sid).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(delete.statusCode() < 300, delete.statusCode() + " " + delete.body());
    assertEquals(1, recorder.sessions.size(), recorder.sessions.toString());
    ToolCallListener.SessionEnded deleted = recorder.sessions.get(0);
    assertEquals("tcp", deleted.networkTransport());
    assertEquals("2025-11-25", deleted.protocolVersion());
    assertNull(deleted.errorType());

    String idle = initialize();
    Thread.sleep(600);
    HttpResponse<String> late = post(call(5, "whoami", null), "Mcp-Session-Id", idle, "MCP-Protocol-Version",
        "2025-11-25");
    assertEquals(404, late.statusCode());
    assertEquals(2, recorder.sessions.size(), recorder.sessions.toString());
    assertEquals("expired", recorder.sessions.get(1).errorType());
    assertTrue(recorder.sessions.get(1).duration().toMillis() >= 400);
  }
}
