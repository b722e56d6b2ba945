package io.github.sentrymcp.core.internal.client;

import io.github.sentrymcp.api.CallMetrics;
import io.github.sentrymcp.api.CallObserver;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.Credential;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tool call as the client sees it: the session's credential, the cancellation signal, the overall deadline and
 * the call's metrics. A client bound to a scope ({@link
 * SentryApiClient#bind}) ends every request of the call, retries and waits included, when the call is cancelled or its
 * deadline passes.
 */
public final class CallScope implements AutoCloseable {
  private final CancellationSignal signal;
  private final CancellationSignal requests = CancellationSignal.create();
  private final CancellationSignal.Registration link;
  private final Duration timeLimit;
  private final long deadlineNanos;
  private final Credential credential;
  private final CallMetrics metrics;
  private final CallObserver observer;

  private CallScope(CancellationSignal signal, Duration timeLimit, long deadlineNanos, Credential credential,
      CallMetrics metrics, CallObserver observer) {
    this.signal = signal;
    this.observer = observer;
    this.credential = credential;
    this.metrics = metrics;
    this.timeLimit = timeLimit;
    this.deadlineNanos = deadlineNanos;
    this.link = signal.onCancel(requests::cancel);
  }

  /**
   * A scope that starts now and ends after {@code timeLimit}; its requests authenticate with {@code credential} (read
   * per request) and are counted in {@code metrics}.
   */
  public static CallScope start(CancellationSignal signal, Duration timeLimit, Credential credential,
      CallMetrics metrics) {
    return start(signal, timeLimit, credential, metrics, CallObserver.NONE);
  }

  /** As {@link #start(CancellationSignal, Duration, Credential, CallMetrics)}, reporting to {@code observer}. */
  public static CallScope start(CancellationSignal signal, Duration timeLimit, Credential credential,
      CallMetrics metrics, CallObserver observer) {
    Objects.requireNonNull(observer, "observer");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(metrics, "metrics");
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit must be positive");
    }
    return new CallScope(signal, timeLimit, System.nanoTime() + timeLimit.toNanos(), credential, metrics, observer);
  }

  /** The credential of the session the call runs for. */
  Credential credential() {
    return credential;
  }

  private volatile @Nullable Redaction redaction;

  private record Redaction(String token, SecretRedactor redactor) {}

  /** The redactor for this token: built once per call and token (a call sends several requests). */
  SecretRedactor redactorFor(String token) {
    Redaction r = redaction;
    if (r == null || !r.token().equals(token)) {
      r = new Redaction(token, SecretRedactor.of(token));
      redaction = r;
    }
    return r.redactor();
  }

  /** What the call did so far. */
  /** Where the call's API exchanges and notices go. */
  public CallObserver observer() {
    return observer;
  }

  public CallMetrics metrics() {
    return metrics;
  }

  /** The caller's cancellation signal. */
  public CancellationSignal signal() {
    return signal;
  }

  /**
   * Fires when the call is cancelled or has ended ({@link #close()}): what the client's requests listen to, so that
   * no request outlives its call (a best-effort request still running when the tool returns is aborted).
   */
  CancellationSignal requestSignal() {
    return requests;
  }

  /** Ends the call: aborts whatever requests of it are still outstanding. Idempotent. */
  @Override
  public void close() {
    link.close();
    requests.cancel();
  }

  /** The call's whole time limit, as configured. */
  public Duration timeLimit() {
    return timeLimit;
  }

  /** {@link System#nanoTime()} at which the call's time is up. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Time left, never negative. */
  public long remainingNanos() {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  public boolean isCancelled() {
    return signal.isCancelled();
  }

  public boolean isExpired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }

  /**
   * Throws when the call was cancelled ({@link ErrorKind#CANCELLED}) or its time is up ({@link ErrorKind#TIMEOUT}).
   */
  public void check() {
    if (signal.isCancelled()) {
      throw cancelled();
    }
    if (isExpired()) {
      throw expired();
    }
  }

  /** The error of a cancelled call. */
  public static SentryMcpException cancelled() {
    return new SentryMcpException(ErrorKind.CANCELLED, "The call was cancelled.");
  }

  /** The error of a call whose time ran out. */
  public SentryMcpException expired() {
    return new SentryMcpException(ErrorKind.TIMEOUT, "The call did not finish within its time limit of "
        + ErrorMapper.describe(timeLimit) + ".");
  }

  @Override
  public String toString() {
    return "CallScope[limit=" + timeLimit.toMillis() + "ms, remaining=" + remainingNanos() / 1_000_000 + "ms"
        + (signal.isCancelled() ? ", cancelled" : "") + "]";
  }
}
