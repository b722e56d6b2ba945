package io.github.sentrymcp.benchmarks;

import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting CPU per operation next to wall time: {@code cpu.process} (every thread of the benchmark
 * JVM) and {@code cpu.fake} (the FakeSentry threads' part of it), both in µs/op. Use {@code -prof
 * io.github.sentrymcp.benchmarks.ProcessCpuProfiler}. Each iteration's CPU is divided by all operations the
 * iteration ran (JMH's measured ones plus the few run while threads start and stop).
 */
public final class ProcessCpuProfiler implements InternalProfiler {
  /** Secondary result: process CPU per operation. */
  public static final String PROCESS = "cpu.process";
  /** Secondary result: CPU of the in-process fake Sentry per operation. */
  public static final String FAKE = "cpu.fake";

  private static final String UNIT = "us/op";

  private CpuClock.@Nullable Snapshot start;

  @Override
  public String getDescription() {
    return "Process CPU and FakeSentry-thread CPU per operation (us/op)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    start = CpuClock.snapshot();
  }

  @Override
  @SuppressWarnings("rawtypes") // JMH's signature
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    CpuClock.Snapshot s = start;
    long ops = result.getMetadata().getAllOps();
    if (s == null || ops <= 0) {
      return List.of();
    }
    CpuClock.Usage used = s.elapsed();
    return List.of(
        new ScalarResult(PROCESS, used.processNanos() / 1e3 / ops, UNIT, AggregationPolicy.AVG),
        new ScalarResult(FAKE, used.fakeNanos() / 1e3 / ops, UNIT, AggregationPolicy.AVG));
  }
}
