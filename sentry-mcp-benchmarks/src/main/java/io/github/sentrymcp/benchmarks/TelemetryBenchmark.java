package io.github.sentrymcp.benchmarks;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ApiExchange;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.opentelemetry.SentryMcpTelemetry;
import io.github.sentrymcp.testkit.FakeSentry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code sentry-mcp-opentelemetry} adds to a tool call's CPU.
 *
 * <ul>
 *   <li>{@code call*}: the same plain-Java call ({@code callAndRender}) on two warm engines against one in-process
 *       FakeSentry, one without a listener ({@link ToolCallListener#NONE}) and one with {@link SentryMcpTelemetry}
 *       over the OpenTelemetry SDK: a {@link SimpleSpanProcessor} handing each ended span, as {@link SpanData}, to an
 *       exporter that drops it (so the span's whole cost is paid on the thread that ends it, and none is dropped
 *       unpaid, as a full batch queue would in a hot loop), and a metric reader that never collects (recording and
 *       aggregation are paid, export is not). {@code whoami} makes one Sentry request, {@code get_issue_details}
 *       six: one call span and one client span per request. Run with {@link ProcessCpuProfiler}: wall time includes
 *       waiting on the fake.
 *   <li>{@code listener*}: the listener alone on a synthetic MCP call ({@code traceparent} in its origin): {@code
 *       callStarted}, one {@code apiExchange}, {@code callEnded}; over the SDK as above and over {@link
 *       OpenTelemetry#noop()}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 10, time = 2)
public class TelemetryBenchmark {
  static final String ISSUE_TOOL = "get_issue_details";
  static final Map<String, Map<String, Object>> ARGUMENTS = Map.of(
      "whoami", Map.of(),
      ISSUE_TOOL, Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41"));

  /** An SDK as a host would configure it, exporting nowhere; counts the spans it was handed. */
  static final class DiscardingSdk implements AutoCloseable {
    final AtomicLong exportedSpans = new AtomicLong();
    final OpenTelemetrySdk sdk;

    DiscardingSdk() {
      SpanExporter dropping = new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          exportedSpans.addAndGet(spans.size());
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
      sdk = OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(dropping))
              .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(new IdleMetricReader()).build())
          .build();
    }

    /** Exports what is queued; returns the spans exported so far. */
    long flush() {
      sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
      return exportedSpans.get();
    }

    @Override
    public void close() {
      sdk.close();
    }
  }

  /** A metric reader that is registered (so instruments record and aggregate) but never collects. */
  static final class IdleMetricReader implements MetricReader {
    @Override
    public void register(CollectionRegistration registration) {}

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public MemoryMode getMemoryMode() {
      return MemoryMode.REUSABLE_DATA;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Two warm engines on one fake: without a listener and with the telemetry. */
  @State(Scope.Benchmark)
  public static class Engines {
    @Param({"whoami", ISSUE_TOOL})
    public String tool = "whoami";

    // JMH states: set in setUp (Level.Trial), before any benchmark method runs
    @SuppressWarnings("NullAway.Init")
    FakeSentry fake;
    @SuppressWarnings("NullAway.Init")
    DiscardingSdk otel;
    @SuppressWarnings("NullAway.Init")
    SentryMcp plain;
    @SuppressWarnings("NullAway.Init")
    SentryMcp traced;
    @SuppressWarnings("NullAway.Init")
    CallContext context;
    @SuppressWarnings("NullAway.Init")
    Map<String, Object> arguments;

    @Setup(Level.Trial)
    public void setUp() {
      fake = FakeSentry.start();
      SentryMcpConfig config = SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build();
      otel = new DiscardingSdk();
      plain = SentryMcp.builder(config).build();
      traced = SentryMcp.builder(config).listener(SentryMcpTelemetry.builder(otel.sdk).build()).build();
      context = CallContext.of(Session.builder(AccessToken.of("t")).allSkills(true).build());
      Map<String, Object> args = ARGUMENTS.get(tool);
      if (args == null) {
        throw new IllegalArgumentException("no arguments for " + tool);
      }
      arguments = args;
      // an error result would benchmark the error path instead
      requireSuccess(plain.callAndRender(tool, arguments, context));
      requireSuccess(traced.callAndRender(tool, arguments, context));
      if (otel.flush() == 0) {
        throw new IllegalStateException("the telemetry exported no span");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      plain.close();
      traced.close();
      otel.close();
      // JMH tears down before the profiler reads the last iteration: keep the fake's CPU countable
      CpuClock.fakeStopping();
      fake.close();
    }

    private void requireSuccess(RenderedResult rendered) {
      if (rendered.isError()) {
        throw new IllegalStateException(tool + " failed against the fake: " + rendered.text());
      }
    }
  }

  /** The listener alone, on a synthetic MCP call, over the SDK and over the no-op API. */
  @State(Scope.Benchmark)
  public static class Listeners {
    @SuppressWarnings("NullAway.Init")
    DiscardingSdk otel;
    @SuppressWarnings("NullAway.Init")
    SentryMcpTelemetry sdkListener;
    @SuppressWarnings("NullAway.Init")
    SentryMcpTelemetry noopListener;
    final RequestOrigin origin = RequestOrigin.builder("tools/call").requestId("7").protocolVersion("2025-11-25")
        .mcpSessionId("0f1e2d3c4b5a69788796a5b4c3d2e1f0").networkTransport("tcp").networkProtocol("http", "1.1")
        .client("127.0.0.1", 50123)
        .traceContext("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build();
    final ToolCallListener.Outcome outcome = new ToolCallListener.Outcome(null, Duration.ofMillis(3), 1);

    @Setup(Level.Trial)
    public void setUp() {
      otel = new DiscardingSdk();
      sdkListener = SentryMcpTelemetry.builder(otel.sdk).build();
      noopListener = SentryMcpTelemetry.builder(OpenTelemetry.noop()).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      otel.close();
    }

    /** One call as the engine reports it: start, one Sentry request, end. */
    ToolCallListener.Call run(SentryMcpTelemetry listener) {
      Instant now = Instant.now();
      ToolCallListener.Call call = new ToolCallListener.Call("get_issue_details", "session", "http", now, origin,
          Map.of());
      listener.callStarted(call);
      listener.apiExchange(call, new ApiExchange("GET", "/api/0/organizations/{organization_id_or_slug}/issues/",
          "sentry.io", 443, 0, 200, null, now, Duration.ofMillis(2)));
      listener.callEnded(call, outcome);
      return call;
    }
  }

  /** The tool call on the engine without a listener. */
  @Benchmark
  public RenderedResult callWithoutTelemetry(Engines e) {
    return e.plain.callAndRender(e.tool, e.arguments, e.context);
  }

  /** The same call on the engine with {@link SentryMcpTelemetry} over the SDK. */
  @Benchmark
  public RenderedResult callWithTelemetry(Engines e) {
    return e.traced.callAndRender(e.tool, e.arguments, e.context);
  }

  /** The listener's callbacks of one call, over the SDK. */
  @Benchmark
  public ToolCallListener.Call listenerWithSdk(Listeners l) {
    return l.run(l.sdkListener);
  }

  /** The same callbacks over {@link OpenTelemetry#noop()}: what the listener costs by itself. */
  @Benchmark
  public ToolCallListener.Call listenerWithNoop(Listeners l) {
    return l.run(l.noopListener);
  }
}
