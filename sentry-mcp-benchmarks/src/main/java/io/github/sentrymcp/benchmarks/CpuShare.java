package io.github.sentrymcp.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SanitizerBenchmark} with {@link ProcessCpuProfiler} and prints the sanitizer's CPU share per tool:
 * render CPU / (full-call CPU − the fake's CPU), and, for comparison, render CPU / full-call CPU with the fake left in.
 * Takes JMH's usual options; {@link ProcessCpuProfiler} is added, so do not pass it again. For example
 * {@code java -cp benchmarks.jar io.github.sentrymcp.benchmarks.CpuShare -prof comp}: the benchmark's own warm-up
 * and measurement settings apply unless given, and {@code comp} shows whether the JIT was still busy.
 */
public final class CpuShare {
  /** The issue's target: the sanitizer adds at most this share to a call's CPU. */
  static final double TARGET = 0.05;

  private CpuShare() {}

  public static void main(String[] args) throws CommandLineOptionException, RunnerException {
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli).addProfiler(ProcessCpuProfiler.class);
    if (cli.getIncludes().isEmpty()) {
      options.include(SanitizerBenchmark.class.getName());
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println();
    System.out.print(format(rows(results)));
  }

  /** One tool's figures, all per call in µs. */
  record Row(String tool, double fullWall, double fullCpu, double fakeCpu, double callCpu, double renderCpu) {
    /** CPU a server process would spend: the full call without the in-process fake. */
    double serverCpu() {
      return fullCpu - fakeCpu;
    }

    /** The sanitizer's share of the server's CPU for this call. */
    double share() {
      return renderCpu / serverCpu();
    }

    /** The share with the fake's CPU left in the denominator (lower: flatters the sanitizer). */
    double shareWithFake() {
      return renderCpu / fullCpu;
    }
  }

  static List<Row> rows(Collection<RunResult> results) {
    Map<String, RunResult> byMethod = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      byMethod.put(name.substring(name.lastIndexOf('.') + 1), r);
    }
    List<Row> rows = new ArrayList<>();
    addRow(rows, byMethod, SanitizerBenchmark.ISSUE_TOOL, "issueDetails");
    addRow(rows, byMethod, SanitizerBenchmark.TRACE_TOOL, "traceDetails");
    return rows;
  }

  private static void addRow(List<Row> rows, Map<String, RunResult> byMethod, String tool, String prefix) {
    RunResult full = byMethod.get(prefix + "Full");
    RunResult call = byMethod.get(prefix + "Call");
    RunResult render = byMethod.get(prefix + "Render");
    if (full == null || call == null || render == null) {
      return; // not all three were run (an -include narrower than the class)
    }
    rows.add(new Row(tool, full.getPrimaryResult().getScore(), secondary(full, ProcessCpuProfiler.PROCESS),
        secondary(full, ProcessCpuProfiler.FAKE), secondary(call, ProcessCpuProfiler.PROCESS),
        secondary(render, ProcessCpuProfiler.PROCESS)));
  }

  private static double secondary(RunResult r, String label) {
    @Nullable Result<?> s = r.getSecondaryResults().get(label);
    return s == null ? Double.NaN : s.getScore();
  }

  static String format(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("Sanitizer CPU share, per call in us (CPU = process CPU; server = full - fake)\n");
    out.append(String.format(Locale.ROOT, "%-18s %9s %9s %9s %10s %9s %10s %7s %10s %s%n", "tool", "full wall",
        "full CPU", "fake CPU", "server CPU", "call CPU", "render CPU", "share", "incl. fake", "<= 5 %"));
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "%-18s %9.1f %9.1f %9.1f %10.1f %9.1f %10.1f %6.1f%% %9.1f%% %s%n",
          r.tool(), r.fullWall(), r.fullCpu(), r.fakeCpu(), r.serverCpu(), r.callCpu(), r.renderCpu(),
          100 * r.share(), 100 * r.shareWithFake(), r.share() <= TARGET ? "yes" : "NO"));
    }
    return out.toString();
  }
}
