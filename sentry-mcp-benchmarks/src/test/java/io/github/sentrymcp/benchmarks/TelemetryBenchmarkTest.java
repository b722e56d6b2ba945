package io.github.sentrymcp.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.result.RenderedResult;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/** Runs every telemetry benchmark method once per tool, without JMH, and checks that the traced side traces. */
class TelemetryBenchmarkTest {
  private final TelemetryBenchmark bench = new TelemetryBenchmark();

  @Test
  void everyBenchmarkMethodRunsOnceAndOnlyTheTracedEngineExportsSpans() throws Exception {
    for (String tool : List.of("whoami", TelemetryBenchmark.ISSUE_TOOL)) {
      TelemetryBenchmark.Engines engines = new TelemetryBenchmark.Engines();
      engines.tool = tool;
      TelemetryBenchmark.Listeners listeners = new TelemetryBenchmark.Listeners();
      engines.setUp();
      listeners.setUp();
      try {
        List<String> ran = new ArrayList<>();
        long before = engines.otel.flush();
        for (Method m : TelemetryBenchmark.class.getMethods()) {
          if (!m.isAnnotationPresent(Benchmark.class)) {
            continue;
          }
          Object state = m.getParameterTypes()[0] == TelemetryBenchmark.Engines.class ? engines : listeners;
          Object result = m.invoke(bench, state);
          assertNotNull(result, m.getName());
          if (result instanceof RenderedResult r) {
            assertFalse(r.isError(), () -> m.getName() + ": " + r.text());
          }
          ran.add(m.getName());
        }
        assertEquals(4, ran.size(), () -> "benchmarks: " + ran);
        // callWithTelemetry: the call span and one client span per Sentry request; callWithoutTelemetry: nothing
        int requests = tool.equals("whoami") ? 1 : 6;
        assertEquals(before + 1 + requests, engines.otel.flush(), tool);
        // the listener benchmark over the SDK: a server span and a client span
        assertEquals(2, listeners.otel.flush());
        assertEquals(0, listeners.sdkListener.recordedArguments().size());
      } finally {
        listeners.tearDown();
        engines.tearDown();
      }
    }
  }

  @Test
  void theListenerLeavesNoCallOpen() {
    TelemetryBenchmark.Listeners listeners = new TelemetryBenchmark.Listeners();
    listeners.setUp();
    try {
      for (int i = 0; i < 10_000; i++) {
        bench.listenerWithSdk(listeners);
        bench.listenerWithNoop(listeners);
      }
      assertTrue(listeners.otel.flush() > 0);
    } finally {
      listeners.tearDown();
    }
  }
}
