package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObject;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
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
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code find_monitors}: one page of an organization's cron monitors ({@code GET /organizations/{org}/monitors/}),
 * filtered by {@code projectSlug}, {@code environment}, {@code owner} and {@code query}. The lower-case literal
 * {@code all} means every project. At most {@value #ENVIRONMENT_LIMIT} environments per monitor are shown.
 *
 * <p>Paging as find_uptime_monitors: {@code limit} per call and Sentry's cursor (the reference asks for {@code
 * limit+1} and has no cursor).
 */
final class FindMonitorsTool extends AbstractSentryTool {

  static final int ENVIRONMENT_LIMIT = 5;

  static final String DESCRIPTION = String.join("\n",
      "Find cron monitors in a Sentry organization (HTTP uptime monitors: find_uptime_monitors).",
      "",
      "Use this tool when you need to:",
      "- List cron monitors of an organization or project",
      "- Find a monitor by name or slug before get_monitor_details",
      "- Check a monitor's status, owner, schedule or per-environment state",
      "",
      "<examples>",
      "find_monitors(organizationSlug='my-organization')",
      "find_monitors(organizationSlug='my-organization', projectSlug='backend', query='billing')",
      "</examples>",
      "",
      "<hints>",
      "- projectSlug='all' (or none) lists every project's monitors.",
      "- When hasMore is true, pass nextCursor as cursor, or narrow with projectSlug, environment, owner or query.",
      "</hints>");

