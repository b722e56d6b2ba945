package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.Map;

/**
 * {@code get_metric_monitor_details}: {@code GET /organizations/{org}/detectors/{monitorId}/}; a detector of another
 * type is refused, and with a project (given or pinned) {@code GET /projects/{org}/{project}/} checks that the
 * monitor belongs to it.
 */
final class GetMetricMonitorDetailsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Show a Sentry Metric Monitor: query, dataset, detection mode, thresholds, resolution and connected Alerts.",
      "",
      "Use this tool when you need to:",
      "- See what a Metric Monitor evaluates and when it fires or resolves",
      "- Copy a monitor's query, config and conditionGroup into create_metric_monitor or update_metric_monitor",
      "",
      "<examples>",
      "get_metric_monitor_details(organizationSlug='my-org', monitorId='12345')",
      "</examples>",
      "",
      "<hints>",
      "- monitorId comes from find_metric_monitors; legacy metric alert IDs are different.",
      "- Windows and comparison deltas are in seconds. Results: 75 critical, 50 warning, 0 resolved.",
      "- Percent thresholds are absolute (110 = 10% higher); Dynamic conditions carry sensitivity and direction.",
      "- workflowIds are the notification Alerts the monitor is connected to.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root("monitor", MetricMonitorSupport.detailsSchema());

  static final ToolSpec SPEC = ToolSpec.builder("get_metric_monitor_details", "Get Metric Monitor details",
          DESCRIPTION)
      .input(MetricMonitorSupport.referenceInputs().build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final WebLinks links;

  GetMetricMonitorDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String monitorId = args.requireString("monitorId");
    SentryJson monitor = MetricMonitorSupport.fetchMonitor(call.api(args), org, monitorId,
        args.nonBlank("projectSlug"), call.constraints());
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Metric Monitor " + monitorId + " in " + org);
    Structured.Obj details = MetricMonitorSupport.details(doc, monitor, org, links);
    return doc.structured(Structured.object().put("monitor", details).build()).build();
  }
}
