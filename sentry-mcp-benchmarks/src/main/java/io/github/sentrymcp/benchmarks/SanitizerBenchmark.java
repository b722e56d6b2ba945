package io.github.sentrymcp.benchmarks;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.ToolResultSanitizer;
import io.github.sentrymcp.core.DefaultToolResultSanitizer;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the sanitizer adds to a tool call, on a warm engine against one in-process FakeSentry. For each tool: the full
 * call as a transport makes it ({@code callAndRender}: the Sentry requests, the tool, the sanitizer), the tool call
 * alone (the unrendered {@link ToolResult}) and {@code render} alone on a result computed once in setup.
 * {@code get_issue_details} is the typical call, {@code get_trace_details} the large output.
 *
 * <p>Wall time is not CPU here: the full call waits on the HTTP client's selector thread and the fake's threads.
 * Run with {@link ProcessCpuProfiler} (or {@link CpuShare}) for CPU per operation.
 *
 * <p>The warm-up is long on purpose: a full call runs enough code (HTTP client, Jackson, the tools) that on a 2-vCPU
 * machine the JIT is still compiling after 5 × 1 s, and its CPU then lands in the full call's figures. Check with
 * {@code -prof comp} that {@code compiler.time.profiled} is near zero during measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 30, time = 2)
@Measurement(iterations = 10, time = 2)
public class SanitizerBenchmark {
  static final String ISSUE_TOOL = "get_issue_details";
  static final String TRACE_TOOL = "get_trace_details";
  static final Map<String, Object> ISSUE_ARGS =
      Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41");
  static final Map<String, Object> TRACE_ARGS =
      Map.of("organizationSlug", "sentry-mcp-evals", "traceId", "a4d1aae7216b47ff8117cf4e09ce9d0a");

  // JMH states: set in setUp (Level.Trial), before any benchmark method runs
  @SuppressWarnings("NullAway.Init")
  private FakeSentry fake;
  @SuppressWarnings("NullAway.Init")
  private SentryMcp mcp;
  @SuppressWarnings("NullAway.Init")
  private ToolResultSanitizer sanitizer;
  @SuppressWarnings("NullAway.Init")
  private CallContext context;
  @SuppressWarnings("NullAway.Init")
  private ToolResult issueResult;
  @SuppressWarnings("NullAway.Init")
  private ToolResult traceResult;

  /** Starts the fake, builds the engine as the tests do, and checks that both tools answer without error. */
  @Setup(Level.Trial)
  public void setUp() {
    fake = FakeSentry.start();
    SentryMcpConfig config = SentryMcpConfig.builder()
        .host(fake.hostAndPort())
        .insecureHttp(true)
        .build();
    sanitizer = DefaultToolResultSanitizer.create();
    // the engine renders with the same sanitizer the render-only benchmarks use
    mcp = SentryMcp.builder(config).sanitizer(sanitizer).build();
    context = CallContext.of(Session.builder(AccessToken.of("t")).allSkills(true).build());
    issueResult = mcp.call(ISSUE_TOOL, ISSUE_ARGS, context);
    traceResult = mcp.call(TRACE_TOOL, TRACE_ARGS, context);
    // an error result would benchmark the error path instead
    requireSuccess(ISSUE_TOOL, mcp.callAndRender(ISSUE_TOOL, ISSUE_ARGS, context));
    requireSuccess(TRACE_TOOL, mcp.callAndRender(TRACE_TOOL, TRACE_ARGS, context));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    // JMH tears down before the profiler reads the last iteration: keep the fake's CPU countable
    CpuClock.fakeStopping();
    fake.close();
  }

  private static void requireSuccess(String tool, RenderedResult rendered) {
    if (rendered.isError()) {
      throw new IllegalStateException(tool + " failed against the fake: " + rendered.text());
    }
  }

  /** get_issue_details as a transport runs it: call and render. */
  @Benchmark
  public RenderedResult issueDetailsFull() {
    return mcp.callAndRender(ISSUE_TOOL, ISSUE_ARGS, context);
  }

  /** get_issue_details without the sanitizer: the tool's {@link ToolResult}. */
  @Benchmark
  public ToolResult issueDetailsCall() {
    return mcp.call(ISSUE_TOOL, ISSUE_ARGS, context);
  }

  /** The sanitizer alone on a get_issue_details result. */
  @Benchmark
  public RenderedResult issueDetailsRender() {
    return sanitizer.render(issueResult);
  }

  /** get_trace_details (large output) as a transport runs it: call and render. */
  @Benchmark
  public RenderedResult traceDetailsFull() {
    return mcp.callAndRender(TRACE_TOOL, TRACE_ARGS, context);
  }

  /** get_trace_details without the sanitizer. */
  @Benchmark
  public ToolResult traceDetailsCall() {
    return mcp.call(TRACE_TOOL, TRACE_ARGS, context);
  }

  /** The sanitizer alone on a get_trace_details result. */
  @Benchmark
  public RenderedResult traceDetailsRender() {
    return sanitizer.render(traceResult);
  }
}