  static final Map<String, Object> MONITOR_SCHEMA = object(
      "id", nullableString("Monitor id."),
      "slug", string("Monitor slug (get_monitor_details takes it)."),
      "name", string("Monitor name (the slug when unnamed)."),
      "projectSlug", nullableString("Project the monitor belongs to."),
      "status", nullableString("Monitor status, e.g. active or disabled."),
      "owner", nullableString("Owner (team or user) name."),
      "lastCheckIn", nullableString("Last check-in (ISO-8601)."),
      "nextCheckIn", nullableString("Next expected check-in (ISO-8601)."),
      "webUrl", string("Monitor URL in the Sentry web UI."),
      "schedule", nullableObject(
          "type", nullableString("crontab or interval."),
          "value", nullableString("The crontab expression, or the interval such as `5 minute`."),
          "checkInMargin", nullableInteger("Minutes a check-in may be late."),
          "maxRuntime", nullableInteger("Minutes a run may take.")),
      "environments", array(object(
              "name", nullableString("Environment name."),
              "status", nullableString("Status in this environment, e.g. ok or missed_checkin."),
              "lastCheckIn", nullableString("Last check-in in this environment (ISO-8601).")),
          "The monitor's environments (at most " + ENVIRONMENT_LIMIT + ")."),
      "hasMoreEnvironments", bool("True when the monitor has more environments than shown."));

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"monitors", array(MONITOR_SCHEMA, "The monitors on this page (at most `limit`).")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_monitors", "Find Cron Monitors", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(FindUptimeMonitorsTool.projectSlugOrAll())
          .string("environment", "Only this environment's state.").nullable().maxLength(64).add()
          .string("owner", "Only monitors of this owner: `user:123`, `team:456`, `myteams` or `unassigned`.")
          .nullable().maxLength(200).add()
          .add(Params.query("Only monitors whose name or slug matches this text."))
          .integer("limit", "Monitors per page (1-99).").minimum(1).maximum(99).defaultValue(10L).add()
          .add(Params.cursor())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ)
      .skills(Skill.INSPECT)
      .build();

  private final WebLinks links;

  FindMonitorsTool(ToolEnvironment env) {
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
    Query query = Query.create()
        .add("projectSlug", project)
        .add("environment", args.nonBlank("environment"))
        .add("owner", args.nonBlank("owner"))
        .add("query", args.nonBlank("query"))
        .add("per_page", limit)
        .add("cursor", args.nonBlank("cursor"));
    Paging.Page fetched = NotFoundHints.withHint(used, call.constraints(),
        () -> Paging.fetch(client, ApiPath.of("/organizations/{org}/monitors/", org), query, "monitors",
            TrustClass.UNTRUSTED_AUTHENTICATED));
    // Sentry may ignore per_page: keep at most limit and report the rest as more
    Paging.Page page = new Paging.Page(fetched.items(), fetched.nextCursor(),
        fetched.hasMore() || fetched.items().size() > limit);

    List<List<Inline>> rows = new ArrayList<>();
    List<List<Inline>> envRows = new ArrayList<>();
    List<Structured> items = new ArrayList<>();
    for (SentryJson m : page.items()) {
      Untrusted slug = m.get("slug").nonEmptyText();
      if (slug == null) {
        continue;
      }
      if (items.size() == limit) {
        break;
      }
      Untrusted name = m.get("name").nonEmptyText();
      Untrusted projectSlug = CronMonitors.project(m);
      Untrusted status = m.get("status").nonEmptyText();
      Untrusted owner = UptimeMonitorSupport.owner(m.get("owner"));
      String last = Rendering.isoTimestamp(m.get("lastCheckIn"));
      String next = Rendering.isoTimestamp(m.get("nextCheckIn"));
      CronMonitors.Schedule schedule = CronMonitors.schedule(m);
      List<SentryJson> envs = m.get("environments").items();
      List<Structured> envItems = new ArrayList<>();
      for (SentryJson e : envs.subList(0, Math.min(envs.size(), ENVIRONMENT_LIMIT))) {
        Untrusted envName = e.get("name").nonEmptyText();
        Untrusted envStatus = e.get("status").nonEmptyText();
        envItems.add(Structured.object()
            .put("name", envName)
            .put("status", envStatus)
            .putText("lastCheckIn", Rendering.isoTimestamp(e.get("lastCheckIn")))
            .build());
        String envLast = Rendering.isoTimestamp(e.get("lastCheckIn"));
        envRows.add(List.of(Inline.data(slug), Rendering.cell(envName), Rendering.cell(envStatus),
            Inline.text(envLast == null ? "-" : envLast)));
      }
      boolean moreEnvs = envs.size() > ENVIRONMENT_LIMIT;
      rows.add(List.of(Inline.data(slug), Rendering.cell(name), Rendering.cell(projectSlug), Rendering.cell(status),
          schedule == null ? Inline.text("-") : Rendering.cell(schedule.value()),
          Inline.text(last == null ? "-" : last), Inline.text(next == null ? "-" : next),
          Inline.text(envs.size() + (moreEnvs ? " (first " + ENVIRONMENT_LIMIT + " below)" : ""))));
      items.add(Structured.object()
          .put("id", m.get("id").nonEmptyText())
          .put("slug", slug)
          .put("name", name != null ? name : slug)
          .put("projectSlug", projectSlug)
          .put("status", status)
          .put("owner", owner)
          .putText("lastCheckIn", last)
          .putText("nextCheckIn", next)
          .put("webUrl", links.cronMonitor(org, projectSlug, slug))
          .put("schedule", schedule == null ? Structured.NULL : Structured.object()
              .put("type", schedule.type())
              .put("value", schedule.value())
              .put("checkInMargin", schedule.checkInMargin())
              .put("maxRuntime", schedule.maxRuntime())
              .build())
          .put("environments", Structured.array(envItems))
          .put("hasMoreEnvironments", moreEnvs)
          .build());
    }

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Cron Monitors in " + org + (project == null ? "" : "/" + project));
    if (rows.isEmpty()) {
      boolean filtered = args.nonBlank("query") != null || args.nonBlank("owner") != null
          || args.nonBlank("environment") != null;
      doc.paragraph(filtered ? "No cron monitors matched the filters." : "No cron monitors found.");
    } else {
      doc.table(List.of("Slug", "Name", "Project", "Status", "Schedule", "Last Check-In", "Next Check-In",
          "Environments"), rows);
      if (!envRows.isEmpty()) {
        doc.heading(2, "Environments").table(List.of("Monitor", "Environment", "Status", "Last Check-In"), envRows);
      }
      doc.paragraph("`get_monitor_details` shows a monitor's check-ins and stats.");
    }
    Paging.append(doc, page, "monitors");
    doc.structured(Paging.put(Structured.object().put("monitors", Structured.array(items)), page).build());
    return doc.build();
  }
}
