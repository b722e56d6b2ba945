package io.github.sentrymcp.core.internal.tools.dashboards;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Columns;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_dashboard_details}: a dashboard's saved filters and widgets ({@code GET
 * /organizations/{org}/dashboards/{id}/}); a title is first resolved to the one dashboard with exactly that title
 * (ignoring case) by listing {@code ?query=<title>&sort=title&per_page=100}. Under a project constraint only
 * dashboards that show the project are found, and a dashboard naming other projects only is refused.
 */
final class GetDashboardDetailsTool extends AbstractSentryTool {
  private static final int MAX_PAGES = 10;

  static final String DESCRIPTION = String.join("\n",
      "Get a Sentry dashboard's filters and widgets with their saved queries (not live data).",
      "",
      "<examples>",
      "get_dashboard_details(organizationSlug='my-organization', dashboardIdOrTitle='123')",
      "get_dashboard_details(organizationSlug='my-organization', dashboardIdOrTitle='Errors Overview')",
      "</examples>",
      "",
      "<hints>",
      "- A title must match exactly one dashboard (case ignored); find_dashboards lists ids.",
      "</hints>");

  /** A widget: one section each, one structured item. */
  static final Columns<SentryJson> WIDGETS = Columns.<SentryJson>builder()
      .column("ID", "id", string("Widget id."), w -> w.get("id").nonEmptyText())
      .column("Title", "title", nullableString("Widget title."), w -> w.get("title").nonEmptyText())
      .column("Display", "displayType", nullableString("Display type."), w -> w.get("displayType").nonEmptyText())
      .column("Widget Type", "widgetType", nullableString("Widget type (dataset)."),
          w -> w.get("widgetType").nonEmptyText())
      .column("Interval", "interval", nullableString("Interval."), w -> w.get("interval").nonEmptyText())
      .column("Description", "widgetDescription", nullableString("Widget description."),
          w -> w.get("description").nonEmptyText())
      .list("Conditions", "conditions", array(string("Search conditions."), "Each query's conditions."),
          w -> each(w, "conditions"))
      .list("Fields", "fields", array(string("Field."), "Fields of the queries."),
          w -> flat(w, "fields"))
      .list("Columns", "columns", array(string("Column."), "Group-by columns of the queries."),
          w -> flat(w, "columns"))
      .list("Sort", "orderby", array(string("Sort."), "Each query's sort."), w -> each(w, "orderby"))
      .skipItemsWithout("id")
      .build();

