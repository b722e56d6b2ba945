package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
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
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_monitor_details}: a cron monitor ({@code GET /projects/{org}/{project}/monitors/{slug}/}, or the
 * organization's path without a project), its recent check-ins ({@code .../checkins/?environment&per_page&statsPeriod
 * |start&end}, default the last 24 hours) and, unless {@code includeStats=false}, its stats ({@code
 * .../stats/?environment&since&until[&resolution]}, unix seconds; the last {@value #STATS_BUCKETS} buckets shown).
 * Markdown only, as the reference. Under a project constraint the monitor Sentry returns must name that project.
 */
final class GetMonitorDetailsTool extends AbstractSentryTool {

  static final int STATS_BUCKETS = 10;

  static final String DESCRIPTION = String.join("\n",
      "Get a cron monitor's schedule, environments, recent check-ins and stats (uptime: get_uptime_monitor_details).",
      "",
      "Use this tool when you need to:",
      "- Find out why a cron job missed or failed check-ins",
      "- Review a monitor's schedule, margins and per-environment state",
      "",
      "<examples>",
      "get_monitor_details(organizationSlug='my-organization', monitorSlug='nightly-import')",
      "get_monitor_details(organizationSlug='my-organization', projectSlugOrId='backend', monitorSlug='nightly-import',"
          + " period='7d', checkInLimit=20)",
      "</examples>",
      "",
      "<hints>",
      "- find_monitors lists monitor slugs.",
      "- Give period, or start and end (ISO-8601), not both; the default is the last 24 hours.",
      "</hints>");

  static final Columns<SentryJson> CHECK_INS = Columns.<SentryJson>builder()
      .timestamp("Time", "dateCreated", "When the check-in arrived (ISO-8601).", c -> c.get("dateCreated"))
      .column("Status", "status", nullableString("ok, error, missed, timeout or in_progress."),
          c -> c.get("status").nonEmptyText(), "unknown")
      .column("Environment", "environment", nullableString("Environment."),
          c -> UptimeMonitorSupport.nonBlank(c.get("environment").text()))
      .count("Duration (ms)", "duration", "Run duration in milliseconds.", c -> rounded(c.get("duration")))
      .build();

  static final Columns<SentryJson> ENVIRONMENTS = Columns.<SentryJson>builder()
      .column("Environment", "name", nullableString("Environment name."), e -> e.get("name").nonEmptyText())
      .column("Status", "status", nullableString("Status in this environment."), e -> e.get("status").nonEmptyText())
      .timestamp("Last Check-In", "lastCheckIn", "Last check-in (ISO-8601).", e -> e.get("lastCheckIn"))
      .timestamp("Next Check-In", "nextCheckIn", "Next expected check-in (ISO-8601).", e -> e.get("nextCheckIn"))
      .build();

  static final ToolSpec SPEC = ToolSpec.builder("get_monitor_details", "Get Cron Monitor Details", DESCRIPTION)
      .input(schema())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  private static InputSchema schema() {
    InputSchema.Builder b = InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl())
        .string("projectSlugOrId", "The monitor's project, slug or numeric id (optional).")
        .nullable().minLength(1).check(Params::slugOrIdProblem).add()
        .string("monitorSlug", "The monitor's slug (find_monitors lists them).")
        .required().minLength(1).check(Params::slugProblem).add()
        .string("environment", "Only this environment.").nullable().maxLength(64).add();
    MonitorTimes.addParams(b, "check-ins and stats");
    b.integer("checkInLimit", "Most recent check-ins to show (1-50).").minimum(1).maximum(50).defaultValue(10L).add()
        .bool("includeStats", "Include check-in stats (default true).").defaultValue(true).add()
        .integer("rollupSeconds", "Stats bucket size in seconds.").nullable().minimum(1).add();
    return b.build();
  }

  private final WebLinks links;

  GetMonitorDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.nonBlank("projectSlugOrId");
    String slug = args.requireString("monitorSlug");
    String environment = args.nonBlank("environment");
    int checkInLimit = args.intValue("checkInLimit", 10);
    boolean includeStats = args.bool("includeStats", true);
    Long rollup = args.integer("rollupSeconds");
    MonitorTimes time = MonitorTimes.of(args);
    SentryApiClient client = call.api(args);
    String base = project == null
        ? "/organizations/{org}/monitors/{monitorSlug}/"
        : "/projects/{org}/{project}/monitors/{monitorSlug}/";
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    if (project != null) {
      used.put("projectSlugOrId", project);
    }
    used.put("monitorSlug", slug);

    SentryJson monitor = NotFoundHints.withHint(used, call.constraints(),
        () -> client.get(path(base, "", org, project, slug), Query.create().add("environment", environment))
            .jsonObject("monitor", TrustClass.UNTRUSTED_AUTHENTICATED));
    Untrusted monitorProject = CronMonitors.project(monitor);
    UptimeMonitorSupport.requireConstrainedProject(monitorProject, call.context(), "monitor");

    Query checkInQuery = Query.create().add("environment", environment).add("per_page", checkInLimit);
    time.addTo(checkInQuery);
    List<SentryJson> checkIns = client.get(path(base, "checkins/", org, project, slug), checkInQuery)
        .jsonArray("checkIns", TrustClass.UNTRUSTED_AUTHENTICATED).items();
    if (checkIns.size() > checkInLimit) {
      checkIns = checkIns.subList(0, checkInLimit);
    }
    List<SentryJson> stats = List.of();
    if (includeStats) {
      Instant now = Instant.now();
      String period = time.period();
      String start = time.start();
      String end = time.end();
      Instant until = period != null || end == null ? now : Objects.requireNonNullElse(MonitorTimes.instant(end), now);
      Instant since = period != null ? until.minus(periodDuration(period))
          : Objects.requireNonNullElse(start == null ? null : MonitorTimes.instant(start), until);
      Query statsQuery = Query.create().add("environment", environment)
          .add("since", since.getEpochSecond())
          .add("until", until.getEpochSecond());
      if (rollup != null) {
        statsQuery.add("resolution", rollup + "s");
      }
      stats = client.get(path(base, "stats/", org, project, slug), statsQuery)
          .jsonArray("stats", TrustClass.UNTRUSTED_AUTHENTICATED).items();
    }

    Untrusted name = monitor.get("name").nonEmptyText();
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Cron Monitor " + slug + " in " + org);
    doc.field("Name", name)
        .field("Project", monitorProject)
        .field("Status", monitor.get("status").nonEmptyText())
        .field("Owner", UptimeMonitorSupport.owner(monitor.get("owner")));
    Rendering.timestampField(doc, "Last Check-In", monitor.get("lastCheckIn"));
    Rendering.timestampField(doc, "Next Check-In", monitor.get("nextCheckIn"));
    Untrusted monitorSlug = monitor.get("slug").nonEmptyText();
    doc.field("Web URL", links.cronMonitor(org, monitorProject,
        monitorSlug != null ? monitorSlug : Untrusted.of(slug, "monitor.slug", TrustClass.UNTRUSTED_AUTHENTICATED)));

    CronMonitors.Schedule schedule = CronMonitors.schedule(monitor);
    doc.heading(2, "Schedule");
    if (schedule == null) {
      doc.paragraph("Sentry returned no schedule.");
    } else {
      doc.field("Type", schedule.type()).field("Schedule", schedule.value());
      if (schedule.checkInMargin() != null) {
        doc.fieldText("Check-In Margin", schedule.checkInMargin() + " min");
      }
      if (schedule.maxRuntime() != null) {
        doc.fieldText("Max Runtime", schedule.maxRuntime() + " min");
      }
      doc.field("Timezone", monitor.path("config", "timezone").nonEmptyText());
    }
    List<SentryJson> envs = monitor.get("environments").items();
    if (!envs.isEmpty()) {
      doc.heading(2, "Environments");
      ENVIRONMENTS.table(doc, envs, "No environments.");
    }
    doc.heading(2, "Recent Check-Ins (" + time.describe() + ")");
    CHECK_INS.table(doc, checkIns, "No check-ins found in this time range.");
    if (includeStats) {
      doc.heading(2, "Stats (last " + STATS_BUCKETS + " buckets)");
      List<SentryJson> last = stats.subList(Math.max(0, stats.size() - STATS_BUCKETS), stats.size());
      List<List<Inline>> rows = new ArrayList<>();
      for (SentryJson bucket : last) {
        OptionalLong ts = bucket.get("ts").asLong();
        rows.add(List.of(Inline.text(ts.isPresent() ? Instant.ofEpochSecond(ts.getAsLong()).toString() : "-"),
            count(bucket, "ok"), count(bucket, "error"), count(bucket, "missed"), count(bucket, "timeout")));
      }
      if (rows.isEmpty()) {
        doc.paragraph("No stats in this time range.");
      } else {
        doc.table(List.of("Bucket", "OK", "Error", "Missed", "Timeout"), rows);
      }
    }
    return doc.build();
  }

  private static ApiPath path(String base, String suffix, String org, @Nullable String project,
      String slug) {
    return project == null
        ? ApiPath.of(base + suffix, org, slug)
        : ApiPath.of(base + suffix, org, project, slug);
  }

  private static Inline count(SentryJson bucket, String key) {
    OptionalLong n = bucket.get(key).asLong();
    return Inline.text(n.isPresent() ? String.valueOf(n.getAsLong()) : "-");
  }

  private static OptionalLong rounded(SentryJson v) {
    var d = v.asDouble();
    return d.isPresent() ? OptionalLong.of(Math.round(d.getAsDouble())) : OptionalLong.empty();
  }

  /** A validated period ({@code \d+[hdw]}) as a duration. */
  static Duration periodDuration(String period) {
    long n = Long.parseLong(period.substring(0, period.length() - 1));
    return switch (period.charAt(period.length() - 1)) {
      case 'h' -> Duration.ofHours(n);
      case 'w' -> Duration.ofDays(7 * n);
      default -> Duration.ofDays(n);
    };
  }
}
