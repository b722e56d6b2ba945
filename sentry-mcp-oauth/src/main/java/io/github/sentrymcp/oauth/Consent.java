package io.github.sentrymcp.oauth;

import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a user granted a client on the consent page: a permission level, the skills, and an optional
 * organization/project constraint (from the resource the client asked for, or narrowed by the user).
 *
 * @param level the permission level (Sentry scopes)
 * @param skills the granted skills, at least one
 * @param organizationSlug the organization every request is confined to, or null
 * @param projectSlug the project every request is confined to (needs an organization), or null
 */
public record Consent(PermissionLevel level, Set<Skill> skills, @Nullable String organizationSlug,
    @Nullable String projectSlug) {

  /**
   * Checks the consent and copies the skills.
   *
   * @param level the permission level (Sentry scopes)
   * @param skills the granted skills, at least one
   * @param organizationSlug the organization every request is confined to, or null
   * @param projectSlug the project every request is confined to (needs an organization), or null
   * @throws NullPointerException when {@code level} or {@code skills} is null
   * @throws IllegalArgumentException when no skill is granted, a slug is not valid, or a project comes without an
   *     organization
   */
  public Consent {
    Objects.requireNonNull(level, "level");
    if (skills.isEmpty()) {
      throw new IllegalArgumentException("a consent grants at least one skill");
    }
    skills = Set.copyOf(EnumSet.copyOf(skills));
    // validates the slugs and that a project comes with an organization
    new SessionConstraints(organizationSlug, projectSlug, null);
  }

  /**
   * The constraints of the session this consent grants.
   *
   * @return the constraints
   */
  public SessionConstraints constraints() {
    return new SessionConstraints(organizationSlug, projectSlug, null);
  }
}