  /** The dashboard's own fields. */
  static final Columns<SentryJson> DASHBOARD = Columns.<SentryJson>builder()
      .column("ID", "id", string("Dashboard id."), d -> d.get("id").nonEmptyText())
      .column("Title", "title", string("Dashboard title."), d -> d.get("title").nonEmptyText())
      .timestamp("Created", "dateCreated", "Created (ISO-8601).", d -> d.get("dateCreated"))
      .column("Created By", "createdBy", nullableString("Creator's name or email."), Dashboards::creator)
      .list("Projects", "projects", array(string("Project id."), "Project ids (empty: all projects)."),
          d -> Dashboards.distinct(d.get("projects")))
      .list("Environments", "environments", array(string("Environment."), "Environments."),
          d -> Dashboards.distinct(d.get("environment")))
      .column("Period", "period", nullableString("Saved period."), d -> d.get("period").nonEmptyText())
      .timestamp("Start", "start", "Saved start (ISO-8601).", d -> d.get("start"))
      .timestamp("End", "end", "Saved end (ISO-8601).", d -> d.get("end"))
      .column("Prebuilt ID", "prebuiltId", nullableString("Prebuilt dashboard id."),
          d -> d.get("prebuiltId").nonEmptyText())
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "dashboard", DASHBOARD.itemSchema(),
      "filters", nullableString("The saved filters as compact JSON."),
      "widgets", WIDGETS.arraySchema("The widgets with their saved queries."));

  static final ToolSpec SPEC = ToolSpec.builder("get_dashboard_details", "Get dashboard details", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("dashboardIdOrTitle", "The dashboard's numeric id or exact title.")
          .required().minLength(1).maxLength(255).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ)
      .skills(Skill.INSPECT)
      .build();

  GetDashboardDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String ref = args.requireString("dashboardIdOrTitle").strip();
    if (ref.isEmpty()) {
      throw SentryMcpException.invalidInput("dashboardIdOrTitle must not be blank.");
    }
    boolean numeric = ref.length() <= 20 && ref.chars().allMatch(c -> c >= '0' && c <= '9');
    String project = call.constraints().projectSlug();
    SentryApiClient api = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    String projectId = project == null ? null
        : NotFoundHints.withHint(used, call.constraints(), () -> Dashboards.projectId(api, org, project));
    Object id = numeric ? ref : resolve(api, org, ref, projectId, used, call);
    call.checkCancelled();
    SentryJson dashboard = NotFoundHints.withHint(used, call.constraints(), () -> api.get(
        ApiPath.of("/organizations/{org}/dashboards/{id}/", org, id)).jsonObject("dashboard", Dashboards.MEMBER));
    if (!Dashboards.visibleTo(dashboard, projectId)) {
      throw SentryMcpException.permissionDenied(
          "The dashboard does not show the project this session is constrained to (" + project + ").");
    }

    List<SentryJson> widgets = dashboard.get("widgets").items();
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Dashboard in " + org);
    DASHBOARD.fields(doc, dashboard, 2);
    Untrusted filters = dashboard.get("filters").size() > 0 ? dashboard.get("filters").asCompactJsonText() : null;
    if (filters != null) {
      doc.heading(2, "Filters");
      doc.data(null, filters.truncate(2000));
    }
    doc.heading(2, "Widgets");
    if (WIDGETS.sections(doc, widgets, 3, "Widget") == 0) {
      doc.paragraph("No widgets found.");
    } else {
      doc.paragraph("Widgets show saved query definitions, not live results; run them with search_events.");
    }
    doc.structured(Structured.object()
        .put("dashboard", DASHBOARD.object(dashboard))
        .put("filters", filters == null ? null : filters.truncate(2000))
        .put("widgets", WIDGETS.structured(widgets))
        .build());
    return doc.build();
  }

  /** The id of the one visible dashboard titled {@code title} (case ignored). */
  private static Untrusted resolve(SentryApiClient api, String org, String title, @Nullable String projectId,
      Map<String, String> used, ToolCall call) {
    List<Untrusted> matches = new ArrayList<>();
    Pattern exact = Pattern.compile(Pattern.quote(title), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    List<Untrusted> seen = new ArrayList<>();
    Untrusted cursor = null;
    ApiPath path = ApiPath.of("/organizations/{org}/dashboards/", org);
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      call.checkCancelled();
      Untrusted pageCursor = cursor;
      Paging.Page page = NotFoundHints.withHint(used, call.constraints(), () -> Paging.fetch(api, path,
          Query.create().add("query", title).add("sort", "title").add("per_page", 100).add("cursor", pageCursor),
          "dashboards", Dashboards.MEMBER));
      for (SentryJson d : Dashboards.visible(page.items(), projectId)) {
        Untrusted t = d.get("title").text();
        Untrusted id = d.get("id").nonEmptyText();
        if (t != null && id != null && t.matches(exact)) {
          matches.add(id);
        }
      }
      Untrusted next = page.nextCursor();
      if (next == null || seen.stream().anyMatch(next::sameText)) {
        break;
      }
      seen.add(next);
      cursor = next;
    }
    if (matches.size() == 1) {
      Untrusted id = matches.get(0);
      if (id.length() > 100 || !id.matches(Params.RESOURCE_ID)) {
        throw SentryMcpException.invalidInput("The matching dashboard has an id that cannot be requested.");
      }
      return id;
    }
    throw SentryMcpException.invalidInput(matches.isEmpty()
        ? "No dashboard has exactly this title; find_dashboards lists titles and ids."
        : "Several dashboards have this title; pass the dashboard's id (find_dashboards lists them).");
  }

  private static List<Untrusted> each(SentryJson widget, String field) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson q : widget.get("queries").items()) {
      Untrusted v = q.get(field).nonEmptyText();
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  private static List<Untrusted> flat(SentryJson widget, String field) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson q : widget.get("queries").items()) {
      for (SentryJson f : q.get(field).items()) {
        Untrusted v = f.nonEmptyText();
        if (v != null && out.stream().noneMatch(v::sameText)) {
          out.add(v);
        }
      }
    }
    return out;
  }
}
