package io.github.sentrymcp.core.internal.tools.alerts;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.api.SessionConstraints;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Which projects an alert rule affects, and its sources (detectors) after adding or removing some. A session
 * constrained to one project may only write an alert whose every source is in that project; these checks run before
 * the write and send only reads.
 */
final class AlertRuleSources {
  private AlertRuleSources() {}

  /** Pages of a project's detectors read at most when looking for its issue stream. */
  static final int MAX_DETECTOR_PAGES = 10;

  /** A project as Sentry returned it: the validated slug it was asked for, and its numeric id. */
  record ProjectRef(String slug, long id) {}

  /** The constraint error: fixed text naming the session's project (validated configuration). */
  static SentryMcpException outsideConstraint(String constrainedProject, String what) {
    return SentryMcpException.permissionDenied(what + " is outside the active project constraint ("
        + constrainedProject + "): a session constrained to a project may only write alerts whose sources are all"
        + " in that project. Nothing was written.");
  }

  /** {@code GET /projects/{org}/{project}/}: the project's numeric id. */
  static ProjectRef project(SentryApiClient client, SessionConstraints constraints, String org, String slug) {
    SentryJson p = NotFoundHints.withHint(Map.of("organizationSlug", org, "projectSlug", slug), constraints,
        () -> client.get(ApiPath.of("/projects/{org}/{project}/", org, slug)))
        .jsonObject("project", TrustClass.UNTRUSTED_AUTHENTICATED);
    OptionalLong id = AlertRuleBodies.id(p);
    if (id.isEmpty()) {
      throw p.malformed("the project has no numeric id");
    }
    return new ProjectRef(slug, id.getAsLong());
  }

  /** The projects an alert affects ({@code GET .../workflows/{id}/project-scope/}). */
  record RuleScope(boolean includesAllProjects, List<Long> projectIds) {}

  static RuleScope ruleScope(SentryApiClient client, SessionConstraints constraints, String org, long ruleId) {
    SentryJson s = NotFoundHints.withHint(Map.of("organizationSlug", org, "ruleId", String.valueOf(ruleId)),
            constraints,
            () -> client.get(ApiPath.of("/organizations/{org}/workflows/{id}/project-scope/", org,
                String.valueOf(ruleId))))
        .jsonObject("projectScope", TrustClass.UNTRUSTED_AUTHENTICATED);
    List<Long> ids = new ArrayList<>();
    boolean unreadable = false;
    for (SentryJson id : s.get("projectIds").items()) {
      OptionalLong n = id.asLong();
      if (n.isPresent()) {
        ids.add(n.getAsLong());
      } else {
        unreadable = true;
      }
    }
    // a missing flag or an id we cannot read is taken as "affects other projects too" (fails closed)
    boolean all = s.get("includesAllProjects").asBoolean().orElse(Boolean.TRUE) || unreadable;
    return new RuleScope(all, ids);
  }

  /**
   * Checks the alert against the project named by {@code projectSlug} (the session's project when constrained):
   * constrained, every project the alert affects must be that one; otherwise the alert must affect that project.
   *
   * @param projectSlug the validated projectSlug argument (already the constraint's when constrained), or null
   * @return the constrained project, or null when the session is not constrained to one
   */
  static @Nullable ProjectRef checkRuleProject(SentryApiClient client, SessionConstraints constraints, String org,
      long ruleId, @Nullable String projectSlug) {
    String constrained = constraints.projectSlug();
    String slug = constrained != null ? constrained : projectSlug;
    if (slug == null) {
      return null;
    }
    ProjectRef project = project(client, constraints, org, slug);
    RuleScope scope = ruleScope(client, constraints, org, ruleId);
    if (constrained != null) {
      boolean exclusive = !scope.includesAllProjects() && !scope.projectIds().isEmpty()
          && scope.projectIds().stream().allMatch(id -> id == project.id());
      if (!exclusive) {
        throw outsideConstraint(constrained, "The alert rule");
      }
      return project;
    }
    if (!scope.includesAllProjects() && !scope.projectIds().contains(project.id())) {
      throw SentryMcpException.invalidInput("The alert rule does not affect the project named by projectSlug ("
          + slug + "). Nothing was written.");
    }
    return null;
  }

