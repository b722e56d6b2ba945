package io.github.sentrymcp.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/** Runs every benchmark method once, without JMH: the build proves they work, CI stays fast. */
class SanitizerBenchmarkTest {
  private static final SanitizerBenchmark BENCH = new SanitizerBenchmark();

  @BeforeAll
  static void setUp() {
    BENCH.setUp();
  }

  @AfterAll
  static void tearDown() {
    BENCH.tearDown();
  }

  @Test
  void everyBenchmarkMethodRunsOnce() throws Exception {
    List<String> ran = new ArrayList<>();
    for (Method m : SanitizerBenchmark.class.getMethods()) {
      if (!m.isAnnotationPresent(Benchmark.class)) {
        continue;
      }
      Object result = m.invoke(BENCH);
      assertNotNull(result, m.getName());
      if (result instanceof RenderedResult r) {
        assertFalse(r.isError(), () -> m.getName() + ": " + r.text());
      } else {
        assertInstanceOf(ToolResult.class, result, m.getName());
      }
      ran.add(m.getName());
    }
    assertEquals(6, ran.size(), () -> "benchmarks: " + ran);
  }

  @Test
  void fullCallsRenderTheSampleData() {
    assertTrue(BENCH.issueDetailsFull().text().contains("7ca573c0f4814912aaa9bdc77d1a7d51"), "latest event");
    assertTrue(BENCH.traceDetailsFull().text().contains("a4d1aae7216b47ff8117cf4e09ce9d0a"), "trace id");
    // the trace is the large-output case
    assertTrue(BENCH.traceDetailsRender().text().length() > BENCH.issueDetailsRender().text().length());
  }

  @Test
  void theFakesThreadsAreCounted() {
    CpuClock.Snapshot start = CpuClock.snapshot();
    for (int i = 0; i < 20; i++) {
      BENCH.issueDetailsFull();
    }
    CpuClock.Usage used = start.elapsed();
    assertTrue(used.fakeNanos() > 0, () -> "fake CPU " + used);
    assertTrue(used.processNanos() >= 0, () -> "process CPU " + used);
  }

  @Test
  void theFakesCpuStaysCountedAfterItStops() {
    SanitizerBenchmark own = new SanitizerBenchmark();
    own.setUp();
    CpuClock.Snapshot start = CpuClock.snapshot();
    for (int i = 0; i < 20; i++) {
      own.issueDetailsFull();
    }
    long running = start.elapsed().fakeNanos();
    own.tearDown(); // JMH does this before the profiler reads the last iteration
    long stopped = start.elapsed().fakeNanos();
    assertTrue(running > 0 && stopped >= running, () -> "running " + running + " ns, after stop " + stopped + " ns");
  }

  @Test
  void fakeThreadNames() {
    assertTrue(CpuClock.isFakeThread("fake-sentry-1-3"));
    assertTrue(CpuClock.isFakeThread("HTTP-Dispatcher"));
    assertFalse(CpuClock.isFakeThread("HttpClient-1-SelectorManager"));
    assertFalse(CpuClock.isFakeThread("main"));
  }

  @Test
  void shareSubtractsTheFake() {
    CpuShare.Row row = new CpuShare.Row("get_issue_details", 900, 1000, 200, 750, 40);
    assertEquals(800, row.serverCpu(), 1e-9);
    assertEquals(0.05, row.share(), 1e-9);
    assertEquals(0.04, row.shareWithFake(), 1e-9);
    String table = CpuShare.format(List.of(row));
    assertTrue(table.contains("5.0%"), table);
    assertTrue(table.toLowerCase(Locale.ROOT).contains("yes"), table);
  }
}
