package io.github.sentrymcp.core.internal.tools.alerts;

import io.github.sentrymcp.api.ApiException;
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
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_alert_rule}: one alert rule in full, by numeric id (with {@code kind}) or by exact name. With {@code
 * kind='all'} the value is a name searched in both families (at most 100 rules each); more than one match is an
 * error that lists the matching ids.
 */
final class GetAlertRuleTool extends AbstractSentryTool {

  /** Rules fetched per family when resolving a name. */
  static final int NAME_SEARCH_LIMIT = 100;

  static final String DESCRIPTION = String.join("\n",
      "Get a Sentry alert rule in full: its conditions, filters, triggers and actions.",
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
      "- Numeric ids need kind='issue' or kind='metric'; with kind='all' the value is an exact rule name.",
      "- Issue alert rules need projectSlug.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_alert_rule", "Get alert rule", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(AlertRules.kindParam("Rule family: issue, metric, or all (default; exact-name lookup in both)."))
          .add(Params.projectSlug(false))
          .string("ruleIdOrName", "The rule's numeric id, or its exact name.").required().minLength(1)
          .maxLength(256).add()
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

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = AlertRules.project(args);
    AlertRules.Kind kind = AlertRules.Kind.of(args);
    String ref = args.requireString("ruleIdOrName");
    if (kind == AlertRules.Kind.ISSUE && project == null) {
      throw SentryMcpException.invalidInput("projectSlug is required when inspecting an issue alert rule.");
    }
    SentryApiClient client = call.api(args);
    SessionConstraints constraints = call.constraints();

    SentryJson rule;
    boolean issue;
    if (kind == AlertRules.Kind.ISSUE) {
      rule = resolveIssue(client, org, project, ref, constraints, call);
      issue = true;
    } else if (kind == AlertRules.Kind.METRIC) {
      rule = resolveMetric(client, org, project, ref, constraints, call);
      issue = false;
    } else {
      List<SentryJson> issueMatches = project == null
          ? List.of()
          : exactMatches(AlertRules.issueRules(client, org, project, ref, null, NAME_SEARCH_LIMIT, constraints)
              .rules(), ref);
      call.checkCancelled();
      List<SentryJson> metricMatches = exactMatches(
          AlertRules.metricRules(client, org, project, ref, null, NAME_SEARCH_LIMIT, constraints).rules(), ref);
      int total = issueMatches.size() + metricMatches.size();
      if (total == 0) {
        throw SentryMcpException.notFound("No alert rule has that name" + (project == null
            ? " (issue alert rules are searched only with projectSlug)." : ".")
            + " find_alert_rules lists the rules.");
      }
      if (total > 1) {
        List<Untrusted> details = new ArrayList<>();
        issueMatches.forEach(r -> addId(details, r));
        metricMatches.forEach(r -> addId(details, r));
        throw new SentryMcpException(ErrorKind.INVALID_INPUT, "Several alert rules have that name ("
            + issueMatches.size() + " issue, " + metricMatches.size() + " metric; their ids follow). Retry with"
            + " the numeric rule ID and an explicit kind.", details, null);
      }
      call.checkCancelled();
      issue = !issueMatches.isEmpty();
      if (issue) {
        rule = refetchIssue(client, org, project, issueMatches.get(0), constraints);
      } else {
        rule = AlertRules.metricRule(client, org, requireId(metricMatches.get(0)), constraints);
        AlertRules.requireMetricRuleIn(rule, project);
      }
    }

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Alert Rule in " + org + (project == null ? "" : "/" + project));
    if (issue) {
      AlertRules.renderIssueRule(doc, rule, project, links, org);
    } else {
      AlertRules.renderMetricRule(doc, rule, links, org);
    }
    return doc.build();
  }

  private static SentryJson resolveIssue(SentryApiClient client, String org, @Nullable String project, String ref,
      SessionConstraints constraints, ToolCall call) {
    String p = requireProject(project);
    if (AlertRules.NUMERIC_ID.matcher(ref).matches()) {
      SentryJson byId = AlertRules.issueRule(client, org, p, ref, constraints);
      if (byId != null) {
        return byId;
      }
      call.checkCancelled();
    }
    List<SentryJson> matches = exactMatches(
        AlertRules.issueRules(client, org, p, ref, null, NAME_SEARCH_LIMIT, constraints).rules(), ref);
    if (matches.size() > 1) {
      throw ambiguous("issue", matches);
    }
    if (matches.isEmpty()) {
      throw SentryMcpException.notFound("No issue alert rule with that id or name was found in project " + p
          + ". find_alert_rules lists the rules.");
    }
    call.checkCancelled();
    return refetchIssue(client, org, p, matches.get(0), constraints);
  }

  private static SentryJson resolveMetric(SentryApiClient client, String org, @Nullable String project, String ref,
      SessionConstraints constraints, ToolCall call) {
    SentryJson rule = null;
    if (AlertRules.NUMERIC_ID.matcher(ref).matches()) {
      try {
        rule = AlertRules.metricRule(client, org, ref, constraints);
      } catch (ApiException e) {
        if (e.status() != 404) {
          throw e;
        }
        call.checkCancelled();
      }
    }
    if (rule == null) {
      List<SentryJson> matches = exactMatches(
          AlertRules.metricRules(client, org, project, ref, null, NAME_SEARCH_LIMIT, constraints).rules(), ref);
      if (matches.size() > 1) {
        throw ambiguous("metric", matches);
      }
      if (matches.isEmpty()) {
        throw SentryMcpException.notFound("No metric alert rule with that id or name was found."
            + " find_alert_rules lists the rules.");
      }
      call.checkCancelled();
      rule = AlertRules.metricRule(client, org, requireId(matches.get(0)), constraints);
    }
    AlertRules.requireMetricRuleIn(rule, project);
    return rule;
  }

  /** The full issue rule of a name match (fetched again by its id, as the reference does). */
  private static SentryJson refetchIssue(SentryApiClient client, String org, @Nullable String project,
      SentryJson match, SessionConstraints constraints) {
    SentryJson rule = AlertRules.issueRule(client, org, requireProject(project), requireId(match), constraints);
    if (rule == null) {
      throw SentryMcpException.notFound("The issue alert rule was not found when fetched by its id.");
    }
    return rule;
  }

  private static List<SentryJson> exactMatches(List<SentryJson> rules, String name) {
    return rules.stream().filter(r -> AlertRules.nameEqualsIgnoreCase(r, name)).toList();
  }

  private static SentryMcpException ambiguous(String family, List<SentryJson> matches) {
    List<Untrusted> details = new ArrayList<>();
    matches.forEach(r -> addId(details, r));
    return new SentryMcpException(ErrorKind.INVALID_INPUT, "Several " + family + " alert rules have that name"
        + " (their ids follow). Retry with the numeric rule ID.", details, null);
  }

  private static void addId(List<Untrusted> details, SentryJson rule) {
    Untrusted id = rule.get("id").nonEmptyText();
    if (id != null) {
      details.add(id);
    }
  }

  private static Untrusted requireId(SentryJson rule) {
    Untrusted id = rule.get("id").nonEmptyText();
    if (id == null || !id.matches(AlertRules.NUMERIC_ID)) {
      throw rule.malformed("the alert rule has no numeric id");
    }
    return id;
  }

  private static String requireProject(@Nullable String project) {
    if (project == null) {
      throw SentryMcpException.invalidInput("projectSlug is required when inspecting an issue alert rule.");
    }
    return project;
  }
}