  /**
   * The alert's sources after the changes: the current ones, minus the removed ones, plus the added ones (a
   * project's issue stream is looked up by its project). Under a project constraint every named source must be in
   * {@code scoped}, and the result may not be empty.
   *
   * @param current the sources the alert has now (empty for a new alert)
   */
  static List<Long> resolve(SentryApiClient client, SessionConstraints constraints, String org, List<Long> current,
      List<String> addProjects, List<String> removeProjects, List<String> addDetectors, List<String> removeDetectors,
      @Nullable ProjectRef scoped) {
    LinkedHashSet<Long> additions = new LinkedHashSet<>();
    LinkedHashSet<Long> removals = new LinkedHashSet<>();
    for (String slug : new LinkedHashSet<>(addProjects)) {
      additions.add(issueStream(client, constraints, org, slug, scoped));
    }
    for (String id : new LinkedHashSet<>(addDetectors)) {
      additions.add(detector(client, constraints, org, Long.parseLong(id), scoped));
    }
    for (String slug : new LinkedHashSet<>(removeProjects)) {
      removals.add(issueStream(client, constraints, org, slug, scoped));
    }
    for (String id : new LinkedHashSet<>(removeDetectors)) {
      long n = Long.parseLong(id);
      // a connected source may no longer be readable: Sentry checks the removal itself when saving
      removals.add(current.contains(n) ? n : detector(client, constraints, org, n, scoped));
    }
    for (Long id : additions) {
      if (removals.contains(id)) {
        throw SentryMcpException.invalidInput(
            "The same alert source cannot be added and removed in one update. Nothing was written.");
      }
    }
    LinkedHashSet<Long> out = new LinkedHashSet<>(current);
    out.removeAll(removals);
    out.addAll(additions);
    if (scoped != null && out.isEmpty()) {
      throw noSourcesUnderConstraint(scoped.slug());
    }
    return List.copyOf(out);
  }

  static SentryMcpException noSourcesUnderConstraint(String constrainedProject) {
    return SentryMcpException.permissionDenied("An alert without sources affects no project, which requires an"
        + " organization-wide session; this one is constrained to " + constrainedProject + ". Nothing was written.");
  }

  /** {@code GET /organizations/{org}/detectors/{id}/}; constrained, the detector must be in the scoped project. */
  private static long detector(SentryApiClient client, SessionConstraints constraints, String org, long id,
      @Nullable ProjectRef scoped) {
    SentryJson d = NotFoundHints.withHint(Map.of("organizationSlug", org, "detectorId", String.valueOf(id)),
            constraints,
            () -> client.get(ApiPath.of("/organizations/{org}/detectors/{id}/", org, String.valueOf(id))))
        .jsonObject("detector", TrustClass.UNTRUSTED_AUTHENTICATED);
    if (scoped != null) {
      OptionalLong project = d.get("projectId").asLong();
      if (project.isEmpty() || project.getAsLong() != scoped.id()) {
        throw outsideConstraint(scoped.slug(), "The alert source " + id);
      }
    }
    return id;
  }

  /**
   * The id of a project's issue stream detector ({@code GET /organizations/{org}/detectors/?project=<id>
   * &per_page=100&type=issue_stream}, every page): exactly one must exist.
   */
  private static long issueStream(SentryApiClient client, SessionConstraints constraints, String org, String slug,
      @Nullable ProjectRef scoped) {
    if (scoped != null && !scoped.slug().equals(slug)) {
      throw outsideConstraint(scoped.slug(), "A project named in the arguments");
    }
    ProjectRef project = scoped != null ? scoped : project(client, constraints, org, slug);
    List<Long> matches = new ArrayList<>();
    Untrusted cursor = null;
    boolean complete = false;
    for (int page = 0; page < MAX_DETECTOR_PAGES && !complete; page++) {
      Query query = Query.create()
          .add("project", project.id())
          .add("per_page", 100)
          .add("type", "issue_stream")
          .add("cursor", cursor);
      ApiResponse response = client.get(ApiPath.of("/organizations/{org}/detectors/", org), query);
      for (SentryJson d : response.jsonArray("detectors", TrustClass.UNTRUSTED_AUTHENTICATED).items()) {
        OptionalLong id = AlertRuleBodies.id(d);
        OptionalLong projectId = d.get("projectId").asLong();
        if (d.get("type").textEquals("issue_stream") && id.isPresent() && projectId.isPresent()
            && projectId.getAsLong() == project.id() && !matches.contains(id.getAsLong())) {
          matches.add(id.getAsLong());
        }
      }
      String next = response.nextCursor();
      complete = next == null;
      cursor = next == null ? null : Paging.usableCursor(next);
      if (!complete && cursor == null) {
        break; // more pages, but no cursor we would send back
      }
    }
    if (!complete) {
      throw SentryMcpException.invalidInput("The issue stream of project " + slug + " could not be found within "
          + MAX_DETECTOR_PAGES + " pages of its monitors; connect it with addDetectorIds instead. Nothing was"
          + " written.");
    }
    if (matches.isEmpty()) {
      throw SentryMcpException.invalidInput("Project " + slug + " has no issue_stream monitor (Sentry creates it"
          + " with the project), so its issue stream cannot be connected or disconnected. Nothing was written.");
    }
    if (matches.size() > 1) {
      throw SentryMcpException.invalidInput("Project " + slug + " has more than one issue_stream monitor, so its"
          + " issue stream is ambiguous; use addDetectorIds/removeDetectorIds instead. Nothing was written.");
    }
    return matches.get(0);
  }
}
