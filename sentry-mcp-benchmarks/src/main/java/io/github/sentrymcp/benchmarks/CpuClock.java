package io.github.sentrymcp.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of this process, and the part of it spent on the in-process FakeSentry's threads.
 *
 * <p>Process CPU ({@code getProcessCpuTime}) counts every thread: the caller, the JDK HTTP client's selector, the
 * fake server, GC and JIT threads. On Linux it advances in clock ticks (10 ms), so read it over long intervals. The
 * fake's share is the sum of the per-thread CPU times (nanosecond resolution) of its request pool ({@code
 * fake-sentry-*}) and of the JDK HTTP server's own threads ({@code HTTP-Dispatcher} and its timers). Subtracting it
 * leaves what a real server process would spend, with a real Sentry on the other side of the network.
 *
 * <p>A thread's CPU time cannot be read once it has ended, and JMH runs the trial tear-down (which stops the fake)
 * before the profiler reads the last iteration: call {@link #fakeStopping()} just before stopping the fake.
 */
public final class CpuClock {
  private static final com.sun.management.OperatingSystemMXBean OS =
      ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** The last CPU time of fake threads that were about to end, by thread id. */
  private static final Map<Long, Long> STOPPED = new ConcurrentHashMap<>();

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

    /**
     * CPU used since this snapshot; fake threads started since count from zero, ended ones with the time {@link
     * #fakeStopping()} saw last.
     */
    public Usage elapsed() {
      Map<Long, Long> now = fakeThreadCpu();
      long process = OS.getProcessCpuTime() - processNanos;
      Set<Long> ids = new HashSet<>(now.keySet());
      ids.addAll(fakeThreadNanos.keySet());
      long fake = 0;
      for (Long id : ids) {
        long before = fakeThreadNanos.getOrDefault(id, 0L);
        Long after = now.get(id);
        if (after == null) {
          after = STOPPED.getOrDefault(id, before);
        }
        fake += after - before;
      }
      return new Usage(process, fake);
    }
  }

  /** Reads the counters now. */
  public static Snapshot snapshot() {
    Map<Long, Long> fake = fakeThreadCpu();
    return new Snapshot(OS.getProcessCpuTime(), fake);
  }

  /** Remembers the fake threads' CPU so far: call it just before stopping the fake, whose threads then end. */
  public static void fakeStopping() {
    STOPPED.putAll(fakeThreadCpu());
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
