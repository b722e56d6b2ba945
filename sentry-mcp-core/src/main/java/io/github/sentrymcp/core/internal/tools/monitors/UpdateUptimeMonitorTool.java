package io.github.sentrymcp.core.internal.tools.monitors;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code update_uptime_monitor}: {@code PUT /projects/{org}/{project}/uptime/{id}/} with only the provided fields;
 * an explicit {@code null} for body, owner or environment clears it. At least one field is required.
 */
final class UpdateUptimeMonitorTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Update a Sentry HTTP uptime monitor.",
      "",
      "Use this tool when you need to:",
      "- Change URL, interval, timeout, method, headers, or body",
      "- Enable or disable a monitor (`status`)",
      "- Update owner, environment, or failure thresholds",
      "",
      "Be careful when using this tool!",
      "",
      "Omit a field to leave it unchanged. Pass explicit `null` to clear `owner`, `environment`, or `body`.",
      "",
      "<examples>",
      "update_uptime_monitor(organizationSlug='my-organization', projectSlug='backend', uptimeMonitorId='12345',"
          + " status='disabled')",
      "update_uptime_monitor(organizationSlug='my-organization', projectSlug='backend', uptimeMonitorId='12345',"
          + " intervalSeconds=300, timeoutMs=8000)",
      "update_uptime_monitor(organizationSlug='my-organization', projectSlug='backend', uptimeMonitorId='12345',"
          + " owner=null)",
      "</examples>",
      "",
      "<hints>",
      "- intervalSeconds must be one of 60, 300, 600, 1200, 1800, 3600; timeoutMs between 1000 and 60000.",
      "- `headers` replaces the whole header list; pass [] to remove all headers.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("update_uptime_monitor", "Update Uptime Monitor", DESCRIPTION)
      .input(schema())
      .output(UptimeMonitorSupport.outputSchema())
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
    UptimeMonitorSupport.addMonitorFields(b, false);
    return b.build();
  }

  private final WebLinks links;

  UpdateUptimeMonitorTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    UptimeMonitorSupport.checkInterval(SPEC.name(), args);
    Map<String, @Nullable Object> body = UptimeMonitorSupport.body(args);
    if (body.isEmpty()) {
      throw SentryMcpException.invalidInput(
          "Provide at least one field to update on the uptime monitor (omitted fields stay unchanged).");
    }
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String monitorId = args.requireString("uptimeMonitorId");
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    used.put("uptimeMonitorId", monitorId);
    ApiRequest request = ApiRequest.put(
        ApiPath.of("/projects/{org}/{project}/uptime/{uptimeMonitorId}/", org, project, monitorId), body);
    SentryApiClient client = call.api(args);
    SentryJson monitor = NotFoundHints.withHint(used, context.constraints(), () -> client.send(request))
        .jsonObject("monitor", TrustClass.UNTRUSTED_AUTHENTICATED);

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Updated Uptime Monitor in " + org + "/" + project);
    Structured.Obj summary = UptimeMonitorSupport.render(doc, monitor, org, links);
    return doc.structured(Structured.object().put("monitor", summary).build()).build();
  }
}
