package io.github.sentrymcp.transport.stdio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry over stdio, end to end: a client's {@code tools/call} with a {@code traceparent} in {@code _meta}
 * becomes the SERVER span {@code tools/call whoami} under that trace, with the exact attributes of the MCP
 * conventions, a CLIENT span per Sentry request under it, and the operation and session metrics.
 */
class StdioTracingTest {
  private static final String TOKEN = "sntrys_" + "stdioTracing0123456789abcdefABCDEF01";
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT_ID = "b7ad6b7169203331";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  private FakeSentry fake;
  private SentryMcp engine;
  private PipedStdio stdio;

  @BeforeEach
  void start() throws Exception {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
    engine = SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build())
        .listener(SentryMcpTelemetry.builder(sdk).build()).build();
    stdio = new PipedStdio(SentryMcpStdioServer.builder(engine, Session.of(AccessToken.of(TOKEN))), b -> {});
  }

  @AfterEach
  void stop() {
    stdio.close();
    engine.close();
    fake.close();
    sdk.close();
  }

  static Map<String, Object> map(Attributes attributes) {
    Map<String, Object> out = new LinkedHashMap<>();
    attributes.forEach((AttributeKey<?> k, Object v) -> out.put(k.getKey(), v));
    return out;
  }

  @Test
  void aToolCallIsAServerSpanUnderTheClientsTraceWithAClientSpanPerSentryRequest() throws Exception {
    stdio.initialize();
    JsonNode r = stdio.request(7, "tools/call", "{\"name\":\"whoami\",\"arguments\":{},\"_meta\":{\"traceparent\":"
        + "\"00-" + TRACE_ID + "-" + PARENT_ID + "-01\"}}");
    assertFalse(r.path("result").path("isError").asBoolean(), r.toString());

    List<SpanData> server = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER)
        .filter(s -> s.getName().startsWith("tools/call")).toList();
    assertEquals(1, server.size(), spans.getFinishedSpanItems().toString());
    SpanData call = server.get(0);
    assertEquals("tools/call whoami", call.getName());
    assertEquals(TRACE_ID, call.getTraceId());
    assertEquals(PARENT_ID, call.getParentSpanId());
    assertEquals(Map.of(
        "mcp.method.name", "tools/call",
        "gen_ai.tool.name", "whoami",
        "gen_ai.operation.name", "execute_tool",
        "jsonrpc.request.id", "7",
        "mcp.protocol.version", "2025-06-18",
        "network.transport", "pipe",
        "sentry_mcp.transport", "stdio"), map(call.getAttributes()));

    List<SpanData> client = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .toList();
    assertEquals(1, client.size());
    SpanData auth = client.get(0);
    assertEquals("GET /api/0/auth/", auth.getName());
    assertEquals(call.getSpanId(), auth.getParentSpanId());
    assertEquals("/api/0/auth/", auth.getAttributes().get(AttributeKey.stringKey("url.template")));
    assertEquals(200L, auth.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    assertFalse(map(auth.getAttributes()).containsKey("url.full"));

    HistogramPointData op = point("mcp.server.operation.duration", "tools/call");
    assertEquals(Map.of(
        "mcp.method.name", "tools/call",
        "gen_ai.tool.name", "whoami",
        "gen_ai.operation.name", "execute_tool",
        "mcp.protocol.version", "2025-06-18",
        "network.transport", "pipe"), map(op.getAttributes()));
    assertEquals(1, op.getCount());

    // the other requests: initialize and tools/list are SERVER spans named by their method, and measured
    JsonNode list = stdio.request(8, "tools/list", "{}");
    assertTrue(list.path("result").path("tools").size() > 0, list.toString());
    for (String method : List.of("initialize", "tools/list")) {
      SpanData span = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(method)).findFirst()
          .orElseThrow(() -> new AssertionError("no span " + method + " in " + spans.getFinishedSpanItems()));
      assertEquals(SpanKind.SERVER, span.getKind());
      Map<String, Object> attributes = map(span.getAttributes());
      assertEquals(method, attributes.get("mcp.method.name"));
      assertEquals(method.equals("initialize") ? "0" : "8", attributes.get("jsonrpc.request.id"));
      assertEquals("2025-06-18", attributes.get("mcp.protocol.version"));
      assertEquals("pipe", attributes.get("network.transport"));
      assertEquals(Map.of("mcp.method.name", method, "mcp.protocol.version", "2025-06-18", "network.transport",
          "pipe"), map(point("mcp.server.operation.duration", method).getAttributes()));
    }
    JsonNode bad = stdio.request(9, "logging/setLevel", "{\"level\":\"info\"}");
    assertTrue(bad.has("result"), bad.toString());

    stdio.closeInput();
    assertTrue(stdio.server.awaitInputClosed(Duration.ofSeconds(10)));
    HistogramPointData session = point("mcp.server.session.duration");
    assertEquals(Map.of("network.transport", "pipe", "mcp.protocol.version", "2025-06-18"),
        map(session.getAttributes()));
    for (SpanData s : spans.getFinishedSpanItems()) {
      assertFalse(s.toString().contains(TOKEN.substring(7)), "no token in " + s);
    }
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
