package io.github.sentrymcp.api;

import java.util.Set;

/**
 * How the caller can get what a permission error says is missing, in the words of the edge that granted the session:
 * a CLI names its flags, an HTTP server its URL parameters or consent page. The engine's own messages name only the
 * missing scope, skill or tool list; a hint is appended to them.
 */
public interface GrantHints {
  /** No hints: the messages name what is missing and nothing else. */
  GrantHints NONE = new GrantHints() {};

  /**
   * A sentence on how to be granted these scopes, or empty.
   *
   * @param missing the scopes the call lacks
   * @return the hint, or an empty string (the default)
   */
  default String forScopes(Set<Scope> missing) {
    return "";
  }

  /**
   * A sentence on how to be granted one of these skills, or empty.
   *
   * @param anyOf the skills of which the call needs one
   * @return the hint, or an empty string (the default)
   */
  default String forSkills(Set<Skill> anyOf) {
    return "";
  }

  /**
   * A sentence on how a tool that the session's tool lists refuse could be allowed, or empty.
   *
   * @param tool the refused tool's name
   * @return the hint, or an empty string (the default)
   */
  default String forToolFilter(String tool) {
    return "";
  }
}
