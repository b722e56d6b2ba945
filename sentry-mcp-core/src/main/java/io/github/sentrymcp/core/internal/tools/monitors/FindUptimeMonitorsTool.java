package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
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
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code find_uptime_monitors}: one page of an organization's HTTP uptime monitors ({@code GET
 * /organizations/{org}/uptime/}), optionally of one project (its numeric id from {@code GET
 * /projects/{org}/{project}/} as {@code project}). The lower-case literal {@code all} means every project.
 *
 * <p>Paging: {@code limit} monitors per call ({@code per_page}); Sentry's {@code Link} header says whether more follow
 * and gives the cursor of the next page, so no extra item is requested to probe for more (the reference asks for
 * {@code limit+1} and has no cursor).
 */
final class FindUptimeMonitorsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Find HTTP uptime monitors in a Sentry organization (cron monitors: find_monitors).",
      "",
      "Use this tool when you need to:",
      "- List uptime monitors of an organization or project",
      "- Find a monitor by name or URL before get_uptime_monitor_details",
      "- Check a monitor's status, owner, interval or checked URL",
      "",
      "<examples>",
      "find_uptime_monitors(organizationSlug='my-organization')",
      "find_uptime_monitors(organizationSlug='my-organization', projectSlug='backend', query='api')",
      "</examples>",
      "",
      "<hints>",
      "- projectSlug='all' (or none) lists every project's monitors.",
      "- When hasMore is true, pass nextCursor as cursor, or narrow with projectSlug, environment, owner or query.",
      "</hints>");

  /** A monitor of the page with its web URL. */
  record Item(SentryJson json, @Nullable Untrusted webUrl) {}

  static final Columns<Item> MONITORS = Columns.<Item>builder()
      .column("ID", "id", string("Uptime monitor ID."), m -> m.json().get("id").nonEmptyText())
      .column("Name", "name", nullableString("Monitor display name."), m -> m.json().get("name").nonEmptyText())
      .column("Project", "projectSlug", nullableString("Project the monitor belongs to."),
          m -> m.json().get("projectSlug").nonEmptyText())
      .column("Status", "status", nullableString("Monitor status, e.g. active or disabled."),
          m -> m.json().get("status").nonEmptyText())
      .column("Uptime", "uptimeStatus", string("Last known result: ok, failed or unknown."),
          m -> uptimeStatus(m.json()))
      .column("URL", "url", nullableString("URL that is checked."), m -> m.json().get("url").nonEmptyText())
      .column("Method", "method", nullableString("HTTP method of the check."),
          m -> m.json().get("method").nonEmptyText())
      .count("Interval (s)", "intervalSeconds", "Seconds between checks.",
          m -> m.json().get("intervalSeconds").asLong())
      .column("Environment", "environment", nullableString("Environment of created uptime issues."),
          m -> UptimeMonitorSupport.nonBlank(m.json().get("environment").text()))
      .column("Owner", "owner", nullableString("Owner (team or user) name."),
          m -> UptimeMonitorSupport.owner(m.json().get("owner")))
      .column("Web URL", "webUrl", nullableString("Monitor URL in the Sentry web UI."), Item::webUrl)
      .displayOrder("ID", "Name", "Project", "Status", "Uptime", "URL", "Interval (s)", "Owner")
      .skipItemsWithout("id")
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"monitors", MONITORS.arraySchema("The monitors on this page (at most `limit`).")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_uptime_monitors", "Find Uptime Monitors", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(projectSlugOrAll())
          .string("environment", "Only monitors of this environment.").nullable().minLength(1).maxLength(64).add()
          .string("owner", "Only monitors of this owner: `user:123`, `team:456`, `myteams` or `unassigned`.")
          .nullable().minLength(1).maxLength(200).add()
          .add(Params.query("Only monitors whose name or URL matches this text."))
          .integer("limit", "Monitors per page (1-99).").minimum(1).maximum(99).defaultValue(10L).add()
          .add(Params.cursor())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final WebLinks links;

  FindUptimeMonitorsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = UptimeMonitorSupport.projectFilter(args);
    int limit = args.intValue("limit", 10);
    SentryApiClient client = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    if (project != null) {
      used.put("projectSlug", project);
    }
    Paging.Page fetched = NotFoundHints.withHint(used, call.constraints(), () -> {
      Untrusted projectId = null;
      if (project != null) {
        projectId = UptimeMonitorSupport.projectId(client, org, project);
      }
      Query query = Query.create()
          .add("project", projectId)
          .add("environment", args.nonBlank("environment"))
          .add("owner", args.nonBlank("owner"))
          .add("query", args.nonBlank("query"))
          .add("per_page", limit)
          .add("cursor", args.nonBlank("cursor"));
      return Paging.fetch(client, ApiPath.of("/organizations/{org}/uptime/", org), query, "monitors",
          TrustClass.UNTRUSTED_AUTHENTICATED);
    });

    // Sentry may ignore per_page: keep at most limit and report the rest as more
    Paging.Page page = new Paging.Page(fetched.items(), fetched.nextCursor(),
        fetched.hasMore() || fetched.items().size() > limit);
    List<Item> items = new ArrayList<>();
    for (SentryJson m : page.items()) {
      if (items.size() == limit) {
        break;
      }
      Untrusted id = m.get("id").nonEmptyText();
      items.add(new Item(m, id == null ? null : links.uptimeMonitor(org, id)));
    }
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Uptime Monitors in " + org + (project == null ? "" : "/" + project));
    boolean filtered = args.nonBlank("query") != null || args.nonBlank("owner") != null
        || args.nonBlank("environment") != null;
    MONITORS.table(doc, items, filtered ? "No uptime monitors matched the filters." : "No uptime monitors found.");
    if (!MONITORS.shown(items).isEmpty()) {
      doc.paragraph("`get_uptime_monitor_details` shows a monitor's configuration and recent checks.");
    }
    Paging.append(doc, page, "monitors");
    doc.structured(Paging.put(Structured.object().put("monitors", MONITORS.structured(items)), page).build());
    return doc.build();
  }

  private static @Nullable Untrusted uptimeStatus(SentryJson m) {
    String s = UptimeMonitorSupport.uptimeStatus(m.get("uptimeStatus"));
    return Untrusted.of(s, "monitors[].uptimeStatus", TrustClass.UNTRUSTED_AUTHENTICATED);
  }

  static InputSchema.Param projectSlugOrAll() {
    return InputSchema.builder()
        .string("projectSlug", "The project's slug (find_projects lists them); `all` or none for every project.")
        .nullable().minLength(1).check(Params::slugProblem).param();
  }
}
