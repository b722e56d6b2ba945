package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
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
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code create_alert_rule}: {@code POST /organizations/{org}/workflows/} with name, enabled, config.frequency,
 * environment and owner when given, the trigger group when it has conditions, the action groups (copied component
 * ids dropped) and the sources: the issue streams of {@code projectSlugs} and the {@code detectorIds}. Sent once,
 * never retried.
 */
final class CreateAlertRuleTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Create a Sentry alert (workflow) that sends notifications for its sources.",
      "",
      "Use this tool when you need to:",
      "- Notify a team, channel or service about new or escalating issues",
      "- Copy an alert: read it with get_alert_rule(kind='issue') and pass its configuration (its ids are dropped)",
      "",
      "Be careful when using this tool! Each call creates a new alert.",
      "",
      "<examples>",
      "create_alert_rule(organizationSlug='my-org', name='Backend notifications', projectSlugs=['backend'],"
          + " actionFilters=[{logicType:'all', conditions:[], actions:[{type:'email', data:{},"
          + " config:{targetType:'team', targetIdentifier:'7'}}]}])",
      "create_alert_rule(organizationSlug='my-org', name='Draft', status='disabled', detectorIds=[],"
          + " actionFilters=[])",
      "</examples>",
      "",
      "<hints>",
      "- get_alert_options lists actions, integrations, conditions and sources.",
      "- Give projectSlugs (their issue streams) and/or detectorIds; detectorIds=[] creates an alert without"
          + " sources, which notifies no one until update_alert_rule connects some.",
      "- Under a project constraint every source must be in that project.",
      "- After a timeout or error, look for the alert (find_alert_rules) before retrying: it may exist already.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "alertRule", AlertRuleBodies.ruleSchema(),
      "guidance", nullableString("What to do next, when the alert needs more setup."));

  static final ToolSpec SPEC = ToolSpec.builder("create_alert_rule", "Create Alert Rule", DESCRIPTION)
      .input(schema())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.WRITE_NOT_IDEMPOTENT)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  static final String NO_SOURCES_GUIDANCE = "This alert has no sources and sends no notifications until"
      + " update_alert_rule connects some (addProjectSlugs or addDetectorIds).";

  private static InputSchema schema() {
    InputSchema.Builder b = InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl());
    AlertRuleBodies.addConfigFields(b, true);
    AlertRuleBodies.addGroups(b, true);
    b.stringList("projectSlugs", "Projects whose issue streams are the alert's sources.")
        .check(Params::slugProblem).add();
    b.stringList("detectorIds", "Source (monitor) ids from get_alert_options; [] for an alert without sources.")
        .check(AlertRuleBodies::idProblem).add();
    return b.build();
  }

  private final WebLinks links;

  CreateAlertRuleTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String tool = SPEC.name();
    if (!args.has("projectSlugs") && !args.has("detectorIds")) {
      throw SentryMcpException.invalidInput("Invalid arguments for " + tool + ": give projectSlugs or detectorIds"
          + " (detectorIds=[] creates an alert without sources).");
    }
    Map<String, @Nullable Object> body = AlertRuleBodies.createBody(args);
    Map<String, @Nullable Object> triggers = args.has("triggers")
        ? AlertRuleBodies.triggers(tool, args.object("triggers"), true) : null;
    List<Object> actionFilters = AlertRuleBodies.actionFilters(tool, args.objects("actionFilters"), true);
    List<String> projects = args.strings("projectSlugs");
    List<String> detectors = args.strings("detectorIds");

    SessionConstraints constraints = call.constraints();
    String constrained = constraints.projectSlug();
    if (constrained != null) {
      // refused before any request: a project other than the session's, or an alert affecting no project
      if (projects.stream().anyMatch(p -> !p.equals(constrained))) {
        throw AlertRuleSources.outsideConstraint(constrained, "A project named in projectSlugs");
      }
      if (projects.isEmpty() && detectors.isEmpty()) {
        throw AlertRuleSources.noSourcesUnderConstraint(constrained);
      }
    }

    String org = args.requireString("organizationSlug");
    SentryApiClient client = call.api(args);
    AlertRuleSources.ProjectRef scoped = constrained == null ? null
        : AlertRuleSources.project(client, constraints, org, constrained);
    List<Long> sources = AlertRuleSources.resolve(client, constraints, org, List.of(), projects, List.of(),
        detectors, List.of(), scoped);

    if (triggers != null && !((List<?>) triggers.getOrDefault("conditions", List.of())).isEmpty()) {
      body.put("triggers", triggers);
    }
    body.put("actionFilters", actionFilters);
    body.put("detectorIds", sources.stream().map(String::valueOf).toList());

    ApiRequest request = ApiRequest.post(ApiPath.of("/organizations/{org}/workflows/", org), body);
    SentryJson rule = NotFoundHints.withHint(Map.of("organizationSlug", org), constraints,
        () -> client.send(request)).jsonObject("alertRule", TrustClass.UNTRUSTED_AUTHENTICATED);
    OptionalLong id = AlertRuleBodies.id(rule);
    if (id.isEmpty()) {
      throw rule.malformed("the created alert has no numeric id");
    }
    if (AlertRuleBodies.hasUnresolvedSlackDestination(rule)) {
      throw SentryMcpException.invalidInput("Alert " + id.getAsLong() + " was created, but Sentry did not resolve"
          + " its Slack destination. Read it with get_alert_rule(kind='issue', ruleIdOrName='" + id.getAsLong()
          + "') and fix it with update_alert_rule, giving both the channel name (config.targetDisplay) and the"
          + " channel id (config.targetIdentifier). Do not create another alert.");
    }

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Created Alert Rule in " + org);
    Structured.Obj summary = AlertRuleBodies.render(doc, rule, id.getAsLong(), org, links);
    boolean detached = AlertRuleBodies.detectorIds(rule).isEmpty();
    if (detached) {
      doc.paragraph(NO_SOURCES_GUIDANCE);
    }
    return doc.structured(Structured.object()
        .put("alertRule", summary)
        .putText("guidance", detached ? NO_SOURCES_GUIDANCE : null)
        .build()).build();
  }
}
