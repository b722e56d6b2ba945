package io.github.sentrymcp.core.internal.tools.projects;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the project-management write tools share: the {@code teamSlug} parameter, reading every page of a Sentry list
 * (a project's teams, an organization's repositories) and the team part of their results.
 */
final class ProjectManagementSupport {
  private ProjectManagementSupport() {}

  /** Items per page when a tool reads a whole list ({@code per_page}). */
  static final int FULL_LIST_PAGE_SIZE = 100;

  /** At most this many pages are read; a longer list (or a cursor loop) fails instead of being cut short. */
  static final int MAX_PAGES = 50;

  /** Scopes of add_team_to_project and remove_team_from_project (and create_project). */
  static final Set<Scope> TEAM_ACCESS_SCOPES = Set.of(Scope.PROJECT_WRITE, Scope.TEAM_READ, Scope.ORG_READ);

  static InputSchema.Param teamSlug(String description) {
    return InputSchema.builder()
        .string("teamSlug", description)
        .required().minLength(1).check(Params::slugProblem).param();
  }

  /** A team: slug, name and id in a table; {@code id}, {@code slug} and {@code name} in structured content. */
  static final Columns<SentryJson> TEAMS = Columns.<SentryJson>builder()
      .column("ID", "id", string("Team id."), t -> t.get("id").nonEmptyText())
      .column("Slug", "slug", string("Team slug."), t -> t.get("slug").nonEmptyText())
      .column("Name", "name", nullableString("Team name."), t -> t.get("name").nonEmptyText())
      .displayOrder("Slug", "Name", "ID")
      .skipItemsWithout("slug")
      .build();

  /** Output schema of add_team_to_project and remove_team_from_project. */
  static final Map<String, Object> ASSIGNMENT_OUTPUT_SCHEMA = root(
      "changed", bool("True when this call changed the project's teams."),
      "teams", TEAMS.arraySchema("The teams with access to the project after the call."));

  /**
   * Every element of a list endpoint, following the {@code Link} header's next cursor.
   *
   * @throws ApiException of kind {@link ErrorKind#UPSTREAM_ERROR} when the list has more than {@link #MAX_PAGES} pages
   *     or a page is not a list
   */
  static List<SentryJson> readAll(SentryApiClient client, ApiPath path, String sourceRoot) {
    List<SentryJson> all = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ApiResponse response = client.get(path,
          Query.create().add("per_page", FULL_LIST_PAGE_SIZE).add("cursor", cursor));
      // source paths name the page too: teams[0] of the second page is teams.page2[0]
      String source = page == 0 ? sourceRoot : sourceRoot + ".page" + (page + 1);
      all.addAll(response.jsonArray(source, TrustClass.UNTRUSTED_AUTHENTICATED).items());
      cursor = response.nextCursor();
      if (cursor == null) {
        return all;
      }
    }
    throw new ApiException(ErrorKind.UPSTREAM_ERROR, 0, "GET " + path.template(),
        "Sentry returned more than " + MAX_PAGES + " pages of " + FULL_LIST_PAGE_SIZE + " items for GET "
            + path.template() + "; the list was not read to its end, so nothing was changed.",
        List.of(), null, null);
  }

  /**
   * {@code GET /projects/{org}/{project}/teams/}, every page.
   *
   * @throws io.github.sentrymcp.api.SentryMcpException of kind {@link ErrorKind#UPSTREAM_ERROR} when a team is not an
   *     object with a string slug (see {@link #checkTeams})
   */
  static List<SentryJson> projectTeams(SentryApiClient client, String org, String project) {
    return checkTeams(readAll(client, ApiPath.of("/projects/{org}/{project}/teams/", org, project), "teams"));
  }

  /**
   * The teams of a project, each checked to be an object with a non-empty string slug: the tools decide by the slugs
   * whether to write, so a team they cannot match is an upstream error, not a team that is silently not there.
   */
  static List<SentryJson> checkTeams(List<SentryJson> teams) {
    for (SentryJson t : teams) {
      t.requireObject("a team").get("slug").requireText("the slug of a team");
    }
    return teams;
  }

  /** Whether a team with exactly this slug is in the list. */
  static boolean contains(List<SentryJson> teams, String teamSlug) {
    return find(teams, teamSlug) != null;
  }

  static @Nullable SentryJson find(List<SentryJson> teams, String teamSlug) {
    for (SentryJson t : teams) {
      if (t.get("slug").textEquals(teamSlug)) {
        return t;
      }
    }
    return null;
  }

  /** A table of the teams (or a sentence when there are none). */
  static void appendTable(ToolResult.Builder doc, List<SentryJson> teams) {
    TEAMS.table(doc, teams, "No team has access to this project.");
  }

  /** The structured content {@code {changed, teams}}. */
  static Structured.Obj assignmentResult(boolean changed, List<SentryJson> teams) {
    return Structured.object()
        .put("changed", changed)
        .put("teams", TEAMS.structured(teams))
        .build();
  }
}
