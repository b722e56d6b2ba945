package io.github.sentrymcp.api;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Skills group tools by purpose; a tool is available when a granted skill includes it and the scopes cover it. */
public enum Skill {
  /** Inspect Issues &amp; Events. */
  INSPECT("inspect", "Inspect Issues & Events", false),
  /** Seer. */
  SEER("seer", "Seer", false),
  /** Documentation (deprecated). */
  DOCS("docs", "Documentation", true),
  /** Triage Issues. */
  TRIAGE("triage", "Triage Issues", false),
  /** Manage Projects &amp; Teams. */
  PROJECT_MANAGEMENT("project-management", "Manage Projects & Teams", false);

  private final String id;
  private final String title;
  private final boolean deprecated;

  Skill(String id, String title, boolean deprecated) {
    this.id = id;
    this.title = title;
    this.deprecated = deprecated;
  }

  /**
   * The id used in grants, such as {@code project-management}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The human-readable title, such as {@code Manage Projects & Teams}.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * Deprecated skills are never part of the default or "all skills" grant.
   *
   * @return true for a deprecated skill
   */
  public boolean deprecated() {
    return deprecated;
  }

  /**
   * All non-deprecated skills: the default grant.
   *
   * @return the active skills
   */
  public static Set<Skill> active() {
    EnumSet<Skill> out = EnumSet.noneOf(Skill.class);
    for (Skill s : values()) {
      if (!s.deprecated) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Finds a skill by its exact id.
   *
   * @param id the id
   * @return the skill, or empty when {@code id} names none
   */
  public static Optional<Skill> fromId(String id) {
    for (Skill s : values()) {
      if (s.id.equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Every valid id in registry order, comma-separated (used in error messages).
   *
   * @return the valid ids
   */
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
