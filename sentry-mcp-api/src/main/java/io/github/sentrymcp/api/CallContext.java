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
 *
 * @param session the session the call runs for
 * @param cancellation the signal that cancels the call
 * @param transport the transport's name: {@code stdio}, {@code http}, or {@link #TRANSPORT_JAVA} for plain-Java calls
 * @param metrics the call's counters
 * @param progress where progress reports go; {@link ProgressListener#NONE} unless the transport asked for progress
 * @param observer what the transport wants to hear while the call runs
 * @param origin the MCP request the call came from, or null for plain-Java calls
 */
public record CallContext(
    Session session, CancellationSignal cancellation, String transport, CallMetrics metrics, ProgressListener progress,
    CallObserver observer, @Nullable RequestOrigin origin) {

  /** The transport name of calls made from plain Java. */
  public static final String TRANSPORT_JAVA = "java";

  /**
   * Checks that every component is present.
   *
   * @param session the session the call runs for
   * @param cancellation the signal that cancels the call
   * @param transport the transport's name: {@code stdio}, {@code http}, or {@link #TRANSPORT_JAVA} for plain-Java calls
   * @param metrics the call's counters
   * @param progress where progress reports go; {@link ProgressListener#NONE} unless the transport asked for progress
   * @param observer what the transport wants to hear while the call runs
   * @param origin the MCP request the call came from, or null for plain-Java calls
   * @throws NullPointerException when any component other than {@code origin} is null
   */
  public CallContext {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(observer, "observer");
  }

  /**
   * A context with no observer ({@link CallObserver#NONE}) and no origin.
   *
   * @param session the calling session
   * @param cancellation the signal that cancels the call
   * @param transport the transport's name, such as {@code stdio}
   * @param metrics the call's counters
   * @param progress where progress reports go
   */
  public CallContext(
      Session session, CancellationSignal cancellation, String transport, CallMetrics metrics,
      ProgressListener progress) {
    this(session, cancellation, transport, metrics, progress, CallObserver.NONE, null);
  }

  /**
   * A context whose progress reports are ignored ({@link ProgressListener#NONE}).
   *
   * @param session the calling session
   * @param cancellation the signal that cancels the call
   * @param transport the transport's name, such as {@code stdio}
   * @param metrics the call's counters
   */
  public CallContext(Session session, CancellationSignal cancellation, String transport, CallMetrics metrics) {
    this(session, cancellation, transport, metrics, ProgressListener.NONE, CallObserver.NONE, null);
  }

  /**
   * A plain-Java call for this session, never cancelled.
   *
   * @param session the calling session
   * @return a context with transport {@code java}, fresh metrics and no progress listener
   */
  public static CallContext of(Session session) {
    return new CallContext(session, CancellationSignal.never(), TRANSPORT_JAVA, new CallMetrics());
  }

  /**
   * A plain-Java call for this session with this cancellation signal.
   *
   * @param session the calling session
   * @param cancellation the signal that cancels the call
   * @return a context with transport {@code java}, fresh metrics and no progress listener
   */
  public static CallContext of(Session session, CancellationSignal cancellation) {
    return new CallContext(session, cancellation, TRANSPORT_JAVA, new CallMetrics());
  }

  /**
   * The same call with another cancellation signal.
   *
   * @param signal the new signal
   * @return a copy with {@code signal}
   */
  public CallContext withCancellation(CancellationSignal signal) {
    return new CallContext(session, signal, transport, metrics, progress, observer, origin);
  }

  /**
   * The same call, as having come through another transport.
   *
   * @param transportName the transport's name, such as {@code http}
   * @return a copy with {@code transportName}
   */
  public CallContext withTransport(String transportName) {
    return new CallContext(session, cancellation, transportName, metrics, progress, observer, origin);
  }

  /**
   * The same call with fresh metrics.
   *
   * @param callMetrics the new metrics
   * @return a copy with {@code callMetrics}
   */
  public CallContext withMetrics(CallMetrics callMetrics) {
    return new CallContext(session, cancellation, transport, callMetrics, progress, observer, origin);
  }

  /**
   * The same call, reporting its progress to {@code listener}.
   *
   * @param listener the progress listener
   * @return a copy with {@code listener}
   */
  public CallContext withProgress(ProgressListener listener) {
    return new CallContext(session, cancellation, transport, metrics, listener, observer, origin);
  }

  /**
   * The same call, reporting what happens inside it to {@code callObserver} as well.
   *
   * @param callObserver the observer (it replaces the current one)
   * @return a copy with {@code callObserver}
   */
  public CallContext withObserver(CallObserver callObserver) {
    return new CallContext(session, cancellation, transport, metrics, progress, callObserver, origin);
  }

  /**
   * The same call, as having come from {@code requestOrigin}.
   *
   * @param requestOrigin the MCP request the call came from, or null for none
   * @return a copy with {@code requestOrigin}
   */
  public CallContext withOrigin(@Nullable RequestOrigin requestOrigin) {
    return new CallContext(session, cancellation, transport, metrics, progress, observer, requestOrigin);
  }

  /**
   * The session's granted scopes, expanded through the hierarchy.
   *
   * @return the granted scopes
   */
  public Set<Scope> grantedScopes() {
    return session.grantedScopes();
  }

  /**
   * The session's skills.
   *
   * @return the granted skills
   */
  public Set<Skill> grantedSkills() {
    return session.skills();
  }

  /**
   * The session's constraints.
   *
   * @return the constraints, {@link SessionConstraints#NONE} when there are none
   */
  public SessionConstraints constraints() {
    return session.constraints();
  }

  /**
   * The session's tool filter.
   *
   * @return the tool filter
   */
  public ToolFilter toolFilter() {
    return session.toolFilter();
  }

  /**
   * Whether the call's cancellation signal was cancelled.
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancellation.isCancelled();
  }
}
