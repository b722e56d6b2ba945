package io.github.sentrymcp.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One user of an engine: who it is ({@link #id()}, for listeners and logs), the credential its requests carry, and
 * its grant: scopes (expanded through the hierarchy), skills, per-tool allow and deny lists, and organization/project
 * constraints. Immutable; each tool call carries its session, so one engine serves any number of them concurrently.
 *
 * <pre>{@code
 * Session alice = Session.builder(AccessToken.of(aliceToken)).id("alice").addScopes("event:write").build();
 * Session bob = Session.builder(Credential.fromFile(Path.of("/run/secrets/bob"))).id("bob")
 *     .organizationSlug("acme").build();
 * }</pre>
 *
 * <p>{@link #toString()} never shows the credential.
 */
public final class Session {
  /** The id of a session built without one. */
  public static final String DEFAULT_ID = "default";

  private static final Pattern TOOL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,200}");

  private final String id;
  private final Credential credential;
  private final Set<Scope> grantedScopes;
  private final Set<Skill> skills;
  private final ToolFilter toolFilter;
  private final SessionConstraints constraints;

  private Session(String id, Credential credential, Set<Scope> grantedScopes, Set<Skill> skills,
      ToolFilter toolFilter, SessionConstraints constraints) {
    this.id = id;
    this.credential = credential;
    this.grantedScopes = Collections.unmodifiableSet(
        grantedScopes.isEmpty() ? EnumSet.noneOf(Scope.class) : Scope.expand(grantedScopes));
    this.skills = Collections.unmodifiableSet(skills.isEmpty() ? EnumSet.noneOf(Skill.class) : EnumSet.copyOf(skills));
    this.toolFilter = toolFilter;
    this.constraints = constraints;
  }

  /**
   * A session with this credential and the defaults: read-only scopes, every active skill, no constraints.
   *
   * @param credential the credential every request carries
   * @return the session
   */
  public static Session of(Credential credential) {
    return builder(credential).build();
  }

  /**
   * A builder for a session with this credential; every other setting is optional.
   *
   * @param credential the credential every request carries
   * @return a new builder
   * @throws NullPointerException when {@code credential} is null
   */
  public static Builder builder(Credential credential) {
    return new Builder(credential);
  }

  /**
   * Who this is: a user or principal name for listeners and logs; never a secret.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The credential every request of this session carries.
   *
   * @return the credential
   */
  public Credential credential() {
    return credential;
  }

  /**
   * The granted scopes, expanded through the hierarchy (admin includes write includes read).
   *
   * @return an unmodifiable set
   */
  public Set<Scope> grantedScopes() {
    return grantedScopes;
  }

  /**
   * The granted skills.
   *
   * @return an unmodifiable set
   */
  public Set<Skill> skills() {
    return skills;
  }

  /**
   * Per-tool allow and deny lists, on top of skills and scopes.
   *
   * @return the tool filter
   */
  public ToolFilter toolFilter() {
    return toolFilter;
  }

  /**
   * The organization, project and region the session is pinned to.
   *
   * @return the constraints, {@link SessionConstraints#NONE} when unconstrained
   */
  public SessionConstraints constraints() {
    return constraints;
  }

  /**
   * The same session with other constraints (for example narrowed by an HTTP path).
   *
   * @param newConstraints the constraints that replace the current ones
   * @return a copy with {@code newConstraints}
   */
  public Session withConstraints(SessionConstraints newConstraints) {
    return new Session(id, credential, grantedScopes, skills, toolFilter,
        Objects.requireNonNull(newConstraints, "newConstraints"));
  }

  /**
   * The same session with another tool filter.
   *
   * @param filter the filter that replaces the current one
   * @return a copy with {@code filter}
   */
  public Session withToolFilter(ToolFilter filter) {
    return new Session(id, credential, grantedScopes, skills, Objects.requireNonNull(filter, "filter"), constraints);
  }

  /**
   * The same session with only those of its skills that are also in {@code keep} (for example narrowed by an HTTP
   * request's {@code ?skills=}); a session can never gain a skill this way.
   *
   * @param keep the skills that may remain
   * @return a copy with the narrowed skills
   */
  public Session narrowSkills(Set<Skill> keep) {
    Objects.requireNonNull(keep, "keep");
    Set<Skill> narrowed = skills.isEmpty() ? EnumSet.noneOf(Skill.class) : EnumSet.copyOf(skills);
    narrowed.retainAll(keep);
    return new Session(id, credential, grantedScopes, narrowed, toolFilter, constraints);
  }

  /**
   * The same session with another id.
   *
   * @param newId 1 to 200 printable ASCII characters without spaces
   * @return a copy with {@code newId}
   * @throws IllegalArgumentException when {@code newId} is not a valid id
   */
  public Session withId(String newId) {
    return new Session(checkedId(newId), credential, grantedScopes, skills, toolFilter, constraints);
  }

  private static String checkedId(String id) {
    if (!ID.matcher(Objects.requireNonNull(id, "id")).matches()) {
      throw new IllegalArgumentException("a session id is 1 to 200 printable ASCII characters without spaces");
    }
    return id;
  }

  @Override
  public String toString() {
    return "Session[id=" + id + ", scopes=" + grantedScopes + ", skills=" + skills + ", constraints=" + constraints
        + ", credential=redacted]";
  }

  /**
   * Collects a grant; {@link #build()} validates it and reports every problem at once. The comma-separated forms take
   * the text of the CLI flags and environment variables ({@code --scopes}, {@code MCP_SCOPES}, ...).
   */
  public static final class Builder {
    private final Credential credential;
    private String id = DEFAULT_ID;
    private @Nullable String scopesCsv;
    private @Nullable String addScopesCsv;
    private @Nullable Set<Scope> scopes;
    private final Set<Scope> addScopes = EnumSet.noneOf(Scope.class);
    private @Nullable String skillsCsv;
    private @Nullable Set<Skill> skillSet;
    private boolean allSkills;
    private @Nullable String disableSkillsCsv;
    private @Nullable String toolsCsv;
    private @Nullable String disableToolsCsv;
    private @Nullable String organizationSlug;
    private @Nullable String projectSlug;
    private @Nullable SessionConstraints constraints;

    private Builder(Credential credential) {
      this.credential = Objects.requireNonNull(credential, "credential");
    }

    /**
     * Who this session is, for listeners and logs (default {@value Session#DEFAULT_ID}); printable ASCII.
     *
     * @param id the id; checked by {@link #build()}
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * The constraints as a value (instead of {@link #organizationSlug}/{@link #projectSlug}).
     *
     * @param constraints the constraints
     * @return this builder
     */
    public Builder constraints(SessionConstraints constraints) {
      this.constraints = Objects.requireNonNull(constraints, "constraints");
      return this;
    }

    /**
     * Replaces the default grant with a comma-separated scope list.
     *
     * @param csv the scope list (checked by {@link #build()}), or null for the defaults
     * @return this builder
     */
    public Builder scopes(@Nullable String csv) {
      this.scopesCsv = csv;
      return this;
    }

    /**
     * Replaces the default grant with these scopes; an empty set grants none.
     *
     * @param scopes the scopes granted
     * @return this builder
     */
    public Builder scopes(Set<Scope> scopes) {
      this.scopes = EnumSet.noneOf(Scope.class); // EnumSet.copyOf refuses an empty non-EnumSet (Set.of())
      this.scopes.addAll(scopes);
      return this;
    }

    /**
     * Adds a comma-separated scope list to the grant.
     *
     * @param csv the scope list (checked by {@link #build()}), or null for none
     * @return this builder
     */
    public Builder addScopes(@Nullable String csv) {
      this.addScopesCsv = csv;
      return this;
    }

    /**
     * Adds these scopes to the grant.
     *
     * @param scopes the scopes added
     * @return this builder
     */
    public Builder addScopes(Set<Scope> scopes) {
      this.addScopes.addAll(scopes);
      return this;
    }

    /**
     * Replaces the skill set with a comma-separated list.
     *
     * @param csv the skill ids (checked by {@link #build()}), or null for the defaults
     * @return this builder
     */
    public Builder skills(@Nullable String csv) {
      this.skillsCsv = csv;
      return this;
    }

    /**
     * Replaces the skill set with these skills.
     *
     * @param skills the skills granted
     * @return this builder
     */
    public Builder skills(Set<Skill> skills) {
      this.skillSet = EnumSet.noneOf(Skill.class);
      this.skillSet.addAll(skills);
      return this;
    }

    /**
     * Grants every non-deprecated skill; cannot be combined with {@link #skills(String)}.
     *
     * @param allSkills true to grant every active skill
     * @return this builder
     */
    public Builder allSkills(boolean allSkills) {
      this.allSkills = allSkills;
      return this;
    }

    /**
     * Only these tools (comma-separated names) may be listed and called, on top of skills and scopes; null or blank
     * for no allow list. Env {@code MCP_TOOLS} in the CLI.
     *
     * @param csv the allowed tool names, or null
     * @return this builder
     */
    public Builder tools(@Nullable String csv) {
      this.toolsCsv = csv;
      return this;
    }

    /**
     * These tools (comma-separated names) are never listed or called; wins over {@link #tools}.
     *
     * @param csv the disabled tool names, or null
     * @return this builder
     */
    public Builder disableTools(@Nullable String csv) {
      this.disableToolsCsv = csv;
      return this;
    }

    /**
     * Removes skills from the resolved set.
     *
     * @param csv the skill ids to remove, or null
     * @return this builder
     */
    public Builder disableSkills(@Nullable String csv) {
      this.disableSkillsCsv = csv;
      return this;
    }

    /**
     * Pins the session to one organization (instead of {@link #constraints(SessionConstraints)}).
     *
     * @param slug the organization slug, or null for none
     * @return this builder
     */
    public Builder organizationSlug(@Nullable String slug) {
      this.organizationSlug = slug;
      return this;
    }

    /**
     * Pins the session to one project of the pinned organization.
     *
     * @param slug the project slug, or null for none
     * @return this builder
     */
    public Builder projectSlug(@Nullable String slug) {
      this.projectSlug = slug;
      return this;
    }

    /**
     * Validates the grant and builds the session.
     *
     * @return the session
     * @throws ConfigurationException listing every problem found
     */
    public Session build() {
      List<String> problems = new ArrayList<>();
      String checkedId = null;
      try {
        checkedId = checkedId(id);
      } catch (IllegalArgumentException e) {
        problems.add("the session id must be 1 to 200 printable ASCII characters without spaces");
      }
      Set<Scope> grant = resolveScopes(problems);
      Set<Skill> skills = resolveSkills(problems);
      ToolFilter filter = resolveToolFilter(problems);
      SessionConstraints sc = constraints;
      if (sc != null && (organizationSlug != null || projectSlug != null)) {
        problems.add("constraints and organization/project slugs cannot both be given");
      }
      if (sc == null) {
        sc = resolveConstraints(problems);
      }
      if (!problems.isEmpty() || checkedId == null) {
        throw new ConfigurationException(problems);
      }
      return new Session(checkedId, credential, grant, skills, filter, sc);
    }

    private Set<Scope> resolveScopes(List<String> problems) {
      Set<Scope> base = scopes != null ? EnumSet.copyOf(scopes) : null;
      if (scopesCsv != null) {
        Csv<Scope> parsed = Csv.parse(scopesCsv, Scope::fromId);
        if (!parsed.invalid().isEmpty()) {
          problems.add("invalid scope(s) " + parsed.invalidQuoted() + "; valid scopes: " + Scope.validIds());
        }
        base = parsed.valid().isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(parsed.valid());
      }
      Set<Scope> grant = EnumSet.noneOf(Scope.class);
      grant.addAll(base != null ? base : Scope.DEFAULTS);
      grant.addAll(addScopes);
      if (addScopesCsv != null) {
        Csv<Scope> parsed = Csv.parse(addScopesCsv, Scope::fromId);
        if (!parsed.invalid().isEmpty()) {
          problems.add("invalid scope(s) to add " + parsed.invalidQuoted() + "; valid scopes: " + Scope.validIds());
        }
        grant.addAll(parsed.valid());
      }
      return Scope.expand(grant);
    }

    private Set<Skill> resolveSkills(List<String> problems) {
      Set<Skill> out;
      if (allSkills && (skillsCsv != null || skillSet != null)) {
        problems.add("skills and all skills cannot both be given");
      }
      if (allSkills) {
        out = Skill.active();
        if (skillsCsv != null) {
          Csv<Skill> parsed = Csv.parse(skillsCsv, Skill::fromId);
          if (!parsed.invalid().isEmpty()) {
            problems.add("invalid skill(s) " + parsed.invalidQuoted() + "; available skills: " + Skill.validIds());
          }
        }
      } else if (skillsCsv != null) {
        Csv<Skill> parsed = Csv.parse(skillsCsv, Skill::fromId);
        if (!parsed.invalid().isEmpty()) {
          problems.add("invalid skill(s) " + parsed.invalidQuoted() + "; available skills: " + Skill.validIds());
        }
        if (parsed.valid().isEmpty()) {
          problems.add("no valid skills given; available skills: " + Skill.validIds());
        }
        out = parsed.valid().isEmpty() ? EnumSet.noneOf(Skill.class) : EnumSet.copyOf(parsed.valid());
      } else if (skillSet != null) {
        out = EnumSet.copyOf(skillSet);
      } else {
        out = Skill.active();
      }
      if (disableSkillsCsv != null) {
        Csv<Skill> parsed = Csv.parse(disableSkillsCsv, Skill::fromId);
        if (!parsed.invalid().isEmpty()) {
          problems.add("invalid skill(s) to disable " + parsed.invalidQuoted() + "; available skills: "
              + Skill.validIds());
        }
        out.removeAll(parsed.valid());
        if (out.isEmpty() && !parsed.valid().isEmpty()) {
          problems.add("all skills are disabled; at least one skill must remain");
        }
      }
      return out;
    }

    private ToolFilter resolveToolFilter(List<String> problems) {
      int before = problems.size();
      Set<String> only = toolsCsv == null || toolsCsv.isBlank() ? null : toolNames(toolsCsv, "tool allow list", problems);
      boolean malformed = problems.size() > before;
      Set<String> disabled = disableToolsCsv == null || disableToolsCsv.isBlank()
          ? Set.of()
          : toolNames(disableToolsCsv, "tool deny list", problems);
      if (only != null && only.isEmpty() && !malformed) {
        problems.add("the tool allow list names no tool");
      }
      return only == null && disabled.isEmpty() ? ToolFilter.ALL : new ToolFilter(only, disabled);
    }

    private static Set<String> toolNames(String csv, String what, List<String> problems) {
      Set<String> out = new LinkedHashSet<>();
      for (String part : csv.split(",", -1)) {
        String name = part.strip();
        if (name.isEmpty()) {
          continue;
        }
        if (!TOOL_NAME.matcher(name).matches()) {
          problems.add(what + ": \"" + Csv.printable(name, 64) + "\" is not a tool name");
        } else {
          out.add(name);
        }
      }
      return out;
    }

    private SessionConstraints resolveConstraints(List<String> problems) {
      String org = organizationSlug == null || organizationSlug.isBlank() ? null : organizationSlug.strip();
      String project = projectSlug == null || projectSlug.isBlank() ? null : projectSlug.strip();
      boolean ok = true;
      if (org != null && !SessionConstraints.SLUG.matcher(org).matches()) {
        problems.add("organization slug \"" + Csv.printable(org, 60) + "\" is not a valid slug");
        ok = false;
      }
      if (project != null && !SessionConstraints.SLUG.matcher(project).matches()) {
        problems.add("project slug \"" + Csv.printable(project, 60) + "\" is not a valid slug");
        ok = false;
      }
      if (project != null && org == null) {
        problems.add("a project constraint needs an organization constraint");
        ok = false;
      }
      return ok ? new SessionConstraints(org, project, null) : SessionConstraints.NONE;
    }
  }
}
