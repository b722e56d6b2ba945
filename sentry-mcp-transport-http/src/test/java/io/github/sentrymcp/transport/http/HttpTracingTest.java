package io.github.sentrymcp.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.opentelemetry.SentryMcpTelemetry;
import io.github.sentrymcp.testkit.FakeSentry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry over Streamable HTTP in Jetty, end to end: the SERVER span of a stateful {@code tools/call} with every
 * attribute the MCP conventions name for HTTP (session id, client address and port, HTTP version), under the trace of
 * {@code _meta}; the operation metric without any of the high-cardinality ones; the session metric when the client
 * deletes its session; and no planted secret in anything exported.
 */
class HttpTracingTest {
  private static final String TOKEN = "sntrys_" + "httpTracing0123456789abcdefABCDEF012";
  private static final String KEY = "tracing-api-key-0123456789abcdef";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private static final String PLANTED = "sk-proj-" + "Plant3dKey0123456789abcdefghijklmnop";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private FakeSentry fake;
  private SentryMcp engine;
  private SentryMcpHttpServlet servlet;
  private Jetty jetty;

  @BeforeEach
  void start() throws Exception {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
    engine = SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build())
        .listener(SentryMcpTelemetry.builder(sdk).recordArguments("query").build()).build();
    servlet = SentryMcpHttpServlet.builder(engine, ApiKeyAuthenticator.builder()
            .key("t", KEY, Session.builder(AccessToken.of(TOKEN)).id("t").build()).build())
        .stateful(true).build();
    jetty = new Jetty(servlet);
  }

  @AfterEach
  void stop() {
    servlet.close();
    jetty.close();
    engine.close();
    fake.close();
    sdk.close();
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    return jetty.post(http, "/mcp", KEY, body, headers);
  }

  static Map<String, Object> map(Attributes attributes) {
    Map<String, Object> out = new LinkedHashMap<>();
    attributes.forEach((AttributeKey<?> k, Object v) -> out.put(k.getKey(), v));
    return out;
  }

  @Test
  void aStatefulToolCallIsAServerSpanWithTheHttpAttributes() throws Exception {
    HttpResponse<String> init = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
        + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Mcp-Session-Id", sid,
        "MCP-Protocol-Version", "2025-11-25");
    HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":\"call-1\",\"method\":\"tools/call\",\"params\":"
        + "{\"name\":\"search_issues\",\"arguments\":{\"organizationSlug\":\"sentry-mcp-evals\",\"query\":"
        + "\"message:" + PLANTED + "\"},\"_meta\":{\"traceparent\":\"00-" + TRACE_ID + "-" + PARENT_ID + "-01\"}}}",
        "Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25");
    assertEquals(200, r.statusCode(), r.body());

    List<SpanData> server = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER)
        .filter(s -> s.getName().startsWith("tools/call")).toList();
    assertEquals(1, server.size(), spans.getFinishedSpanItems().toString());
    SpanData call = server.get(0);
    assertEquals("tools/call search_issues", call.getName());
    assertEquals(TRACE_ID, call.getTraceId());
    assertEquals(PARENT_ID, call.getParentSpanId());
    Map<String, Object> attributes = map(call.getAttributes());
    Object port = attributes.remove("client.port");
    assertTrue(port instanceof Long p && p > 0, String.valueOf(port));
    Object query = attributes.remove("gen_ai.tool.call.arguments.query");
    assertEquals("message:sk-[REDACTED]", query, "the opted-in argument, redacted");
    assertEquals(Map.of(
        "mcp.method.name", "tools/call",
        "gen_ai.tool.name", "search_issues",
        "gen_ai.operation.name", "execute_tool",
        "jsonrpc.request.id", "call-1",
        "mcp.protocol.version", "2025-11-25",
        "mcp.session.id", sid,
        "network.transport", "tcp",
        "network.protocol.name", "http",
        "network.protocol.version", "1.1",
        "client.address", "127.0.0.1"), withoutTransport(attributes));
    assertEquals("http-stateful", attributes.get("sentry_mcp.transport"));
    assertTrue(spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT
        && s.getName().equals("GET /api/0/organizations/{org}/issues/")
        && s.getParentSpanId().equals(call.getSpanId())), spans.getFinishedSpanItems().toString());

    HistogramPointData op = point("mcp.server.operation.duration", "tools/call");
    Map<String, Object> opAttributes = map(op.getAttributes());
    for (String highCardinality : List.of("mcp.session.id", "jsonrpc.request.id", "client.address", "client.port",
        "gen_ai.tool.call.arguments.query")) {
      assertFalse(opAttributes.containsKey(highCardinality), highCardinality + " in " + opAttributes);
    }
    assertEquals("tcp", opAttributes.get("network.transport"));

    SpanData initialize = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("initialize"))
        .findFirst().orElseThrow(() -> new AssertionError("no initialize span: " + spans.getFinishedSpanItems()));
    assertEquals(SpanKind.SERVER, initialize.getKind());
    assertEquals("2025-11-25", initialize.getAttributes().get(AttributeKey.stringKey("mcp.protocol.version")));
    assertEquals("1", initialize.getAttributes().get(AttributeKey.stringKey("jsonrpc.request.id")));
    assertEquals(Map.of("mcp.method.name", "initialize", "mcp.protocol.version", "2025-11-25", "network.transport",
        "tcp", "network.protocol.name", "http", "network.protocol.version", "1.1"),
        map(point("mcp.server.operation.duration", "initialize").getAttributes()));

    HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(jetty.url("/mcp")))
        .header("Authorization", "Bearer " + KEY).header("Mcp-Session-Id", sid).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(delete.statusCode() < 300);
    assertEquals(Map.of("network.transport", "tcp", "mcp.protocol.version", "2025-11-25"),
        map(point("mcp.server.session.duration").getAttributes()));

    List<String> exported = new ArrayList<>();
    spans.getFinishedSpanItems().forEach(s -> exported.add(s.toString()));
    metrics.collectAllMetrics().forEach(m -> exported.add(m.toString()));
    for (String text : exported) {
      assertFalse(text.contains(TOKEN.substring(7)), "no session token in " + text);
      assertFalse(text.contains(PLANTED.substring(3)), "no planted key in " + text);
      assertFalse(text.contains(KEY), "no API key in " + text);
    }
  }

  private static Map<String, Object> withoutTransport(Map<String, Object> attributes) {
    Map<String, Object> out = new LinkedHashMap<>(attributes);
    out.remove("sentry_mcp.transport");
    return out;
  }

  private HistogramPointData point(String name) {
    return point(name, null);
  }

  /** The one point of the histogram {@code name} (of the MCP method {@code method}, when given). */
  private HistogramPointData point(String name, String method) {
    for (MetricData m : metrics.collectAllMetrics()) {
      if (m.getName().equals(name)) {
        List<HistogramPointData> points = m.getHistogramData().getPoints().stream()
            .filter(p -> method == null
                || method.equals(p.getAttributes().get(AttributeKey.stringKey("mcp.method.name"))))
            .toList();
        assertEquals(1, points.size(), points.toString());
        return points.get(0);
      }
    }
    throw new AssertionError("no metric " + name);
  }
}
