package io.github.sentrymcp.core.internal.tools.filters;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
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
 * {@code update_custom_inbound_filter}: {@code PUT /projects/{org}/{project}/custom-inbound-filters/{filterId}/} with
 * only the given fields ({@code conditions} replaces the whole list). At least one field is required; when both
 * {@code dataType} and {@code conditions} are given they are checked against each other before anything is sent.
 */
final class UpdateCustomInboundFilterTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Update a custom inbound filter: rename it, pause or resume it, or change what it drops at ingest.",
      "",
      "Use this tool when you need to:",
      "- Pause a filter (active=false) or resume it",
      "- Add or remove a pattern, rename a filter or change its data type",
      "",
      "Be careful when using this tool! Widening an active filter drops more data for good.",
      "",
      "Omitted fields stay unchanged; `conditions` replaces the whole list, so send every condition to keep.",
      "",
      "<examples>",
      "update_custom_inbound_filter(organizationSlug='my-organization', projectSlug='backend', filterId='12345',"
          + " active=false)",
      "update_custom_inbound_filter(organizationSlug='my-organization', projectSlug='backend', filterId='12345',"
          + " conditions=[{type: 'error_message', value: ['*ConnectionError*', '*Timeout*']}])",
      "</examples>",
      "",
      "<hints>",
      "- find_custom_inbound_filters shows the filterId and current conditions.",
      "- A new dataType must accept every condition type of the filter.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root("filter", CustomInboundFilters.ITEM_SCHEMA);

  static final ToolSpec SPEC = ToolSpec.builder("update_custom_inbound_filter", "Update custom inbound filter",
          DESCRIPTION)
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
    CustomInboundFilters.filterId(b);
    CustomInboundFilters.name(b, false, "The new label.");
    b.bool("active", "False pauses the filter, true resumes it.").nullable().add();
    CustomInboundFilters.dataType(b, false);
    CustomInboundFilters.conditions(b, false);
    return b.build();
  }

  UpdateCustomInboundFilterTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String filterId = args.requireString("filterId");
    Map<String, Object> body = new LinkedHashMap<>();
    String name = args.string("name");
    if (name != null) {
      body.put("name", name);
    }
    if (args.has("active")) {
      body.put("active", args.bool("active", true));
    }
    String dataType = args.string("dataType");
    if (dataType != null) {
      body.put("dataType", dataType);
    }
    if (args.has("conditions")) {
      List<CustomInboundFilters.Condition> conditions = CustomInboundFilters.conditions(args);
      if (dataType != null) {
        CustomInboundFilters.checkMatchesDataType(dataType, conditions);
      }
      body.put("conditions", CustomInboundFilters.body(conditions));
    }
    if (body.isEmpty()) {
      throw SentryMcpException.invalidInput(
          "Provide at least one of name, active, dataType or conditions to update (omitted fields stay unchanged).");
    }
    ApiRequest request = ApiRequest.put(CustomInboundFilters.itemPath(org, project, filterId), body);
    SentryApiClient client = call.api(args);
    SentryJson filter = NotFoundHints.withHint(CustomInboundFilters.used(org, project, filterId),
            call.constraints(), () -> CustomInboundFilters.featureGated(() -> client.send(request)))
        .jsonObject("filter", TrustClass.UNTRUSTED_AUTHENTICATED);

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Updated custom inbound filter in **" + org + "/" + project + "**");
    CustomInboundFilters.fields(doc, filter);
    return doc.structured(Structured.object().put("filter", CustomInboundFilters.item(filter)).build()).build();
  }
}
