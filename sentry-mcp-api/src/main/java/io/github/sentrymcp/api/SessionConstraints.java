package io.github.sentrymcp.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Pins a session to one organization (and optionally one project). Constrained parameters disappear from advertised
 * schemas and are injected over caller arguments; tools check ownership of fetched resources.
 *
 * @param organizationSlug the organization every call is pinned to, or null
 * @param projectSlug the project every call is pinned to (needs an organization), or null
 * @param regionUrl the region URL injected into calls, or null
 */
public record SessionConstraints(
    @Nullable String organizationSlug, @Nullable String projectSlug, @Nullable String regionUrl) {

  /** The slug rule: 1 to 100 characters, {@code [A-Za-z0-9][A-Za-z0-9._-]*}; case is preserved. */
  public static final Pattern SLUG = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}");

  /** No constraints. */
  public static final SessionConstraints NONE = new SessionConstraints(null, null, null);

  /**
   * Checks the slugs.
   *
   * @param organizationSlug the organization every call is pinned to, or null
   * @param projectSlug the project every call is pinned to (needs an organization), or null
   * @param regionUrl the region URL injected into calls, or null
   * @throws IllegalArgumentException when a slug does not match {@link #SLUG}, or a project is given without an
   *     organization
   */
  public SessionConstraints {
    if (organizationSlug != null && !SLUG.matcher(organizationSlug).matches()) {
      throw new IllegalArgumentException("organizationSlug is not a valid slug");
    }
    if (projectSlug != null && !SLUG.matcher(projectSlug).matches()) {
      throw new IllegalArgumentException("projectSlug is not a valid slug");
    }
    if (projectSlug != null && organizationSlug == null) {
      throw new IllegalArgumentException("a project constraint needs an organization constraint");
    }
  }

  /**
   * Whether nothing is pinned.
   *
   * @return true when organization, project and region are all null
   */
  public boolean isEmpty() {
    return organizationSlug == null && projectSlug == null && regionUrl == null;
  }

  /**
   * The non-empty constraints keyed by the tool parameter they pin.
   *
   * @return a map from {@code organizationSlug}, {@code projectSlug} and {@code regionUrl} to their values, in that
   *     order
   */
  public Map<String, String> asParameters() {
    Map<String, String> out = new LinkedHashMap<>();
    if (organizationSlug != null) {
      out.put("organizationSlug", organizationSlug);
    }
    if (projectSlug != null) {
      out.put("projectSlug", projectSlug);
    }
    if (regionUrl != null) {
      out.put("regionUrl", regionUrl);
    }
    return out;
  }
}
