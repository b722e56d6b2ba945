package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.CallContext;
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

/**
 * {@code delete_uptime_monitor}: {@code DELETE /projects/{org}/{project}/uptime/{id}/}. A 404 counts as success (the
 * monitor is gone either way), so repeating the call is harmless. Sentry's answer carries no data the tool shows.
 */
final class DeleteUptimeMonitorTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Delete a Sentry HTTP uptime monitor.",
      "",
      "Use this tool when you need to:",
      "- Permanently remove an uptime monitor",
      "",
      "Be careful when using this tool! Deletion cannot be undone.",
      "",
      "<examples>",
      "delete_uptime_monitor(organizationSlug='my-organization', projectSlug='backend', uptimeMonitorId='12345')",
      "</examples>",
      "",
      "<hints>",
      "- A monitor that does not exist (any more) is reported as deleted.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "success", bool("Always true: the monitor no longer exists."),
      "uptimeMonitorId", string("The deleted monitor's id, as given."),
      "projectSlug", string("The project the monitor belonged to."));

  static final ToolSpec SPEC = ToolSpec.builder("delete_uptime_monitor", "Delete Uptime Monitor", DESCRIPTION)
      .input(schema())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE_IDEMPOTENT)
      .scopes(Scope.PROJECT_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  private static InputSchema schema() {
    InputSchema.Builder b = InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl())
        .add(Params.projectSlug(true));
    UptimeMonitorSupport.addMonitorId(b);
    return b.build();
  }

  DeleteUptimeMonitorTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String monitorId = args.requireString("uptimeMonitorId");
    ApiRequest request = ApiRequest.delete(
        ApiPath.of("/projects/{org}/{project}/uptime/{uptimeMonitorId}/", org, project, monitorId));
    boolean alreadyGone = false;
    try {
      call.api(args).send(request);
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      alreadyGone = true;
    }
    // all values below are validated caller input, so they are server text
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Deleted Uptime Monitor in " + org + "/" + project)
        .fieldText("Uptime Monitor ID", monitorId)
        .fieldText("Project", project);
    if (alreadyGone) {
      doc.paragraph("Sentry has no uptime monitor with this id in this project (HTTP 404), so there was nothing"
          + " left to delete.");
    } else {
      doc.paragraph("The uptime monitor was deleted.");
    }
    return doc.structured(Structured.object()
        .put("success", true)
        .putText("uptimeMonitorId", monitorId)
        .putText("projectSlug", project)
        .build()).build();
  }
}
