package io.github.sentrymcp.core.internal.tools.alerts;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
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
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_alert_rule}: one alert rule in full. With {@code kind='issue'} an Alert (workflow) by numeric id (a miss
 * falls back to an exact-name search) or by name; with {@code kind='metric'} a Metric Monitor by {@code
 * detector:<monitorId>}, by legacy alert-rule id (mapped to its monitor, never taken for a monitor id) or by exact
 * name; with {@code kind='all'} the value is an exact name searched in both families. More than one match is an
 * error that lists the matching ids.
 */
final class GetAlertRuleTool extends AbstractSentryTool {

  /** {@code detector:<monitorId>}: a Metric Monitor by its native id. */
  static final Pattern DETECTOR_REF = Pattern.compile("detector:(\\d{1,20})");

  static final String DESCRIPTION = String.join("\n",
      "Get a Sentry alert rule in full: an Alert (triggers, actions, sources, scope) or a Metric Monitor.",
      "",
      "Use this tool when you need to:",
      "- Explain what an alert rule watches and whom it notifies",
      "- Check a rule's exact configuration before changing it",
      "",
      "<examples>",
      "get_alert_rule(organizationSlug='my-org', kind='metric', ruleIdOrName='12345')",
      "get_alert_rule(organizationSlug='my-org', kind='issue', projectSlug='backend', ruleIdOrName='Notify backend')",
      "get_alert_rule(organizationSlug='my-org', projectSlug='backend', ruleIdOrName='P95 latency')",
      "</examples>",
      "",
      "<hints>",
      "- kind='metric': a numeric id is a legacy alert-rule ID; detector:123 is monitor 123.",
      "- With kind='all' the value is an exact rule name, even when digit-only.",
      "- Omit projectSlug for the whole organization; Alerts may cover several projects or none.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_alert_rule", "Get alert rule", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(AlertRules.kindParam("Rule family: issue, metric, or all (default; exact-name lookup in both)."))
          .add(Params.projectSlug(false))
          .string("ruleIdOrName", "An Alert ID, a legacy metric alert ID, detector:<monitorId>, or an exact name.")
          .required().minLength(1).maxLength(256).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final WebLinks links;

  GetAlertRuleTool(ToolEnvironment env) {
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
    SessionConstraints constraints = call.constraints();
    String constrained = constraints.projectSlug();
    String project = constrained != null ? constrained : AlertRules.project(args);
    AlertRules.Kind kind = AlertRules.Kind.of(args);
    String ref = args.requireString("ruleIdOrName").strip();
    if (ref.isEmpty()) {
      throw SentryMcpException.invalidInput("ruleIdOrName must not be blank.");
    }
    SentryApiClient client = call.api(args);

    AlertRules.IssueRule issue = null;
    SentryJson monitor = null;
    if (kind == AlertRules.Kind.ISSUE) {
      issue = resolveIssue(client, org, project, ref, constraints, call);
    } else if (kind == AlertRules.Kind.METRIC) {
      monitor = resolveMetric(client, org, project, ref, constraints, call);
    } else {
      List<SentryJson> issueMatches = AlertRules.issueRulesNamed(client, org, project, ref, constraints);
      call.checkCancelled();
      List<SentryJson> metricMatches = AlertRules.metricRulesNamed(client, org, project, ref, constraints);
      int total = issueMatches.size() + metricMatches.size();
      if (total == 0) {
        throw SentryMcpException.notFound("No alert rule has that name. find_alert_rules lists the rules.");
      }
      if (total > 1) {
        List<Untrusted> details = new ArrayList<>();
        issueMatches.forEach(r -> addId(details, r));
        metricMatches.forEach(r -> addId(details, r));
        throw new SentryMcpException(ErrorKind.INVALID_INPUT, "Several alert rules have that name ("
            + issueMatches.size() + " issue, " + metricMatches.size() + " metric; their ids follow). Retry with"
            + " an Alert ID and kind='issue', or get_metric_monitor_details with a monitor ID.", details, null);
      }
      call.checkCancelled();
      if (!issueMatches.isEmpty()) {
        issue = refetch(client, org, project, issueMatches.get(0), constraints);
      } else {
        monitor = MetricMonitors.fetchMonitor(client, org, monitorId(metricMatches.get(0)), project, constraints);
      }
    }

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Alert Rule in " + org + (project == null ? "" : "/" + project));
    if (issue != null) {
      call.checkCancelled();
      SentryJson rule = issue.rule();
      AlertRules.Scope scope = issue.scope();
      OptionalLong id = rule.get("id").asLong();
      if (scope == null && id.isPresent()) {
        scope = AlertRules.scope(client, org, String.valueOf(id.getAsLong()));
      }
      Untrusted constrainedProjectId = constrained != null ? issue.projectId() : null;
      AlertRules.renderIssueRule(doc, rule, project, links, org, scope, constrainedProjectId);
      AlertRules.renderSources(doc, client, org, rule, constrainedProjectId, call::checkCancelled);
    } else if (monitor != null) {
      doc.heading(2, "Metric Monitor");
      MetricMonitors.details(doc, monitor, org, links);
      doc.paragraph("get_metric_monitor_details with this monitor's ID is the canonical view; Alert IDs are the"
          + " connected notification Alerts.");
    }
    return doc.build();
  }

  private static AlertRules.IssueRule resolveIssue(SentryApiClient client, String org, @Nullable String project,
      String ref, SessionConstraints constraints, ToolCall call) {
    if (AlertRules.NUMERIC_ID.matcher(ref).matches()) {
      AlertRules.IssueRule byId = AlertRules.issueRule(client, org, project, ref, constraints);
      if (byId != null) {
        return byId;
      }
      call.checkCancelled();
    }
    List<SentryJson> matches = AlertRules.issueRulesNamed(client, org, project, ref, constraints);
    if (matches.size() > 1) {
      throw ambiguous("issue", matches);
    }
    if (matches.isEmpty()) {
      throw SentryMcpException.notFound("No Alert with that id or name was found"
          + (project == null ? "" : " in project " + project) + ". find_alert_rules lists the rules.");
    }
    call.checkCancelled();
    return refetch(client, org, project, matches.get(0), constraints);
  }

  private static SentryJson resolveMetric(SentryApiClient client, String org, @Nullable String project, String ref,
      SessionConstraints constraints, ToolCall call) {
    String monitorId;
    Matcher detector = DETECTOR_REF.matcher(ref);
    if (detector.matches()) {
      monitorId = detector.group(1);
    } else if (AlertRules.NUMERIC_ID.matcher(ref).matches()) {
      monitorId = AlertRules.monitorOfLegacyRule(client, org, ref, constraints);
    } else {
      List<SentryJson> matches = AlertRules.metricRulesNamed(client, org, project, ref, constraints);
      if (matches.size() > 1) {
        throw ambiguous("metric", matches);
      }
      if (matches.isEmpty()) {
        throw SentryMcpException.notFound("No Metric Monitor with that name was found. find_metric_monitors lists"
            + " the monitors.");
      }
      monitorId = monitorId(matches.get(0));
    }
    call.checkCancelled();
    return MetricMonitors.fetchMonitor(client, org, monitorId, project, constraints);
  }

  /** The full Alert of a name match, fetched again by its id (with the same project check). */
  private static AlertRules.IssueRule refetch(SentryApiClient client, String org, @Nullable String project,
      SentryJson match, SessionConstraints constraints) {
    OptionalLong id = match.get("id").asLong();
    if (id.isEmpty()) {
      throw match.malformed("the Alert has no numeric id");
    }
    AlertRules.IssueRule rule = AlertRules.issueRule(client, org, project, String.valueOf(id.getAsLong()),
        constraints);
    if (rule == null) {
      throw SentryMcpException.notFound("The Alert was not found"
          + (project == null ? "" : " in project " + project) + " when fetched by its id.");
    }
    return rule;
  }

  private static String monitorId(SentryJson monitor) {
    OptionalLong id = monitor.get("id").asLong();
    if (id.isEmpty()) {
      throw monitor.malformed("the Metric Monitor has no numeric id");
    }
    return String.valueOf(id.getAsLong());
  }

  private static SentryMcpException ambiguous(String family, List<SentryJson> matches) {
    List<Untrusted> details = new ArrayList<>();
    matches.forEach(r -> addId(details, r));
    return new SentryMcpException(ErrorKind.INVALID_INPUT, "Several " + family + " alert rules have that name"
        + " (their ids follow). Retry with " + ("issue".equals(family) ? "the numeric Alert ID."
        : "get_metric_monitor_details and a monitor ID."), details, null);
  }

  private static void addId(List<Untrusted> details, SentryJson rule) {
    Untrusted id = MetricMonitors.id(rule.get("id"));
    if (id != null) {
      details.add(id);
    }
  }
}
