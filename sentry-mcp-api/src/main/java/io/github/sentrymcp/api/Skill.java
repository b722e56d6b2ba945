package io.github.sentrymcp.api;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Skills group tools by purpose; a tool is available when a granted skill includes it and the scopes cover it. */
public enum Skill {
  INSPECT("inspect", "Inspect Issues & Events", false),
  SEER("seer", "Seer", false),
  DOCS("docs", "Documentation", true),
  TRIAGE("triage", "Triage Issues", false),
  PROJECT_MANAGEMENT("project-management", "Manage Projects & Teams", false);

  private final String id;
  private final String title;
  private final boolean deprecated;

  Skill(String id, String title, boolean deprecated) {
    this.id = id;
    this.title = title;
    this.deprecated = deprecated;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  /** Deprecated skills are never part of the default or "all skills" grant. */
  public boolean deprecated() {
    return deprecated;
  }

  /** All non-deprecated skills: the default grant. */
  public static Set<Skill> active() {
    EnumSet<Skill> out = EnumSet.noneOf(Skill.class);
    for (Skill s : values()) {
      if (!s.deprecated) {
        out.add(s);
      }
    }
    return out;
  }

  public static Optional<Skill> fromId(String id) {
    for (Skill s : values()) {
      if (s.id.equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Every valid id in registry order, comma-separated (used in error messages). */
  public static String validIds() {
    StringBuilder sb = new StringBuilder();
    for (Skill s : values()) {
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
