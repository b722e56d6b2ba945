package io.github.sentrymcp.api;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The 18 Sentry API scopes. Within one resource {@code admin} implies {@code write} implies {@code read}; nothing is
 * implied across resources, and {@link #PROJECT_RELEASES} stands alone.
 */
public enum Scope {
  /** {@code org:read}. */
  ORG_READ("org:read"),
  /** {@code org:write}. */
  ORG_WRITE("org:write"),
  /** {@code org:admin}. */
  ORG_ADMIN("org:admin"),
  /** {@code project:read}. */
  PROJECT_READ("project:read"),
  /** {@code project:write}. */
  PROJECT_WRITE("project:write"),
  /** {@code project:admin}. */
  PROJECT_ADMIN("project:admin"),
  /** {@code team:read}. */
  TEAM_READ("team:read"),
  /** {@code team:write}. */
  TEAM_WRITE("team:write"),
  /** {@code team:admin}. */
  TEAM_ADMIN("team:admin"),
  /** {@code member:read}. */
  MEMBER_READ("member:read"),
  /** {@code member:write}. */
  MEMBER_WRITE("member:write"),
  /** {@code member:admin}. */
  MEMBER_ADMIN("member:admin"),
  /** {@code event:read}. */
  EVENT_READ("event:read"),
  /** {@code event:write}. */
  EVENT_WRITE("event:write"),
  /** {@code event:admin}. */
  EVENT_ADMIN("event:admin"),
  /** {@code project:releases}. */
  PROJECT_RELEASES("project:releases"),
  /** {@code alerts:read}: Sentry has no {@code alerts:admin}. */
  ALERTS_READ("alerts:read"),
  /** {@code alerts:write}. */
  ALERTS_WRITE("alerts:write");

  /** The default grant: read-only access to organizations, projects, teams and events. */
  public static final Set<Scope> DEFAULTS =
      Set.copyOf(EnumSet.of(ORG_READ, PROJECT_READ, TEAM_READ, EVENT_READ));

  private final String id;

  Scope(String id) {
    this.id = id;
  }

  /**
   * The wire name, e.g. {@code event:write}.
   *
   * @return the wire name
   */
  public String id() {
    return id;
  }

  /**
   * Finds a scope by its exact wire name (case-sensitive, no trimming).
   *
   * @param id the wire name
   * @return the scope, or empty when {@code id} names none
   */
  public static Optional<Scope> fromId(String id) {
    for (Scope s : values()) {
      if (s.id.equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The scopes this one implies, itself included.
   *
   * @return an unmodifiable set
   */
  public Set<Scope> implied() {
    EnumSet<Scope> out = EnumSet.of(this);
    String level = id.substring(id.indexOf(':') + 1);
    if (this == PROJECT_RELEASES) {
      return out;
    }
    String resource = id.substring(0, id.indexOf(':'));
    if (level.equals("admin")) {
      out.add(fromId(resource + ":write").orElseThrow());
      out.add(fromId(resource + ":read").orElseThrow());
    } else if (level.equals("write")) {
      out.add(fromId(resource + ":read").orElseThrow());
    }
    return out;
  }

  /**
   * Expands a grant with every implied scope.
   *
   * @param granted the granted scopes
   * @return the granted scopes and every scope they imply
   */
  public static Set<Scope> expand(Collection<Scope> granted) {
    EnumSet<Scope> out = EnumSet.noneOf(Scope.class);
    for (Scope s : granted) {
      out.addAll(s.implied());
    }
    return out;
  }

  /**
   * Every valid wire name, in declaration order, comma-separated (used in error messages).
   *
   * @return the valid wire names
   */
  public static String validIds() {
    StringBuilder sb = new StringBuilder();
    for (Scope s : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(s.id);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return id;
  }
}
