package io.github.sentrymcp.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Who is calling a tool: the granted scopes (already expanded through the hierarchy), the granted skills, the session
 * constraints, the per-tool allow and deny lists, and a cancellation signal polled by long-running tools.
 */
public record CallContext(
    Set<Scope> grantedScopes,
    Set<Skill> grantedSkills,
    SessionConstraints constraints,
    ToolFilter toolFilter,
    BooleanSupplier cancelled) {

  public CallContext {
    grantedScopes =
        Collections.unmodifiableSet(
            grantedScopes.isEmpty() ? EnumSet.noneOf(Scope.class) : Scope.expand(grantedScopes));
    grantedSkills =
        Collections.unmodifiableSet(
            grantedSkills.isEmpty() ? EnumSet.noneOf(Skill.class) : EnumSet.copyOf(grantedSkills));
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(toolFilter, "toolFilter");
    Objects.requireNonNull(cancelled, "cancelled");
  }

  /** A context without per-tool lists ({@link ToolFilter#ALL}). */
  public CallContext(
      Set<Scope> grantedScopes, Set<Skill> grantedSkills, SessionConstraints constraints, BooleanSupplier cancelled) {
    this(grantedScopes, grantedSkills, constraints, ToolFilter.ALL, cancelled);
  }

  /** A context with the given grant, no constraints, never cancelled. */
  public static CallContext of(Set<Scope> scopes, Set<Skill> skills) {
    return new CallContext(scopes, skills, SessionConstraints.NONE, ToolFilter.ALL, () -> false);
  }

  public CallContext withCancellation(BooleanSupplier signal) {
    return new CallContext(grantedScopes, grantedSkills, constraints, toolFilter, signal);
  }

  public CallContext withToolFilter(ToolFilter filter) {
    return new CallContext(grantedScopes, grantedSkills, constraints, filter, cancelled);
  }

  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }
}
