package io.github.sentrymcp.core.internal.tools.dashboards;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.tools.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** What the dashboard tools share: the summary columns, the project filter and the project lookup. */
final class Dashboards {
  private Dashboards() {}

  /** Titles, environments and creators are written by organization members. */
  static final TrustClass MEMBER = TrustClass.UNTRUSTED_AUTHENTICATED;

  /** A dashboard of a list: one table row and one structured item. */
  static final Columns<SentryJson> SUMMARY = Columns.<SentryJson>builder()
      .column("ID", "id", string("Dashboard id."), d -> d.get("id").nonEmptyText())
      .column("Title", "title", string("Dashboard title."), d -> d.get("title").nonEmptyText())
      .count("Widgets", "widgetCount", "Number of widgets.", d -> OptionalLong.of(d.get("widgetPreview").size()))
      .list("Widget Types", "widgetTypes", array(string("Display type."), "Distinct widget display types."),
          d -> distinct(d.get("widgetDisplay")))
      .list("Projects", "projects", array(string("Project id."), "Project ids (empty: all projects)."),
          d -> distinct(d.get("projects")))
      .list("Environments", "environments", array(string("Environment."), "Environments."),
          d -> distinct(d.get("environment")))
      .column("Created By", "createdBy", nullableString("Creator's name or email."), Dashboards::creator)
      .timestamp("Created", "dateCreated", "Created (ISO-8601).", d -> d.get("dateCreated"))
      .timestamp("Last Visited", "lastVisited", "Last visited (ISO-8601).", d -> d.get("lastVisited"))
      .column("Prebuilt ID", "prebuiltId", nullableString("Id of the prebuilt dashboard it comes from."),
          d -> d.get("prebuiltId").nonEmptyText())
      .skipItemsWithout("id")
      .build();

  /** The columns of the dashboard table (lists stay in the structured items). */
  static final List<String> TABLE_FIELDS = List.of("id", "title", "widgetCount", "createdBy", "dateCreated",
      "lastVisited");

  /** The constrained project's numeric id ({@code GET /projects/{org}/{project}/}). */
  static String projectId(SentryApiClient api, String org, String project) {
    return String.valueOf(api.get(ApiPath.of("/projects/{org}/{project}/", org, project)).jsonObject("project")
        .get("id").requireLong("the project's id"));
  }

  /** Whether a dashboard shows the project: it names no project (all projects) or names this one. */
  static boolean visibleTo(SentryJson dashboard, @Nullable String projectId) {
    List<SentryJson> projects = dashboard.get("projects").items();
    if (projectId == null || projects.isEmpty()) {
      return true;
    }
    for (SentryJson p : projects) {
      Untrusted id = p.nonEmptyText();
      if (id != null && id.contentEquals(projectId)) {
        return true;
      }
    }
    return false;
  }

  static List<SentryJson> visible(List<SentryJson> dashboards, @Nullable String projectId) {
    List<SentryJson> out = new ArrayList<>();
    for (SentryJson d : dashboards) {
      if (d.isObject() && visibleTo(d, projectId)) {
        out.add(d);
      }
    }
    return out;
  }

  static @Nullable Untrusted creator(SentryJson dashboard) {
    Untrusted name = dashboard.path("createdBy", "name").nonEmptyText();
    return name != null ? name : dashboard.path("createdBy", "email").nonEmptyText();
  }

  /** The distinct non-empty texts of an array. */
  static List<Untrusted> distinct(SentryJson array) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson item : array.items()) {
      Untrusted t = item.nonEmptyText();
      if (t != null && out.stream().noneMatch(t::sameText)) {
        out.add(t);
      }
    }
    return out;
  }
}
