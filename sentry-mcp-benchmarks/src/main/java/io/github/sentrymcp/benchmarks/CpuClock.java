package io.github.sentrymcp.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this process, and the part of it spent on the in-process FakeSentry's threads.
 *
 * <p>Process CPU ({@code getProcessCpuTime}) counts every thread: the caller, the JDK HTTP client's selector, the
 * fake server, GC and JIT threads. On Linux it advances in clock ticks (10 ms), so read it over long intervals. The
 * fake's share is the sum of the per-thread CPU times (nanosecond resolution) of its request pool ({@code
 * fake-sentry-*}) and of the JDK HTTP server's own threads ({@code HTTP-Dispatcher} and its timers). Subtracting it
 * leaves what a real server process would spend, with a real Sentry on the other side of the network.
 */
public final class CpuClock {
  private static final com.sun.management.OperatingSystemMXBean OS =
      ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuClock() {}

  /** CPU spent between a {@link Snapshot} and {@link Snapshot#elapsed()}, in nanoseconds. */
  public record Usage(long processNanos, long fakeNanos) {}

  /** The CPU counters at one instant. */
  public static final class Snapshot {
    private final long processNanos;
    private final Map<Long, Long> fakeThreadNanos;

    private Snapshot(long processNanos, Map<Long, Long> fakeThreadNanos) {
      this.processNanos = processNanos;
      this.fakeThreadNanos = fakeThreadNanos;
    }

    /** CPU used since this snapshot; fake threads started since count from zero. */
    public Usage elapsed() {
      Map<Long, Long> now = fakeThreadCpu();
      long process = OS.getProcessCpuTime() - processNanos;
      long fake = 0;
      for (Map.Entry<Long, Long> e : now.entrySet()) {
        fake += e.getValue() - fakeThreadNanos.getOrDefault(e.getKey(), 0L);
      }
      return new Usage(process, fake);
    }
  }

  /** Reads the counters now. */
  public static Snapshot snapshot() {
    Map<Long, Long> fake = fakeThreadCpu();
    return new Snapshot(OS.getProcessCpuTime(), fake);
  }

  /** Whether a thread of this name belongs to FakeSentry (its pool or the JDK HTTP server under it). */
  static boolean isFakeThread(String name) {
    return name.startsWith("fake-sentry-")
        || name.equals("HTTP-Dispatcher")
        || name.equals("idle-timeout-task")
        || name.equals("req-rsp-timeout-task");
  }

  private static Map<Long, Long> fakeThreadCpu() {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
      if (info == null || !isFakeThread(info.getThreadName())) {
        continue; // null: the thread ended meanwhile
      }
      long nanos = THREADS.getThreadCpuTime(info.getThreadId());
      if (nanos >= 0) {
        out.put(info.getThreadId(), nanos);
      }
    }
    return out;
  }
}
