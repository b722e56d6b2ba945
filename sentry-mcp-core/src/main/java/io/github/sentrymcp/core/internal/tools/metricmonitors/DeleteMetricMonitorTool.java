package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.Map;

/**
 * {@code delete_metric_monitor}: the monitor is read and checked first ({@link MetricMonitorSupport#fetchMonitor}: a
 * monitor that does not exist is a not-found error there, as in the reference), then {@code DELETE
 * /organizations/{org}/detectors/{monitorId}/}. A 404 of the DELETE itself (deleted in between) counts as deleted.
 */
final class DeleteMetricMonitorTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Permanently delete a Sentry Metric Monitor; its connected Alerts and their other monitors stay.",
      "",
      "Use this tool when you need to:",
      "- Remove a Metric Monitor for good",
      "",
      "Be careful when using this tool! Deletion cannot be undone; a legacy metric alert behind the monitor and"
          + " its incident history go too.",
      "",
      "<examples>",
      "delete_metric_monitor(organizationSlug='my-org', monitorId='12345')",
      "</examples>",
      "",
      "<hints>",
      "- Check the monitor with get_metric_monitor_details first; monitorId is not a legacy alert rule ID.",
      "- To pause detection instead, use update_metric_monitor(status='disabled').",
      "- Sentry hides the monitor at once and finishes deleting it in the background.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "success", bool("Always true: the monitor is deleted."),
      "monitorId", string("The deleted monitor's ID, as given."));

  static final ToolSpec SPEC = ToolSpec.builder("delete_metric_monitor", "Delete Metric Monitor", DESCRIPTION)
      .input(MetricMonitorSupport.referenceInputs().build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE_IDEMPOTENT)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  DeleteMetricMonitorTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String monitorId = args.requireString("monitorId");
    SentryApiClient client = call.api(args);
    MetricMonitorSupport.fetchMonitor(client, org, monitorId, args.nonBlank("projectSlug"), call.constraints());
    call.checkCancelled();
    boolean alreadyGone = false;
    try {
      client.send(ApiRequest.delete(ApiPath.of("/organizations/{org}/detectors/{monitorId}/", org, monitorId)));
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      alreadyGone = true;
    }
    // the values below are validated caller input: server text
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Deleted Metric Monitor in " + org)
        .fieldText("Monitor ID", monitorId)
        .paragraph(alreadyGone ? "Sentry no longer had the monitor (HTTP 404 on delete): it is gone."
            : "The Metric Monitor was deleted; its connected Alerts were not.");
    return doc.structured(Structured.object()
        .put("success", true)
        .putText("monitorId", monitorId)
        .build()).build();
  }
}
