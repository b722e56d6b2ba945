package io.github.sentrymcp.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.ToolCallListener;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MCP requests other than tools/call, as transports report them: a SERVER span by method and the operation metric. */
class RequestServedTest {
  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private static ToolCallListener.RequestServed served(String method, String errorType) {
    RequestOrigin origin = RequestOrigin.builder(method).requestId("3").protocolVersion("2025-11-25")
        .mcpSessionId("session-1").networkTransport("tcp").networkProtocol("HTTP", "1.1").client("10.0.0.1", 4000)
        .traceContext("traceparent", TRACEPARENT).build();
    return new ToolCallListener.RequestServed(origin, "http-stateful", Instant.parse("2026-12-07T10:00:00Z"),
        Duration.ofMillis(42), errorType);
  }

  @Test
  void aListRequestIsAServerSpanWithItsExactTimesAndTheOperationMetric() {
    try (TestSdk sdk = new TestSdk()) {
      sdk.telemetry().requestServed(served("tools/list", null));
      SpanData span = sdk.only(SpanKind.SERVER);
      assertEquals("tools/list", span.getName());
      assertEquals("0af7651916cd43dd8448eb211c80319c", span.getTraceId());
      assertEquals("b7ad6b7169203331", span.getParentSpanId());
      assertEquals(Duration.ofMillis(42).toNanos(), span.getEndEpochNanos() - span.getStartEpochNanos());
      assertEquals(Map.of("mcp.method.name", "tools/list", "jsonrpc.request.id", "3", "mcp.protocol.version",
          "2025-11-25", "mcp.session.id", "session-1", "network.transport", "tcp", "network.protocol.name", "http",
          "network.protocol.version", "1.1", "client.address", "10.0.0.1", "client.port", 4000L,
          "sentry_mcp.transport", "http-stateful"), TestSdk.map(span.getAttributes()));
      List<HistogramPointData> points = sdk.histogram(McpTelemetryConventions.MCP_SERVER_OPERATION_DURATION);
      assertEquals(1, points.size());
      assertEquals(Map.of("mcp.method.name", "tools/list", "mcp.protocol.version", "2025-11-25",
          "network.transport", "tcp", "network.protocol.name", "http", "network.protocol.version", "1.1"),
          TestSdk.map(points.get(0).getAttributes()));
      assertEquals(0.042, points.get(0).getSum(), 1e-9);
    }
  }

  @Test
  void aMadeUpMethodIsOtherAndAnErrorIsMarked() {
    try (TestSdk sdk = new TestSdk()) {
      sdk.telemetry().requestServed(served("x/" + "sntrys_" + "madeUpMethodName0123456789abcdef", "-32601"));
      SpanData span = sdk.only(SpanKind.SERVER);
      assertEquals(McpTelemetryConventions.OTHER, span.getName());
      assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
      assertEquals("-32601", TestSdk.map(span.getAttributes()).get("error.type"));
      HistogramPointData point = sdk.histogram(McpTelemetryConventions.MCP_SERVER_OPERATION_DURATION).get(0);
      assertEquals(McpTelemetryConventions.OTHER, TestSdk.map(point.getAttributes()).get("mcp.method.name"));
      assertFalse(span.toString().contains("madeUpMethodName"), span.toString());
    }
  }

  @Test
  void requestSpansCanBeTurnedOffAndTheMetricStays() {
    try (TestSdk sdk = new TestSdk()) {
      SentryMcpTelemetry t = SentryMcpTelemetry.builder(sdk.sdk).requestSpans(false).build();
      t.requestServed(served("ping", null));
      assertTrue(sdk.spans().isEmpty(), TestSdk.names(sdk.spans()).toString());
      assertEquals(1, sdk.histogram(McpTelemetryConventions.MCP_SERVER_OPERATION_DURATION).size());
    }
  }
}
