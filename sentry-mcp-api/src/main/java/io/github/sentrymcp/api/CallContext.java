package io.github.sentrymcp.api;

import java.util.Objects;
import java.util.Set;

/**
 * One tool call's context: the {@link Session} it runs for, the signal that cancels it, the transport it came
 * through (for listeners: {@code stdio}, {@code http}, {@code java} for plain-Java calls), its {@link CallMetrics}
 * and where a long-running call reports its progress ({@link ProgressListener#NONE} unless the transport asked for
 * progress). The grant accessors delegate to the session.
 *
 * <p>A context is meant for one call; an engine gives each call its own signal and metrics.
 */
public record CallContext(
    Session session, CancellationSignal cancellation, String transport, CallMetrics metrics, ProgressListener progress) {

  /** The transport name of calls made from plain Java. */
  public static final String TRANSPORT_JAVA = "java";

  public CallContext {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(progress, "progress");
  }

  /** A context whose progress reports are ignored ({@link ProgressListener#NONE}). */
  public CallContext(Session session, CancellationSignal cancellation, String transport, CallMetrics metrics) {
    this(session, cancellation, transport, metrics, ProgressListener.NONE);
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
    return new CallContext(session, signal, transport, metrics, progress);
  }

  /** The same call, as having come through another transport. */
  public CallContext withTransport(String transportName) {
    return new CallContext(session, cancellation, transportName, metrics, progress);
  }

  /** The same call with fresh metrics. */
  public CallContext withMetrics(CallMetrics callMetrics) {
    return new CallContext(session, cancellation, transport, callMetrics, progress);
  }

  /** The same call, reporting its progress to {@code listener}. */
  public CallContext withProgress(ProgressListener listener) {
    return new CallContext(session, cancellation, transport, metrics, listener);
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
