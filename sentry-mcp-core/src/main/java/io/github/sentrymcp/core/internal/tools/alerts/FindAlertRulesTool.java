package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObject;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
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
import io.github.sentrymcp.core.internal.tools.Columns;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code find_alert_rules}: one page of Alerts (workflows, organization-wide or of a project) and one page of metric
 * rules (Metric Monitors, their {@code id} the legacy alert-rule id when they have one, else {@code
 * detector:<monitorId>}), each family with its own cursor. A cursor with {@code kind='all'} is refused.
 */
final class FindAlertRulesTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Find Sentry alert rules: Alerts (workflows) and Metric Monitors.",
      "",
      "Use this tool when you need to:",
      "- List the Alerts or Metric Monitors of an organization or project",
      "- Find an alert rule's id by name before inspecting it with get_alert_rule",
      "",
      "<examples>",
      "find_alert_rules(organizationSlug='my-org', projectSlug='backend')",
      "find_alert_rules(organizationSlug='my-org', kind='issue', query='critical')",
      "</examples>",
      "",
      "<hints>",
      "- A project's Alerts may cover other projects; Alerts without sources are listed too.",
      "- Metric id: legacy alert-rule ID, else detector:<monitorId>; status is the monitoring state.",
      "- limit and the next cursor are per family: pass a cursor with its kind.",
      "</hints>");

  /** The hint given with metric rules: which id goes where. */
  static final String METRIC_MONITOR_HINT = "get_metric_monitor_details takes monitorId; get_alert_rule with"
      + " kind='metric' takes id. A monitorId is never a legacy ID.";

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "issueRules", AlertRules.issueColumns(null, "").arraySchema("Alerts (workflows) on this page."),
      "metricRules", array(AlertRules.metricRuleSchema(), "Metric Monitors on this page."),
      "pagination", object(
          "issue", nullableObject("nextCursor", nullableString("Pass as cursor with kind='issue' for the next page.")),
          "metric", nullableObject("nextCursor",
              nullableString("Pass as cursor with kind='metric' for the next page."))),
      "metricMonitorHint", nullableString("Which id each Metric Monitor tool takes; null without metric rules."));

  static final ToolSpec SPEC = ToolSpec.builder("find_alert_rules", "Find alert rules", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(AlertRules.kindParam("Which rules to list: all (default), issue or metric."))
          .add(Params.projectSlug(false))
          .add(Params.query("Only rules whose name contains this text."))
          .add(Params.cursor())
          .integer("limit", "Rules per family (1-100, default 10).").minimum(1).maximum(100).defaultValue(10L).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final WebLinks links;

  FindAlertRulesTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  /**
   * A projectSlug (or organizationSlug) naming another project than the session's is refused before any request, as
   * the reference refuses a project outside the constraint; omitted, the session's project is used.
   */
  @Override
  protected boolean refusesConstraintOverride() {
    return true;
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = AlertRules.project(args);
    AlertRules.Kind kind = AlertRules.Kind.of(args);
    String query = args.nonBlank("query");
    String cursor = args.nonBlank("cursor");
    int limit = args.intValue("limit", 10);
    boolean issue = kind != AlertRules.Kind.METRIC;
    boolean metric = kind != AlertRules.Kind.ISSUE;
    if (cursor != null && issue && metric) {
      throw SentryMcpException.invalidInput("cursor cannot be used with kind='all' when both issue and metric alert"
          + " rules are listed. Retry with kind='issue' or kind='metric' and a cursor of that family.");
    }
    SentryApiClient client = call.api(args);
    AlertRules.RulePage issuePage = null;
    if (issue) {
      issuePage = AlertRules.issueRules(client, org, project, query, cursor, limit, call.constraints());
      call.checkCancelled();
    }
    AlertRules.RulePage metricPage = metric
        ? AlertRules.metricRules(client, org, project, query, cursor, limit, call.constraints())
        : null;

    Columns<SentryJson> issueColumns = AlertRules.issueColumns(links, org);
    List<SentryJson> issueRules = issuePage == null ? List.of() : issuePage.rules();
    List<Structured> metricItems = new ArrayList<>();
    List<List<Inline>> metricRows = new ArrayList<>();
    for (SentryJson m : metricPage == null ? List.<SentryJson>of() : metricPage.rules()) {
      AlertRules.MetricRule rule = AlertRules.metricRule(m, org, links);
      if (rule != null) {
        metricItems.add(rule.item());
        metricRows.add(rule.row());
      }
    }

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Alert Rules in " + org + (project == null ? "" : "/" + project));
    if (issuePage != null) {
      doc.heading(2, "Alerts");
      issueColumns.table(doc, issueRules, "No Alerts found.");
      cursorLine(doc, issuePage, "issue");
    }
    if (metricPage != null) {
      doc.heading(2, "Metric Monitors");
      if (metricRows.isEmpty()) {
        doc.paragraph("No Metric Monitors found.");
      } else {
        doc.table(AlertRules.METRIC_HEADERS, metricRows);
        doc.paragraph(METRIC_MONITOR_HINT);
      }
      cursorLine(doc, metricPage, "metric");
    }
    if (!issueRules.isEmpty()) {
      doc.paragraph("get_alert_rule with kind='issue' and an Alert's ID shows its triggers, actions and sources.");
    }
    doc.structured(Structured.object()
        .put("issueRules", issueColumns.structured(issueRules))
        .put("metricRules", Structured.array(metricItems))
        .put("pagination", Structured.object()
            .put("issue", pagination(issuePage))
            .put("metric", pagination(metricPage))
            .build())
        .putText("metricMonitorHint", metric ? METRIC_MONITOR_HINT : null)
        .build());
    return doc.build();
  }

  private static void cursorLine(ToolResult.Builder doc, AlertRules.RulePage page, String kind) {
    Untrusted next = page.nextCursor();
    if (next != null) {
      doc.field("Next page", Inline.text("more " + kind + " alert rules with kind='" + kind + "' and `cursor` = "),
          Inline.data(next));
    } else if (page.hasMore()) {
      doc.fieldText("Next page", "Sentry reported more " + kind + " alert rules but returned no cursor that can be"
          + " passed back; use `query` to narrow the results.");
    }
  }

  private static @Nullable Structured pagination(AlertRules.@Nullable RulePage page) {
    return page == null ? null : Structured.object().put("nextCursor", page.nextCursor()).build();
  }
}
