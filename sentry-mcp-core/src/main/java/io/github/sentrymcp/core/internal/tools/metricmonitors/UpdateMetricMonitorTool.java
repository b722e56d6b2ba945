package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
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
 * {@code update_metric_monitor}: the monitor is read and checked first ({@link MetricMonitorSupport#fetchMonitor}),
 * then {@code PUT /organizations/{org}/detectors/{monitorId}/} with only the changes: metadata as given, {@code
 * enabled} from status, the query merged over the stored one ({@code dataSources}, flat, {@code timeWindow}), the
 * config over the stored config and the conditionGroup as given.
 */
final class UpdateMetricMonitorTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Update a Sentry Metric Monitor's query, detection, conditions, metadata, status or connected Alerts.",
      "",
      "Use this tool when you need to:",
      "- Disable or enable a monitor (status)",
      "- Change its thresholds, window, filter or detection mode",
      "- Connect or disconnect notification Alerts (workflowIds)",
      "",
      "Be careful when using this tool!",
      "",
      "<examples>",
      "update_metric_monitor(organizationSlug='my-org', monitorId='12345', status='disabled')",
      "update_metric_monitor(organizationSlug='my-org', monitorId='12345', query={query:'level:error',"
          + " timeWindowSeconds:300})",
      "</examples>",
      "",
      "<hints>",
      "- Read the monitor with get_metric_monitor_details first; monitorId is not a legacy alert rule ID.",
      "- Omitted fields stay; query and config take partial changes. conditionGroup and workflowIds replace the"
          + " whole set: keep the IDs and entries to retain.",
      "- Seconds for windows and deltas; Percent 110 means 10% higher. projectSlug checks, it never moves the"
          + " monitor.",
      "- Needs alerts:write.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root("monitor", MetricMonitorSupport.detailsSchema());

  static final ToolSpec SPEC = ToolSpec.builder("update_metric_monitor", "Update Metric Monitor", DESCRIPTION)
      .input(schema())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE_NOT_IDEMPOTENT)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  private static InputSchema schema() {
    InputSchema.Builder b = MetricMonitorSupport.referenceInputs();
    MetricMonitorInput.addFields(b, false);
    return b.build();
  }

  private final WebLinks links;

  UpdateMetricMonitorTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  /** The checked changes, before any request. */
  private record Changes(Map<String, @Nullable Object> metadata, @Nullable Boolean enabled,
      Map<String, @Nullable Object> query, MetricMonitorInput.@Nullable Config config,
      @Nullable Map<String, Object> conditionGroup, boolean workflowsGiven) {}

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    Changes changes = changes(args);
    String org = args.requireString("organizationSlug");
    String monitorId = args.requireString("monitorId");
    SentryApiClient client = call.api(args);
    SentryJson current = MetricMonitorSupport.fetchMonitor(client, org, monitorId, args.nonBlank("projectSlug"),
        call.constraints());
    Map<String, @Nullable Object> body = body(args, changes, current);
    call.checkCancelled();

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("monitorId", monitorId);
    ApiRequest request = ApiRequest.put(
        ApiPath.of("/organizations/{org}/detectors/{monitorId}/", org, monitorId), body);
    SentryJson updated = NotFoundHints.withHint(used, call.constraints(), () -> client.send(request))
        .jsonObject(MetricMonitorSupport.SOURCE, MetricMonitorSupport.TRUST);

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Updated Metric Monitor " + monitorId + " in " + org);
    Structured.Obj details = MetricMonitorSupport.details(doc, updated, org, links);
    return doc.structured(Structured.object().put("monitor", details).build()).build();
  }

  private static Changes changes(Args args) {
    MetricMonitorInput.Problems problems = new MetricMonitorInput.Problems(SPEC.name());
    Map<String, @Nullable Object> query = args.has("query")
        ? MetricMonitorInput.query(args.object("query"), false, problems) : Map.of();
    MetricMonitorInput.Config config = args.has("config")
        ? MetricMonitorInput.config(args.object("config"), false, problems) : null;
    Map<String, Object> group = args.has("conditionGroup")
        ? MetricMonitorInput.conditionGroup(args.object("conditionGroup"), false, problems) : null;
    problems.throwIfAny();
    String status = args.nonBlank("status");
    Changes c = new Changes(MetricMonitorInput.metadata(args), status == null ? null : status.equals("active"),
        query, config, group, args.has("workflowIds"));
    if (c.metadata().isEmpty() && c.enabled() == null && query.isEmpty() && config == null && group == null
        && !c.workflowsGiven()) {
      throw SentryMcpException.invalidInput("Provide at least one field to update on the Metric Monitor (omitted"
          + " fields stay unchanged).");
    }
    return c;
  }

  /** The PUT body; a change that does not fit the stored monitor is invalid input (nothing is written). */
  private static Map<String, @Nullable Object> body(Args args, Changes c, SentryJson current) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>(c.metadata());
    if (c.workflowsGiven()) {
      body.put("workflowIds", args.strings("workflowIds"));
    }
    if (c.enabled() != null) {
      body.put("enabled", c.enabled());
    }
    if (!c.query().isEmpty()) {
      body.put("dataSources", List.of(mergedQuery(current, c.query())));
    }
    MetricMonitorInput.Config config = c.config();
    Map<String, Object> group = c.conditionGroup();
    if (config != null || group != null) {
      MetricMonitorInput.Config changes = config != null ? config
          : new MetricMonitorInput.Config(null, false, null);
      String type = changes.detectionType();
      if (type != null && !current.path("config", "detectionType").textEquals(type) && group == null) {
        throw SentryMcpException.invalidInput("A new detectionType needs a matching conditionGroup; read the"
            + " monitor with get_metric_monitor_details first.");
      }
      List<Boolean> anomalies = group != null ? MetricMonitorInput.anomalies(group)
          : MetricMonitorInput.anomalies(current.get("conditionGroup"));
      // the config is replaced as a whole; sending it again also refreshes Dynamic detection
      body.put("config", MetricMonitorInput.detectionConfig(changes, anomalies, current.get("config")));
      if (group != null) {
        body.put("conditionGroup", group);
      }
    }
    return body;
  }

  /**
   * The stored query with the changes over it, in the flat form Sentry takes ({@code timeWindow}); only a monitor
   * with exactly one readable query source can be changed safely.
   */
  private static Map<String, @Nullable Object> mergedQuery(SentryJson current,
      Map<String, @Nullable Object> changes) {
    List<SentryJson> sources = current.get("dataSources").items();
    SentryJson q = sources.size() == 1 ? MetricMonitorSupport.snubaQuery(sources.get(0)) : null;
    if (q == null || !q.get("dataset").isText() || !q.get("aggregate").isText()
        || q.get("timeWindow").asLong().isEmpty()) {
      throw SentryMcpException.invalidInput("The monitor's query is unavailable or it has several sources, so"
          + " query cannot be changed safely.");
    }
    Map<String, @Nullable Object> merged = new LinkedHashMap<>();
    merged.put("dataset", q.get("dataset").text());
    merged.put("query", q.get("query").isText() ? q.get("query").text() : "");
    merged.put("aggregate", q.get("aggregate").text());
    List<Untrusted> eventTypes = new ArrayList<>();
    for (SentryJson t : q.get("eventTypes").items()) {
      Untrusted v = t.isText() ? t.text() : null;
      if (v != null) {
        eventTypes.add(v);
      }
    }
    merged.put("eventTypes", eventTypes);
    merged.put("timeWindow", q.get("timeWindow").asLong().getAsLong());
    merged.put("environment", q.get("environment").isText() ? q.get("environment").text() : null);
    merged.put("extrapolationMode", q.get("extrapolationMode").isText() ? q.get("extrapolationMode").text() : null);
    merged.putAll(changes);
    return merged;
  }
}
