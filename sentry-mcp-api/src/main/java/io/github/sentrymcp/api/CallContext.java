package io.github.sentrymcp.api;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One tool call's context: the {@link Session} it runs for, the signal that cancels it, the transport it came
 * through (for listeners: {@code stdio}, {@code http}, {@code java} for plain-Java calls), its {@link CallMetrics}
 * where a long-running call reports its progress ({@link ProgressListener#NONE} unless the transport asked for
 * progress), the {@link CallObserver} the transport wants to hear from while the call runs (its notices, for MCP
 * logging), and the call's {@link RequestOrigin} (null for plain-Java calls). The grant accessors delegate to the
 * session.
 *
 * <p>A context is meant for one call; an engine gives each call its own signal and metrics.
 */
public record CallContext(
    Session session, CancellationSignal cancellation, String transport, CallMetrics metrics, ProgressListener progress,
    CallObserver observer, @Nullable RequestOrigin origin) {

  /** The transport name of calls made from plain Java. */
  public static final String TRANSPORT_JAVA = "java";

  public CallContext {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(observer, "observer");
  }

  /** A context with no observer ({@link CallObserver#NONE}) and no origin. */
  public CallContext(
      Session session, CancellationSignal cancellation, String transport, CallMetrics metrics,
      ProgressListener progress) {
    this(session, cancellation, transport, metrics, progress, CallObserver.NONE, null);
  }

  /** A context whose progress reports are ignored ({@link ProgressListener#NONE}). */
  public CallContext(Session session, CancellationSignal cancellation, String transport, CallMetrics metrics) {
    this(session, cancellation, transport, metrics, ProgressListener.NONE, CallObserver.NONE, null);
  }

  /** A plain-Java call for this session, never cancelled. */
  public static CallContext of(Session session) {
    return new CallContext(session, CancellationSignal.never(), TRANSPORT_JAVA, new CallMetrics());
  }

  /** A plain-Java call for this session with this cancellation signal. */
  public static CallContext of(Session session, CancellationSignal cancellation) {
    return new CallContext(session, cancellation, TRANSPORT_JAVA, new CallMetrics());
  }

  /** The same call with another cancellation signal. */
  public CallContext withCancellation(CancellationSignal signal) {
    return new CallContext(session, signal, transport, metrics, progress, observer, origin);
  }

  /** The same call, as having come through another transport. */
  public CallContext withTransport(String transportName) {
    return new CallContext(session, cancellation, transportName, metrics, progress, observer, origin);
  }

  /** The same call with fresh metrics. */
  public CallContext withMetrics(CallMetrics callMetrics) {
    return new CallContext(session, cancellation, transport, callMetrics, progress, observer, origin);
  }

  /** The same call, reporting its progress to {@code listener}. */
  public CallContext withProgress(ProgressListener listener) {
    return new CallContext(session, cancellation, transport, metrics, listener, observer, origin);
  }

  /** The same call, reporting what happens inside it to {@code callObserver} as well. */
  public CallContext withObserver(CallObserver callObserver) {
    return new CallContext(session, cancellation, transport, metrics, progress, callObserver, origin);
  }

  /** The same call, as having come from {@code requestOrigin}. */
  public CallContext withOrigin(@Nullable RequestOrigin requestOrigin) {
    return new CallContext(session, cancellation, transport, metrics, progress, observer, requestOrigin);
  }

  public Set<Scope> grantedScopes() {
    return session.grantedScopes();
  }

  public Set<Skill> grantedSkills() {
    return session.skills();
  }

  public SessionConstraints constraints() {
    return session.constraints();
  }

  public ToolFilter toolFilter() {
    return session.toolFilter();
  }

  public boolean isCancelled() {
    return cancellation.isCancelled();
  }
}
