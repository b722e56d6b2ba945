package io.github.sentrymcp.oauth;

import io.github.sentrymcp.api.Scope;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The permission levels a user chooses between on the consent page, as in Sentry's documentation of its MCP server's
 * permissions: each adds Sentry scopes to the one before it.
 */
public enum PermissionLevel {
  /** Search, view issues, events and traces, read docs: {@code org:read project:read team:read event:read}. */
  READ_ONLY("read-only", "Read-only", EnumSet.noneOf(Scope.class)),
  /** Read-only plus resolving and assigning issues, notes and Seer: adds {@code event:write}. */
  ISSUE_TRIAGE("issue-triage", "Read-only and issue triage", EnumSet.of(Scope.EVENT_WRITE)),
  /** Issue triage plus creating and changing projects, teams and client keys: adds {@code project:write team:write}. */
  PROJECT_MANAGEMENT("project-management", "Issue triage and project management",
      EnumSet.of(Scope.EVENT_WRITE, Scope.PROJECT_WRITE, Scope.TEAM_WRITE));

  private final String id;
  private final String title;
  private final Set<Scope> added;

  PermissionLevel(String id, String title, Set<Scope> added) {
    this.id = id;
    this.title = title;
    this.added = added;
  }

  /**
   * The form and storage value, e.g. {@code issue-triage}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The label shown on the consent page.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * The scopes this level grants: the read-only defaults plus what the level adds.
   *
   * @return the scopes, expanded through the hierarchy
   */
  public Set<Scope> scopes() {
    EnumSet<Scope> all = EnumSet.copyOf(Scope.DEFAULTS);
    all.addAll(added);
    return Scope.expand(all);
  }

  /**
   * The level with this id (case-insensitive, surrounding spaces ignored).
   *
   * @param id the id
   * @return the level, or empty
   */
  public static Optional<PermissionLevel> fromId(String id) {
    String v = id.strip().toLowerCase(Locale.ROOT);
    for (PermissionLevel l : values()) {
      if (l.id.equals(v)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
