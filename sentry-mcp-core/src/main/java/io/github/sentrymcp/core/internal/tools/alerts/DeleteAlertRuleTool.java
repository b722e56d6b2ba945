package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code delete_alert_rule}: {@code DELETE /organizations/{org}/workflows/{id}/}, after checking the alert's projects
 * when a project is named or the session is constrained to one. A 404 is an error (nothing was deleted), as in the
 * reference; the connected monitors stay.
 */
final class DeleteAlertRuleTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Permanently delete a Sentry alert (workflow); its connected monitors stay.",
      "",
      "Use this tool when you need to:",
      "- Remove an alert that is no longer wanted",
      "",
      "Be careful when using this tool! Deletion cannot be undone, and a shared alert stops notifying for every"
          + " connected project and monitor (update_alert_rule can disconnect sources or disable it instead).",
      "",
      "<examples>",
      "delete_alert_rule(organizationSlug='my-org', ruleId='12345')",
      "</examples>",
      "",
      "<hints>",
      "- ruleId is the workflow id from get_alert_rule(kind='issue'); metric monitor ids are not workflow ids.",
      "- Under a project constraint only alerts affecting that project alone can be deleted.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "success", bool("Always true: the alert was deleted."),
      "ruleId", string("The deleted alert's id, as given."));

  static final ToolSpec SPEC = ToolSpec.builder("delete_alert_rule", "Delete Alert Rule", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(false))
          .string("ruleId", "Workflow id from get_alert_rule(kind='issue').")
              .required().check(AlertRuleBodies::idProblem).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE_IDEMPOTENT)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  DeleteAlertRuleTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String ruleId = args.requireString("ruleId");
    SessionConstraints constraints = call.constraints();
    SentryApiClient client = call.api(args);
    AlertRuleSources.checkRuleProject(client, constraints, org, Long.parseLong(ruleId), args.string("projectSlug"));
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("ruleId", ruleId);
    NotFoundHints.withHint(used, constraints, () -> client.send(
        ApiRequest.delete(ApiPath.of("/organizations/{org}/workflows/{id}/", org, ruleId))));
    // all values below are validated caller input, so they are server text
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Deleted Alert Rule in " + org)
        .fieldText("Rule ID", ruleId)
        .paragraph("The alert was deleted; Sentry finishes removing it in the background. Its monitors stay.");
    return doc.structured(Structured.object()
        .put("success", true)
        .putText("ruleId", ruleId)
        .build()).build();
  }
}
