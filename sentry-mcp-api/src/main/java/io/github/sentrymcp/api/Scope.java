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
  ORG_READ("org:read"),
  ORG_WRITE("org:write"),
  ORG_ADMIN("org:admin"),
  PROJECT_READ("project:read"),
  PROJECT_WRITE("project:write"),
  PROJECT_ADMIN("project:admin"),
  TEAM_READ("team:read"),
  TEAM_WRITE("team:write"),
  TEAM_ADMIN("team:admin"),
  MEMBER_READ("member:read"),
  MEMBER_WRITE("member:write"),
  MEMBER_ADMIN("member:admin"),
  EVENT_READ("event:read"),
  EVENT_WRITE("event:write"),
  EVENT_ADMIN("event:admin"),
  PROJECT_RELEASES("project:releases"),
  /** {@code alerts:read}: Sentry has no {@code alerts:admin}. */
  ALERTS_READ("alerts:read"),
  ALERTS_WRITE("alerts:write");

  /** The default grant: read-only access to organizations, projects, teams and events. */
  public static final Set<Scope> DEFAULTS =
      Set.copyOf(EnumSet.of(ORG_READ, PROJECT_READ, TEAM_READ, EVENT_READ));

  private final String id;

  Scope(String id) {
    this.id = id;
  }

  /** The wire name, e.g. {@code event:write}. */
  public String id() {
    return id;
  }

  /** Finds a scope by its exact wire name (case-sensitive, no trimming). */
  public static Optional<Scope> fromId(String id) {
    for (Scope s : values()) {
      if (s.id.equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The scopes this one implies, itself included. */
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

  /** Expands a grant with every implied scope. */
  public static Set<Scope> expand(Collection<Scope> granted) {
    EnumSet<Scope> out = EnumSet.noneOf(Scope.class);
    for (Scope s : granted) {
      out.addAll(s.implied());
    }
    return out;
  }

  /** Every valid wire name, in declaration order, comma-separated (used in error messages). */
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
