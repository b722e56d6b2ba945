package io.github.sentrymcp.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cancels one tool call (or every call that shares the signal). Cancelling stops the call's outstanding Sentry
 * requests, pending retries included, and makes the call end with {@link ErrorKind#CANCELLED}; transports also drop
 * the answer (MCP {@code notifications/cancelled}).
 *
 * <pre>{@code
 * CancellationSignal signal = CancellationSignal.create();
 * CompletableFuture<ToolResult> f = CompletableFuture.supplyAsync(
 *     () -> engine.call("get_issue_details", args, context.withCancellation(signal)));
 * signal.cancel(); // from any thread
 * }</pre>
 *
 * <p>Thread-safe. Actions registered with {@link #onCancel} run once, on the thread that cancels (or at once when the
 * signal is already cancelled); they must be quick and must not throw.
 */
public final class CancellationSignal {
  private static final CancellationSignal NEVER = new CancellationSignal(false);

  private final boolean cancellable;
  private final List<Runnable> actions = new ArrayList<>();
  private volatile boolean cancelled;

  private CancellationSignal(boolean cancellable) {
    this.cancellable = cancellable;
  }

  /**
   * A new signal, not cancelled.
   *
   * @return a cancellable signal
   */
  public static CancellationSignal create() {
    return new CancellationSignal(true);
  }

  /**
   * A shared signal that is never cancelled; {@link #cancel()} on it is refused.
   *
   * @return the shared never-cancelled signal
   */
  public static CancellationSignal never() {
    return NEVER;
  }

  /**
   * Whether {@link #cancel()} has taken effect.
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Whether {@link #cancel()} can ever take effect (false only for {@link #never()}).
   *
   * @return whether this signal can be cancelled
   */
  public boolean isCancellable() {
    return cancellable;
  }

  /**
   * Cancels: runs every registered action once. Idempotent.
   *
   * @throws UnsupportedOperationException on {@link #never()}
   */
  public void cancel() {
    if (!cancellable) {
      throw new UnsupportedOperationException("the never-cancelled signal cannot be cancelled");
    }
    List<Runnable> run;
    synchronized (actions) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      run = new ArrayList<>(actions);
      actions.clear();
    }
    for (Runnable r : run) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // an action must not keep the others from running
      }
    }
  }

  /**
   * Runs {@code action} when the signal is cancelled, or at once if it already is. Close the registration when the
   * work it guards has ended, so that long-lived signals do not collect actions.
   *
   * @param action what to run; quick, and it must not throw
   * @return a registration that removes {@code action} when closed ({@link Registration#NONE} for {@link #never()})
   * @throws NullPointerException when {@code action} is null
   */
  public Registration onCancel(Runnable action) {
    Objects.requireNonNull(action, "action");
    if (!cancellable) {
      return Registration.NONE;
    }
    synchronized (actions) {
      if (!cancelled) {
        actions.add(action);
        return () -> {
          synchronized (actions) {
            actions.remove(action);
          }
        };
      }
    }
    action.run();
    return Registration.NONE;
  }

  @Override
  public String toString() {
    return cancellable ? "CancellationSignal[" + (cancelled ? "cancelled" : "active") + "]" : "CancellationSignal[never]";
  }

  /** Removes a registered action. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    /** A registration with nothing to remove. */
    Registration NONE = () -> {};

    @Override
    void close();
  }
}
