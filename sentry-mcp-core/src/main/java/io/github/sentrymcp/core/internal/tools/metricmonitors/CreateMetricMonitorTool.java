package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
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
 * {@code create_metric_monitor}: {@code POST /organizations/{org}/projects/{project}/detectors/} with {@code type:
 * metric_issue}, name, the given description and owner, config, conditionGroup (ids dropped, logicType any),
 * {@code dataSources: [query with timeWindow]} and workflowIds. Every argument is checked before the one request; the
 * POST is never retried, and a failure that may have left a monitor behind says how to look for it.
 */
final class CreateMetricMonitorTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Create a Sentry Metric Monitor (Static, Percent or Dynamic detection) in a project.",
      "",
      "Use this tool when you need to:",
      "- Alert on a metric: error counts, latency, log or span counts, crash-free rate",
      "- Copy a monitor: pass query, config and conditionGroup from get_metric_monitor_details",
      "",
      "Be careful when using this tool! The monitor is active and evaluates data at once.",
      "",
      "<examples>",
      "create_metric_monitor(organizationSlug='my-org', projectSlug='backend', name='High error count',"
          + " query={dataset:'events', query:'level:error', aggregate:'count()', eventTypes:['error'],"
          + " timeWindowSeconds:300}, config={detectionType:'static'}, conditionGroup={conditions:[{type:'gt',"
          + " comparison:100, conditionResult:75}, {type:'lte', comparison:50, conditionResult:0}]})",
      "</examples>",
      "",
      "<hints>",
      "- Windows and comparison deltas are in seconds; Percent 110 means 10% higher than the compared period.",
      "- workflowIds connect existing Alerts; without them nothing notifies (connect later with update_metric_monitor).",
      "- Sentry enforces dataset access, quotas, aggregates and windows; Dynamic needs enough history.",
      "- After an error or timeout, look for the monitor with find_metric_monitors before creating it again.",
      "</hints>");

  static final String NO_ALERTS = "No Alerts are connected, so this monitor notifies nobody; connect one with"
      + " update_metric_monitor (workflowIds).";

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "monitor", MetricMonitorSupport.detailsSchema(),
      "guidance", nullableString("A next step when the monitor has no connected Alerts; else null."));

  static final ToolSpec SPEC = ToolSpec.builder("create_metric_monitor", "Create Metric Monitor", DESCRIPTION)
      .input(schema())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.WRITE_NOT_IDEMPOTENT)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  private static InputSchema schema() {
    InputSchema.Builder b = InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl())
        .add(Params.projectSlug(true));
    MetricMonitorInput.addFields(b, true);
    return b.build();
  }

  private final WebLinks links;

  CreateMetricMonitorTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    Map<String, @Nullable Object> body = body(args);
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    ApiRequest request = ApiRequest.post(
        ApiPath.of("/organizations/{org}/projects/{project}/detectors/", org, project), body);
    SentryApiClient client = call.api(args);
    SentryJson monitor;
    try {
      monitor = NotFoundHints.withHint(used, call.constraints(), () -> client.send(request))
          .jsonObject(MetricMonitorSupport.SOURCE, MetricMonitorSupport.TRUST);
    } catch (ApiException e) {
      if (e.status() != 0 && e.status() < 500) {
        throw e; // refused by Sentry: nothing was created
      }
      throw new ApiException(e.kind(), e.status(), e.endpoint(), e.getMessage()
          + " The monitor may have been created anyway: look for it with find_metric_monitors (name and project)"
          + " before creating it again.", e.details(), e.retryAfter(), e);
    }

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Created Metric Monitor in " + org + "/" + project);
    Structured.Obj details = MetricMonitorSupport.details(doc, monitor, org, links);
    boolean noAlerts = MetricMonitorSupport.ids(monitor.get("workflowIds")).isEmpty();
    if (noAlerts) {
      doc.paragraph(NO_ALERTS);
    }
    return doc.structured(Structured.object()
        .put("monitor", details)
        .putText("guidance", noAlerts ? NO_ALERTS : null)
        .build()).build();
  }

  /** The request body; every problem of the nested arguments is reported at once, before any request. */
  static Map<String, @Nullable Object> body(Args args) {
    MetricMonitorInput.Problems problems = new MetricMonitorInput.Problems(SPEC.name());
    Map<String, @Nullable Object> query = MetricMonitorInput.query(args.object("query"), true, problems);
    MetricMonitorInput.Config config = MetricMonitorInput.config(args.object("config"), true, problems);
    Map<String, Object> group = MetricMonitorInput.conditionGroup(args.object("conditionGroup"), true, problems);
    problems.throwIfAny();
    Map<String, @Nullable Object> detection =
        MetricMonitorInput.detectionConfig(config, MetricMonitorInput.anomalies(group), null);

    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("type", MetricMonitorSupport.METRIC_ISSUE);
    body.putAll(MetricMonitorInput.metadata(args));
    body.put("config", detection);
    body.put("conditionGroup", group);
    body.put("dataSources", List.of(query));
    body.put("workflowIds", args.strings("workflowIds"));
    return body;
  }
}
