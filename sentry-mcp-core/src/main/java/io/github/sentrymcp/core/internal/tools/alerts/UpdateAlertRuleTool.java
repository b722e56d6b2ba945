package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code update_alert_rule}: reads the alert ({@code GET /organizations/{org}/workflows/{id}/}, after an exact-name
 * search when not given an id), checks its projects, then {@code PUT}s name and enabled always (Sentry would
 * otherwise re-enable it) and only the other fields given; source changes are applied to the current sources.
 */
final class UpdateAlertRuleTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Update a Sentry alert (workflow): its settings, notification actions and sources.",
      "",
      "Use this tool when you need to:",
      "- Enable or disable an alert, rename it or change how often it notifies",
      "- Change its triggers or notification actions",
      "- Connect or disconnect projects' issue streams or monitors",
      "",
      "Be careful when using this tool!",
      "",
      "<examples>",
      "update_alert_rule(organizationSlug='my-org', ruleIdOrName='12345', status='disabled')",
      "update_alert_rule(organizationSlug='my-org', projectSlug='backend', ruleIdOrName='Notify backend team',"
          + " frequencyMinutes=30, addProjectSlugs=['frontend'])",
      "</examples>",
      "",
      "<hints>",
      "- Read the alert first with get_alert_rule(kind='issue'); get_alert_options lists actions and sources.",
      "- Omitted fields stay unchanged; null clears owner or environment.",
      "- triggers and actionFilters replace what the alert has: keep the ids of what stays, omitted entries are"
          + " removed.",
      "- Slack/Teams: change config.targetDisplay (channel name) and integrationId; Sentry resolves the channel id."
          + " Other providers: change config.targetIdentifier.",
      "- Source changes keep the sources not mentioned.",
      "- Under a project constraint only alerts affecting that project alone can be changed.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root("alertRule", AlertRuleBodies.ruleSchema());

  static final ToolSpec SPEC = ToolSpec.builder("update_alert_rule", "Update Alert Rule", DESCRIPTION)
      .input(schema())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE_NOT_IDEMPOTENT)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  /** Parameters of which at least one must be given. */
  static final List<String> CHANGES = List.of("name", "status", "frequencyMinutes", "environment", "owner",
      "triggers", "actionFilters", "addProjectSlugs", "removeProjectSlugs", "addDetectorIds", "removeDetectorIds");

  private static InputSchema schema() {
    InputSchema.Builder b = InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl())
        .add(Params.projectSlug(false));
    b.string("ruleIdOrName", "Alert (workflow) id from get_alert_rule(kind='issue'), or its exact name; digits are"
        + " an id.").required().minLength(1).maxLength(256).add();
    AlertRuleBodies.addConfigFields(b, false);
    AlertRuleBodies.addGroups(b, false);
    b.stringArray("addProjectSlugs", "Projects whose issue streams to connect.").check(Params::slugProblem).add();
    b.stringArray("removeProjectSlugs", "Projects whose issue streams to disconnect.")
        .check(Params::slugProblem).add();
    b.stringArray("addDetectorIds", "Monitor ids to connect (get_alert_options).")
        .check(AlertRuleBodies::idProblem).add();
    b.stringArray("removeDetectorIds", "Monitor ids to disconnect.").check(AlertRuleBodies::idProblem).add();
    return b.build();
  }

  private final WebLinks links;

  UpdateAlertRuleTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String tool = SPEC.name();
    if (CHANGES.stream().noneMatch(p -> args.has(p) || args.isExplicitNull(p))) {
      throw SentryMcpException.invalidInput("Provide at least one field to update on the alert rule (omitted fields"
          + " stay unchanged).");
    }
    Map<String, @Nullable Object> triggers = args.has("triggers")
        ? AlertRuleBodies.triggers(tool, args.object("triggers"), false) : null;
    List<Object> actionFilters = args.has("actionFilters")
        ? AlertRuleBodies.actionFilters(tool, args.objects("actionFilters"), false) : null;
    String org = args.requireString("organizationSlug");
    String projectSlug = args.string("projectSlug");
    String ruleIdOrName = args.requireString("ruleIdOrName");
    SessionConstraints constraints = call.constraints();
    SentryApiClient client = call.api(args);

    long ruleId = AlertRuleBodies.ID.matcher(ruleIdOrName).matches()
        ? Long.parseLong(ruleIdOrName)
        : idByName(client, constraints, org, projectSlug != null ? projectSlug : constraints.projectSlug(),
            ruleIdOrName);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("ruleId", String.valueOf(ruleId));
    ApiPath path = ApiPath.of("/organizations/{org}/workflows/{id}/", org, String.valueOf(ruleId));
    SentryJson current = NotFoundHints.withHint(used, constraints, () -> client.get(path))
        .jsonObject("alertRule", TrustClass.UNTRUSTED_AUTHENTICATED);
    AlertRuleSources.ProjectRef scoped =
        AlertRuleSources.checkRuleProject(client, constraints, org, ruleId, projectSlug);
    Boolean enabled = current.get("enabled").asBoolean().orElse(null);
    Untrusted currentName = current.get("name").text();
    if (enabled == null || currentName == null) {
      throw current.malformed("the alert has no enabled state or name, so an update could change them; nothing"
          + " was written");
    }

    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    String name = args.string("name");
    body.put("name", name != null ? name : currentName);
    String status = args.string("status");
    body.put("enabled", status == null ? enabled : status.equals("active"));
    Long frequency = args.integer("frequencyMinutes");
    if (frequency != null) {
      body.put("config", Map.of("frequency", frequency)); // a workflow's config holds only its frequency
    }
    AlertRuleBodies.putClearable(body, args, "environment");
    AlertRuleBodies.putClearable(body, args, "owner");
    if (triggers != null) {
      body.put("triggers", triggers);
    }
    if (actionFilters != null) {
      body.put("actionFilters", SlackTargets.dropStaleChannelIds(actionFilters, current));
    }
    if (args.has("addProjectSlugs") || args.has("removeProjectSlugs") || args.has("addDetectorIds")
        || args.has("removeDetectorIds")) {
      List<Long> sources = AlertRuleSources.resolve(client, constraints, org, AlertRuleBodies.detectorIds(current),
          args.strings("addProjectSlugs"), args.strings("removeProjectSlugs"), args.strings("addDetectorIds"),
          args.strings("removeDetectorIds"), scoped);
      body.put("detectorIds", sources.stream().map(String::valueOf).toList());
    }

    SentryJson updated = NotFoundHints.withHint(used, constraints, () -> client.send(ApiRequest.put(path, body)))
        .jsonObject("alertRule", TrustClass.UNTRUSTED_AUTHENTICATED);
    if (actionFilters != null && AlertRuleBodies.hasUnresolvedSlackDestination(updated)) {
      throw SentryMcpException.invalidInput("The alert was saved, but Sentry did not resolve a Slack destination."
          + " Read the alert again and retry with both the channel name (config.targetDisplay) and the channel id"
          + " (config.targetIdentifier).");
    }
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Updated Alert Rule in " + org);
    Structured.Obj summary = AlertRuleBodies.render(doc, updated, ruleId, org, links);
    return doc.structured(Structured.object().put("alertRule", summary).build()).build();
  }

  /**
   * The id of the one alert with this exact name (case-insensitive): {@code GET /organizations/{org}/workflows/
   * ?sortBy=-id[&projectSlug=]&query=name:"*<name>*"&per_page=100}, which must fit one page.
   */
  static long idByName(SentryApiClient client, SessionConstraints constraints, String org,
      @Nullable String projectSlug, String name) {
    Query query = Query.create()
        .add("sortBy", "-id")
        .add("projectSlug", projectSlug)
        .add("query", "name:\"*" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "*\"")
        .add("per_page", 100);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    if (projectSlug != null) {
      used.put("projectSlug", projectSlug);
    }
    ApiResponse response = NotFoundHints.withHint(used, constraints,
        () -> client.get(ApiPath.of("/organizations/{org}/workflows/", org), query));
    SentryJson rules = response.jsonArray("alertRules", TrustClass.UNTRUSTED_AUTHENTICATED);
    if (response.nextCursor() != null) {
      throw SentryMcpException.invalidInput("The alert name search has more than one page of results, so the name"
          + " cannot be resolved safely. Find the alert with find_alert_rules and retry with its numeric id.");
    }
    Pattern exact = Pattern.compile(Pattern.quote(name), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    List<Long> matches = new ArrayList<>();
    for (SentryJson rule : rules.items()) {
      Untrusted n = rule.get("name").text();
      OptionalLong id = AlertRuleBodies.id(rule);
      if (n != null && n.matches(exact) && id.isPresent() && !matches.contains(id.getAsLong())) {
        matches.add(id.getAsLong());
      }
    }
    if (matches.size() > 1) {
      throw SentryMcpException.invalidInput("More than one alert has this name. Retry with the numeric workflow id"
          + " from get_alert_rule(kind='issue').");
    }
    if (matches.isEmpty()) {
      throw SentryMcpException.notFound("No alert with this exact name was found"
          + (projectSlug != null ? " in project " + projectSlug : "") + ". find_alert_rules lists the alerts.");
    }
    return matches.get(0);
  }
}
