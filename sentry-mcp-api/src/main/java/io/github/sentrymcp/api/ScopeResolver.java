package io.github.sentrymcp.api;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Parses scope grants and decides whether a grant covers a tool's requirements. Fails closed. */
public interface ScopeResolver {

  /**
   * Parses a comma-separated scope list. Every token must be a known scope.
   *
   * @param csv the comma-separated list
   * @return the scopes listed
   * @throws ConfigurationException naming each invalid token and listing the valid scopes
   */
  Set<Scope> parse(String csv);

  /**
   * The effective grant: {@code replace} (or the defaults when null) plus {@code add}, expanded through the hierarchy.
   *
   * @param replace the scopes that replace the defaults, or null to keep the defaults
   * @param add scopes added to the grant
   * @return the expanded grant
   */
  Set<Scope> resolve(@Nullable Set<Scope> replace, Set<Scope> add);

  /**
   * The required scopes not covered by the grant (after hierarchy expansion); empty when allowed.
   *
   * @param granted the granted scopes
   * @param required the scopes a tool requires
   * @return the missing scopes, empty when the grant covers {@code required}
   */
  Set<Scope> missing(Set<Scope> granted, Set<Scope> required);
}
