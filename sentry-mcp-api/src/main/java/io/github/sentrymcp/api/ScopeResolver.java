package io.github.sentrymcp.api;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Parses scope grants and decides whether a grant covers a tool's requirements. Fails closed. */
public interface ScopeResolver {

  /**
   * Parses a comma-separated scope list. Every token must be a known scope.
   *
   * @throws ConfigurationException naming each invalid token and listing the valid scopes
   */
  Set<Scope> parse(String csv);

  /**
   * The effective grant: {@code replace} (or the defaults when null) plus {@code add}, expanded through the hierarchy.
   */
  Set<Scope> resolve(@Nullable Set<Scope> replace, Set<Scope> add);

  /** The required scopes not covered by the grant (after hierarchy expansion); empty when allowed. */
  Set<Scope> missing(Set<Scope> granted, Set<Scope> required);
}
