package io.github.sentrymcp.core.internal.tools.filters;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code create_custom_inbound_filter}: {@code POST /projects/{org}/{project}/custom-inbound-filters/} with {@code
 * name, active, dataType, conditions}. The conditions are checked against the data type before anything is sent.
 */
final class CreateCustomInboundFilterTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Create a custom inbound filter that drops matching errors, logs, metrics or spans at ingest, before they are"
          + " stored or count against quota.",
      "",
      "Use this tool when you need to:",
      "- Stop ingesting errors by exception type or message",
      "- Drop data from an IP address or CIDR range, or from a release",
      "- Drop noisy logs by message, or metrics by name",
      "",
      "Be careful when using this tool! An active filter drops data for good; create it with active=false to"
          + " review it first.",
      "",
      "<examples>",
      "create_custom_inbound_filter(organizationSlug='my-organization', projectSlug='backend',"
          + " name='Flaky connections', dataType='error',"
          + " conditions=[{type: 'error_type', value: ['ConnectionError', 'TimeoutError']}])",
      "create_custom_inbound_filter(organizationSlug='my-organization', projectSlug='backend', name='Load test',"
          + " dataType='all', conditions=[{type: 'ip_address', value: ['10.0.0.0/8']}], active=false)",
      "</examples>",
      "",
      "<hints>",
      "- 'A or B': two patterns in one condition's value; 'A and B': two conditions.",
      "- error_message matches `{type}: {value}` of the exception; prefer globs such as `*ConnectionError*`.",
      "- Check find_custom_inbound_filters first to avoid a duplicate.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root("filter", CustomInboundFilters.ITEM_SCHEMA);

  static final ToolSpec SPEC = ToolSpec.builder("create_custom_inbound_filter", "Create custom inbound filter",
          DESCRIPTION)
      .input(schema())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.WRITE)
      .scopes(Scope.PROJECT_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  private static InputSchema schema() {
    InputSchema.Builder b = InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl())
        .add(Params.projectSlug(true));
    CustomInboundFilters.name(b, true, "A short label saying what the filter drops and why.");
    CustomInboundFilters.dataType(b, true);
    CustomInboundFilters.conditions(b, true);
    return b.bool("active", "False stores the filter without dropping anything yet.").defaultValue(true).add()
        .build();
  }

  CreateCustomInboundFilterTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String dataType = args.requireString("dataType");
    List<CustomInboundFilters.Condition> conditions = CustomInboundFilters.conditions(args);
    CustomInboundFilters.checkMatchesDataType(dataType, conditions);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", args.requireString("name"));
    body.put("active", args.bool("active", true));
    body.put("dataType", dataType);
    body.put("conditions", CustomInboundFilters.body(conditions));
    ApiRequest request = ApiRequest.post(ApiPath.of(CustomInboundFilters.LIST_PATH, org, project), body);
    SentryApiClient client = call.api(args);
    SentryJson filter = NotFoundHints.withHint(CustomInboundFilters.used(org, project, null), call.constraints(),
            () -> CustomInboundFilters.featureGated(() -> client.send(request)))
        .jsonObject("filter", TrustClass.UNTRUSTED_AUTHENTICATED);

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Created custom inbound filter in **" + org + "/" + project + "**");
    CustomInboundFilters.fields(doc, filter);
    return doc.structured(Structured.object().put("filter", CustomInboundFilters.item(filter)).build()).build();
  }
}
