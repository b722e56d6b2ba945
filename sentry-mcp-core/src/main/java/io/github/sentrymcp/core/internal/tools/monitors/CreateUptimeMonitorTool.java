package io.github.sentrymcp.core.internal.tools.monitors;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
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

/**
 * {@code create_uptime_monitor}: {@code POST /projects/{org}/{project}/uptime/} with name, url, intervalSeconds and
 * timeoutMs always, and every other field only when provided.
 */
final class CreateUptimeMonitorTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Create a Sentry HTTP uptime monitor.",
      "",
      "Use this tool when you need to:",
      "- Start monitoring a URL for availability",
      "- Create a new uptime check with interval and timeout",
      "",
      "Be careful when using this tool!",
      "",
      "Required fields match Sentry's uptime API: name, url, intervalSeconds, timeoutMs.",
      "",
      "<examples>",
      "create_uptime_monitor(organizationSlug='my-organization', projectSlug='backend', name='API Health',"
          + " url='https://api.example.com/health', intervalSeconds=60, timeoutMs=5000)",
      "create_uptime_monitor(organizationSlug='my-organization', projectSlug='backend', name='Checkout',"
          + " url='https://example.com/checkout', intervalSeconds=300, timeoutMs=10000, method='GET',"
          + " environment='production')",
      "</examples>",
      "",
      "<hints>",
      "- intervalSeconds must be one of 60, 300, 600, 1200, 1800, 3600.",
      "- timeoutMs must be between 1000 and 60000.",
      "- owner format is `user:ID` or `team:ID`.",
      "- Advanced response assertions are not supported; configure them in the Sentry UI if needed.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("create_uptime_monitor", "Create Uptime Monitor", DESCRIPTION)
      .input(schema())
      .output(UptimeMonitorSupport.outputSchema())
      .annotations(Annotations.WRITE)
      .scopes(Scope.PROJECT_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  private static InputSchema schema() {
    InputSchema.Builder b = InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl())
        .add(Params.projectSlug(true));
    UptimeMonitorSupport.addMonitorFields(b, true);
    return b.build();
  }

  private final WebLinks links;

  CreateUptimeMonitorTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    UptimeMonitorSupport.checkInterval(SPEC.name(), args);
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    ApiRequest request = ApiRequest.post(
        ApiPath.of("/projects/{org}/{project}/uptime/", org, project), UptimeMonitorSupport.body(args));
    SentryApiClient client = call.api(args);
    SentryJson monitor = NotFoundHints.withHint(used, context.constraints(), () -> client.send(request))
        .jsonObject("monitor", TrustClass.UNTRUSTED_AUTHENTICATED);

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Created Uptime Monitor in " + org + "/" + project);
    Structured.Obj summary = UptimeMonitorSupport.render(doc, monitor, org, links);
    return doc.structured(Structured.object().put("monitor", summary).build()).build();
  }
}
