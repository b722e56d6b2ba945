package io.github.sentrymcp.api;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Observes every tool call an engine runs, under every transport and from plain Java: the seam for telemetry and
 * audit logs. Called on the calling thread; must be quick and must not throw (a throwing listener is logged and
 * ignored). Never sees the credential or the arguments.
 */
public interface ToolCallListener {
  /** A listener that does nothing. */
  ToolCallListener NONE = new ToolCallListener() {};

  /** A call is about to run (it passed the engine's concurrency limit). */
  default void callStarted(Call call) {}

  /** A call ended, successfully or not. */
  default void callEnded(Call call, Outcome outcome) {}

  /**
   * A call: the tool, the session's id (never its credential), the transport ({@code stdio}, {@code http}, {@code
   * java}) and when it started.
   */
  record Call(String toolName, String sessionId, String transport, Instant startedAt) {}

  /**
   * How a call ended.
   *
   * @param errorKind null on success
   * @param duration from start to result
   * @param apiRequests HTTP requests sent to Sentry, retries included
   */
  record Outcome(@Nullable ErrorKind errorKind, Duration duration, int apiRequests) {
    public boolean success() {
      return errorKind == null;
    }

    /** Whether this outcome should alert an operator: a failure whose kind is {@link ErrorKind#alerting()}. */
    public boolean alerting() {
      return errorKind != null && errorKind.alerting();
    }
  }
}
