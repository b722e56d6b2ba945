package io.github.sentrymcp.core.internal;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One daemon thread that runs the library's timeouts and retry waits. Owned by an engine and shut down by its
 * {@code close()}, unlike {@code CompletableFuture.orTimeout} and {@code delayedExecutor}, whose JDK-wide thread can
 * never be stopped (a host's {@code mvn exec:java} then waits 15 s for it).
 */
public final class Timers implements AutoCloseable {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static volatile @org.jspecify.annotations.Nullable Timers shared;

  private final ScheduledThreadPoolExecutor executor;

  public Timers() {
    executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "sentry-mcp-timer-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setKeepAliveTime(30, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
  }

  /** A JVM-wide instance for clients built without an engine; never shut down. */
  public static Timers shared() {
    Timers t = shared;
    if (t == null) {
      synchronized (Timers.class) {
        t = shared;
        if (t == null) {
          t = new Timers();
          shared = t;
        }
      }
    }
    return t;
  }

  /**
   * Runs {@code task} after {@code delayMillis} on the timer thread (it must be quick). Returns a handle to cancel it;
   * after {@link #close()} the task is run at once instead of being scheduled, so that waiting work always ends.
   */
  public Future<?> schedule(Runnable task, long delayMillis) {
    try {
      return executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
  }

  /** Stops the thread; tasks still waiting are dropped. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
