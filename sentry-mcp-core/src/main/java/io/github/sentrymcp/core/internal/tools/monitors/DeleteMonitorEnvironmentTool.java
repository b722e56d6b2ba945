package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code delete_monitor_environment}: {@code DELETE /projects/{org}/{project}/monitors/{monitorSlug}/environments/
 * {environment}/}. The environment name is sent exactly as given (not trimmed, percent-encoded as one segment); one
 * with a {@code /}, a {@code \} or a control character is refused (Sentry allows none of them). A 404 counts as
 * success (the environment is gone, or its deletion is already under way).
 */
final class DeleteMonitorEnvironmentTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Delete one environment of a Sentry cron monitor; the monitor and its other environments stay.",
      "",
      "Use this tool when you need to:",
      "- Remove a cron monitor's environment that no longer exists or was created by mistake",
      "",
      "Be careful when using this tool! Deletion cannot be undone; Sentry completes it in the background.",
      "",
      "<examples>",
      "delete_monitor_environment(organizationSlug='my-organization', projectSlug='backend',"
          + " monitorSlug='nightly-import', environment='production')",
      "</examples>",
      "",
      "<hints>",
      "- find_monitors or get_monitor_details show the monitor and its exact environment names.",
      "- An environment that does not exist (any more) is reported as deleted.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "success", bool("Always true: the environment no longer exists or is being deleted."),
      "monitorSlug", string("The monitor, as given."),
      "projectSlug", string("The monitor's project."),
      "environment", string("The deleted environment, as given."));

  static final ToolSpec SPEC = ToolSpec.builder("delete_monitor_environment", "Delete cron monitor environment",
          DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(true))
          .string("monitorSlug", "The monitor's slug or GUID (find_monitors lists them).")
          .required().minLength(1).check(Params::slugProblem).add()
          .string("environment", "The exact environment name (whitespace and case are kept).")
          .required().noTrim().minLength(1).maxLength(64).check(DeleteMonitorEnvironmentTool::environmentProblem)
          .add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE_IDEMPOTENT)
      .scopes(Scope.PROJECT_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  DeleteMonitorEnvironmentTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  /** Sentry's environment names hold no {@code /}, no {@code \} and no control characters. */
  static @Nullable String environmentProblem(String value) {
    if (value.isBlank()) {
      return "must not be blank";
    }
    boolean bad = value.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c));
    return bad ? "must not contain '/', '\\' or control characters" : null;
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String monitor = args.requireString("monitorSlug");
    String environment = args.requireString("environment");
    ApiRequest request = ApiRequest.delete(ApiPath.of(
        "/projects/{org}/{project}/monitors/{monitorSlug}/environments/{environment}/",
        org, project, monitor, environment));
    boolean alreadyGone = false;
    try {
      call.api(args).send(request);
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      alreadyGone = true;
    }
    // slugs are validated caller input; the environment is the caller's own one-line text (no Sentry data)
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Deleted cron monitor environment in " + org + "/" + project)
        .fieldText("Monitor", monitor)
        .fieldText("Environment", environment);
    doc.paragraph(alreadyGone
        ? "Sentry has no such environment on this monitor (HTTP 404): nothing was left to delete."
        : "Sentry is deleting the environment; the monitor and its other environments stay.");
    return doc.structured(Structured.object()
        .put("success", true)
        .putText("monitorSlug", monitor)
        .putText("projectSlug", project)
        .putText("environment", environment)
        .build()).build();
  }
}
