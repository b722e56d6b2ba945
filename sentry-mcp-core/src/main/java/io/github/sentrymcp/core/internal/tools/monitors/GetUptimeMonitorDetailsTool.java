package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
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
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_uptime_monitor_details}: an uptime monitor ({@code GET /projects/{org}/{project}/uptime/{id}/}) and its
 * recent checks ({@code .../checks/?per_page&statsPeriod|start&end}, default the last 24 hours). Markdown only, as
 * the reference.
 *
 * <p>The check's request body is never shown (only that one is configured); header values whose name looks like a
 * secret are shown as {@code [REDACTED]} ({@link UptimeMonitorSupport#render}). Under a project constraint the
 * monitor Sentry returns must name the constrained project.
 */
final class GetUptimeMonitorDetailsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Get an HTTP uptime monitor's configuration and its recent checks (cron monitors: get_monitor_details).",
      "",
      "Use this tool when you need to:",
      "- Inspect an uptime monitor's URL, interval, thresholds and status",
      "- Review recent check results (status, HTTP code, duration, region)",
      "- Debug why an uptime monitor is failing",
      "",
      "<examples>",
      "get_uptime_monitor_details(organizationSlug='my-organization', projectSlug='backend', uptimeMonitorId='12345')",
      "get_uptime_monitor_details(organizationSlug='my-organization', projectSlug='backend', uptimeMonitorId='12345',"
          + " period='7d', checkLimit=20)",
      "</examples>",
      "",
      "<hints>",
      "- find_uptime_monitors lists monitor ids.",
      "- The request body is never returned; secret header values are redacted.",
      "</hints>");

  /** A check's time: when it ran, else when it was scheduled. */
  private static SentryJson checkTime(SentryJson c) {
    SentryJson t = c.get("timestamp");
    return t.isText() ? t : c.get("scheduledCheckTime");
  }

  static final Columns<SentryJson> CHECKS = Columns.<SentryJson>builder()
      .timestamp("Time", "timestamp", "When the check ran (ISO-8601).", GetUptimeMonitorDetailsTool::checkTime)
      .column("Status", "checkStatus", nullableString("Check result."), c -> c.get("checkStatus").nonEmptyText(),
          "unknown")
      .column("Reason", "checkStatusReason", nullableString("Why the check failed."),
          c -> c.get("checkStatusReason").nonEmptyText())
      .count("HTTP", "httpStatusCode", "HTTP status code.", c -> c.get("httpStatusCode").asLong())
      .count("Duration (ms)", "durationMs", "Duration in milliseconds.", c -> c.get("durationMs").asLong())
      .column("Region", "region", nullableString("Region the check ran from."), GetUptimeMonitorDetailsTool::region)
      .column("Environment", "environment", nullableString("Environment of the check."),
          c -> UptimeMonitorSupport.nonBlank(c.get("environment").text()))
      .build();

  static final ToolSpec SPEC = ToolSpec.builder("get_uptime_monitor_details", "Get Uptime Monitor Details",
          DESCRIPTION)
      .input(schema())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  private static InputSchema schema() {
    InputSchema.Builder b = InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl())
        .add(Params.projectSlug(true));
    UptimeMonitorSupport.addMonitorId(b);
    MonitorTimes.addParams(b, "recent checks");
    b.integer("checkLimit", "Most recent checks to show (1-50).").minimum(1).maximum(50).defaultValue(10L).add();
    return b.build();
  }

  private final WebLinks links;

  GetUptimeMonitorDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String monitorId = args.requireString("uptimeMonitorId");
    int checkLimit = args.intValue("checkLimit", 10);
    MonitorTimes time = MonitorTimes.of(args);
    SentryApiClient client = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    used.put("uptimeMonitorId", monitorId);
    ApiPath monitorPath = ApiPath.of("/projects/{org}/{project}/uptime/{uptimeMonitorId}/", org, project, monitorId);
    SentryJson monitor = NotFoundHints.withHint(used, call.constraints(),
        () -> client.get(monitorPath).jsonObject("monitor", TrustClass.UNTRUSTED_AUTHENTICATED));
    UptimeMonitorSupport.requireConstrainedProject(monitor.get("projectSlug").nonEmptyText(), call.context(),
        "uptime monitor");

    Query query = Query.create().add("per_page", checkLimit);
    time.addTo(query);
    List<SentryJson> checks = client.get(
            ApiPath.of("/projects/{org}/{project}/uptime/{uptimeMonitorId}/checks/", org, project, monitorId), query)
        .jsonArray("checks", TrustClass.UNTRUSTED_AUTHENTICATED).items();
    if (checks.size() > checkLimit) {
      checks = checks.subList(0, checkLimit);
    }

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Uptime Monitor " + monitorId + " in " + org);
    UptimeMonitorSupport.render(doc, monitor, org, links);
    Untrusted body = monitor.get("body").nonEmptyText();
    if (body != null) {
      doc.heading(2, "Request Body").paragraph("A request body is configured; it is never shown.");
    }
    SentryJson assertion = monitor.get("assertion");
    Untrusted assertionJson = assertion.isObject() || assertion.isArray() ? assertion.asJsonText() : null;
    if (assertionJson != null) {
      doc.heading(2, "Assertion").data("json", assertionJson);
    }
    doc.heading(2, "Recent Checks (" + time.describe() + ")");
    CHECKS.table(doc, checks, "No checks found in this time range.");
    doc.paragraph("Related issues: `search_issues` with query `uptime_rule:" + monitorId + "`.");
    return doc.build();
  }

  private static @Nullable Untrusted region(SentryJson c) {
    Untrusted name = UptimeMonitorSupport.nonBlank(c.get("regionName").text());
    return name != null ? name : UptimeMonitorSupport.nonBlank(c.get("region").text());
  }
}
