package io.github.sentrymcp.core.internal.tools.alerts;

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
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code find_alert_rules}: one page of issue alert rules (workflows of a project) and one page of metric alert rules,
 * each family with its own cursor. A cursor with {@code kind='all'} is refused when both families are searched.
 */
final class FindAlertRulesTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Find Sentry alert rules: issue alert rules of a project and metric alert rules.",
      "",
      "Use this tool when you need to:",
      "- List the issue alert rules of a project or the metric alert rules of an organization",
      "- Find an alert rule's id by name before inspecting it with get_alert_rule",
      "",
      "<examples>",
      "find_alert_rules(organizationSlug='my-org')",
      "find_alert_rules(organizationSlug='my-org', projectSlug='backend')",
      "find_alert_rules(organizationSlug='my-org', kind='issue', projectSlug='backend', query='critical')",
      "</examples>",
      "",
      "<hints>",
      "- Issue alert rules need projectSlug; without one only metric alert rules are listed.",
      "- limit applies per family; each family has its own next cursor: pass it with that kind.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "issueRules", AlertRules.issueColumns(null, "").arraySchema("Issue alert rules on this page."),
      "metricRules", AlertRules.metricColumns(null, "").arraySchema("Metric alert rules on this page."),
      "pagination", object(
          "issue", nullableObject("nextCursor", nullableString("Pass as cursor with kind='issue' for the next page.")),
          "metric", nullableObject("nextCursor",
              nullableString("Pass as cursor with kind='metric' for the next page."))));

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

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = AlertRules.project(args);
    AlertRules.Kind kind = AlertRules.Kind.of(args);
    String query = args.nonBlank("query");
    String cursor = args.nonBlank("cursor");
    int limit = args.intValue("limit", 10);
    if (kind == AlertRules.Kind.ISSUE && project == null) {
      throw SentryMcpException.invalidInput("projectSlug is required when searching issue alert rules.");
    }
    boolean issue = kind != AlertRules.Kind.METRIC && project != null;
    boolean metric = kind != AlertRules.Kind.ISSUE;
    if (cursor != null && issue && metric) {
      throw SentryMcpException.invalidInput("cursor cannot be used with kind='all' when both issue and metric alert"
          + " rules are listed. Retry with kind='issue' or kind='metric' and a cursor of that family.");
    }
    SentryApiClient client = call.api(args);
    AlertRules.RulePage issuePage = null;
    if (issue && project != null) {
      issuePage = AlertRules.issueRules(client, org, project, query, cursor, limit, call.constraints());
      call.checkCancelled();
    }
    AlertRules.RulePage metricPage = metric
        ? AlertRules.metricRules(client, org, project, query, cursor, limit, call.constraints())
        : null;

    Columns<SentryJson> issueColumns = AlertRules.issueColumns(links, org);
    Columns<SentryJson> metricColumns = AlertRules.metricColumns(links, org);
    List<SentryJson> issueRules = issuePage == null ? List.of() : issuePage.rules();
    List<SentryJson> metricRules = metricPage == null ? List.of() : metricPage.rules();

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Alert Rules in " + org + (project == null ? "" : "/" + project));
    if (issuePage != null) {
      doc.heading(2, "Issue Alert Rules");
      issueColumns.table(doc, issueRules, "No issue alert rules found.");
      cursorLine(doc, issuePage, "issue");
    }
    if (metricPage != null) {
      doc.heading(2, "Metric Alert Rules");
      metricColumns.table(doc, metricRules, "No metric alert rules found.");
      cursorLine(doc, metricPage, "metric");
    }
    if (!issueRules.isEmpty() || !metricRules.isEmpty()) {
      doc.paragraph("get_alert_rule with kind and the rule's ID shows its conditions, filters and actions.");
    }
    if (kind == AlertRules.Kind.ALL && project == null) {
      doc.paragraph("Issue alert rules belong to a project; pass projectSlug to include them.");
    }
    doc.structured(Structured.object()
        .put("issueRules", issueColumns.structured(issueRules))
        .put("metricRules", metricColumns.structured(metricRules))
        .put("pagination", Structured.object()
            .put("issue", pagination(issuePage))
            .put("metric", pagination(metricPage))
            .build())
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
