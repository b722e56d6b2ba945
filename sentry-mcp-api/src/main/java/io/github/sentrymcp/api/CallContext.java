package io.github.sentrymcp.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling a tool: the granted scopes (already expanded through the hierarchy), the granted skills, the session
 * constraints, the per-tool allow and deny lists, and the signal that cancels the call.
 */
public record CallContext(
    Set<Scope> grantedScopes,
    Set<Skill> grantedSkills,
    SessionConstraints constraints,
    ToolFilter toolFilter,
    CancellationSignal cancellation) {

  public CallContext {
    grantedScopes =
        Collections.unmodifiableSet(
            grantedScopes.isEmpty() ? EnumSet.noneOf(Scope.class) : Scope.expand(grantedScopes));
    grantedSkills =
        Collections.unmodifiableSet(
            grantedSkills.isEmpty() ? EnumSet.noneOf(Skill.class) : EnumSet.copyOf(grantedSkills));
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(toolFilter, "toolFilter");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  /** A context without per-tool lists ({@link ToolFilter#ALL}). */
  public CallContext(
      Set<Scope> grantedScopes, Set<Skill> grantedSkills, SessionConstraints constraints,
      CancellationSignal cancellation) {
    this(grantedScopes, grantedSkills, constraints, ToolFilter.ALL, cancellation);
  }

  /** A context with the given grant, no constraints, never cancelled. */
  public static CallContext of(Set<Scope> scopes, Set<Skill> skills) {
    return new CallContext(scopes, skills, SessionConstraints.NONE, ToolFilter.ALL, CancellationSignal.never());
  }

  /** The same grant with another cancellation signal (typically a fresh one per call). */
  public CallContext withCancellation(CancellationSignal signal) {
    return new CallContext(grantedScopes, grantedSkills, constraints, toolFilter, signal);
  }

  public CallContext withToolFilter(ToolFilter filter) {
    return new CallContext(grantedScopes, grantedSkills, constraints, filter, cancellation);
  }

  public boolean isCancelled() {
    return cancellation.isCancelled();
  }
}
