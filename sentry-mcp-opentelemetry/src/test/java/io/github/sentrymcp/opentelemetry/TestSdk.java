package io.github.sentrymcp.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real OpenTelemetry SDK for one test: spans exported synchronously into memory as each ends, metrics read on
 * demand.
 */
final class TestSdk implements AutoCloseable {
  final InMemorySpanExporter spanExporter = InMemorySpanExporter.create();
  final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spanExporter)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metricReader).build())
      .build();

  /** The telemetry listener with the defaults, on this SDK. */
  SentryMcpTelemetry telemetry() {
    return SentryMcpTelemetry.builder(sdk).build();
  }

  /** A tracer of the test itself (a transport's or a host's own instrumentation). */
  Tracer testTracer() {
    return sdk.getTracer("test");
  }

  List<SpanData> spans() {
    return spanExporter.getFinishedSpanItems();
  }

  List<SpanData> spans(SpanKind kind) {
    return spans().stream().filter(s -> s.getKind() == kind).toList();
  }

  /** The one finished span of this kind. */
  SpanData only(SpanKind kind) {
    List<SpanData> found = spans(kind);
    assertEquals(1, found.size(), () -> kind + " spans: " + names(spans()));
    return found.get(0);
  }

  static List<String> names(List<SpanData> spans) {
    return spans.stream().map(s -> s.getKind() + " " + s.getName()).toList();
  }

  Collection<MetricData> metrics() {
    return metricReader.collectAllMetrics();
  }

  /** The points of the histogram {@code name}, empty when it has none. */
  List<HistogramPointData> histogram(String name) {
    List<HistogramPointData> points = new ArrayList<>();
    for (MetricData m : metrics()) {
      if (m.getName().equals(name)) {
        points.addAll(m.getHistogramData().getPoints());
      }
    }
    return points;
  }

  /** The metric {@code name}; fails when it was not recorded. */
  MetricData metric(String name) {
    return metrics().stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics()));
  }

  /** Attributes as a plain map of key names to values, for exact comparisons. */
  static Map<String, Object> map(Attributes attributes) {
    Map<String, Object> out = new LinkedHashMap<>();
    attributes.forEach((AttributeKey<?> k, Object v) -> out.put(k.getKey(), v));
    return out;
  }

  @Override
  public void close() {
    sdk.close();
  }
}
