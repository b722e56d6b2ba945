package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.MetricMonitors;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code find_metric_monitors}: one page of {@code GET /organizations/{org}/detectors/?project=..&type=metric_issue
 * [&query][&cursor]&per_page=limit}. {@code project} is {@code -1} (all projects) unless a project is given (or pinned
 * by the session), whose numeric id comes from {@code GET /projects/{org}/{project}/}; the page is then also filtered
 * to detectors of that type and project, as Sentry may send others.
 */
final class FindMetricMonitorsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Find Sentry Metric Monitors (errors, performance, logs, metrics or crash-rate thresholds).",
      "",
      "Use this tool when you need to:",
      "- Find a monitor's ID for get_metric_monitor_details or the write tools",
      "- List the Metric Monitors of an organization or project",
      "",
      "<examples>",
      "find_metric_monitors(organizationSlug='my-org', projectSlug='backend', query='latency')",
      "</examples>",
      "",
      "<hints>",
      "- IDs are native monitor IDs, not legacy metric alert IDs; Alert IDs are the connected notification Alerts.",
      "- query searches monitor metadata such as the name (name:\"latency\"), not the monitored event query.",
      "- Omit projectSlug (or pass all) for every project. Pass nextCursor as cursor, same filters, for more.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"monitors", array(MetricMonitorSupport.summarySchema(), "The Metric Monitors on this page.")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_metric_monitors", "Find Metric Monitors", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(InputSchema.builder()
              .string("projectSlug", "Only this project's monitors; all (or omitted) for every project.")
              .nullable().minLength(1).check(Params::slugProblem).param())
          .add(Params.query("Monitor search, e.g. a name or name:\"latency\"."))
          .add(Params.cursor())
          .integer("limit", "").minimum(1).maximum(100).defaultValue(10L).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final WebLinks links;

  FindMetricMonitorsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.nonBlank("projectSlug");
    if ("all".equals(project)) {
      project = null;
    }
    SentryApiClient client = call.api(args);
    Untrusted projectId = null;
    if (project != null) {
      projectId = MetricMonitorSupport.projectId(client, org, project, call.constraints());
      call.checkCancelled();
    }
    Paging.Page page = MetricMonitors.list(client, org, projectId, args.nonBlank("query"), args.nonBlank("cursor"),
        args.intValue("limit", 10), call.constraints());

    List<Structured> monitors = new ArrayList<>();
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson m : page.items()) {
      if (!MetricMonitors.listed(m, projectId)) {
        continue;
      }
      monitors.add(MetricMonitorSupport.summary(m, org, links));
      rows.add(MetricMonitorSupport.row(m));
    }

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Metric Monitors in " + org + (project == null ? "" : "/" + project));
    if (rows.isEmpty()) {
      doc.paragraph(args.nonBlank("query") != null ? "No Metric Monitors matched the query."
          : "No Metric Monitors found.");
    } else {
      doc.table(MetricMonitorSupport.ROW_HEADERS, rows);
      doc.paragraph(Inline.code("get_metric_monitor_details"), Inline.text(" shows a monitor's query and conditions."));
    }
    Paging.append(doc, page, "monitors");
    doc.structured(Paging.put(Structured.object().put("monitors", Structured.array(monitors)), page).build());
    return doc.build();
  }
}
