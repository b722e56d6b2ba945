package io.github.sentrymcp.core.internal.tools.filters;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
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
 * {@code delete_custom_inbound_filter}: {@code DELETE /projects/{org}/{project}/custom-inbound-filters/{filterId}/}.
 * A 404 counts as success (the filter is gone either way), so repeating the call is harmless.
 */
final class DeleteCustomInboundFilterTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Delete a custom inbound filter, so the project ingests the data it dropped again.",
      "",
      "Use this tool when you need to:",
      "- Permanently remove a filter (to pause one, use update_custom_inbound_filter with active=false)",
      "",
      "Be careful when using this tool! Deletion cannot be undone.",
      "",
      "<examples>",
      "delete_custom_inbound_filter(organizationSlug='my-organization', projectSlug='backend', filterId='12345')",
      "</examples>",
      "",
      "<hints>",
      "- A filter that does not exist (any more) is reported as deleted.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "success", bool("Always true: the filter no longer exists."),
      "filterId", string("The deleted filter's id, as given."),
      "projectSlug", string("The project the filter belonged to."));

  static final ToolSpec SPEC = ToolSpec.builder("delete_custom_inbound_filter", "Delete custom inbound filter",
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
    return CustomInboundFilters.filterId(b).build();
  }

  DeleteCustomInboundFilterTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String filterId = args.requireString("filterId");
    ApiRequest request = ApiRequest.delete(CustomInboundFilters.itemPath(org, project, filterId));
    boolean alreadyGone = false;
    try {
      CustomInboundFilters.featureGated(() -> call.api(args).send(request));
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      alreadyGone = true;
    }
    // all values below are validated caller input, so they are server text
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Deleted custom inbound filter in **" + org + "/" + project + "**")
        .fieldText("Filter ID", filterId);
    doc.paragraph(alreadyGone
        ? "Sentry has no filter with this id in this project (HTTP 404), so there was nothing left to delete."
        : "The filter was deleted.");
    return doc.structured(Structured.object()
        .put("success", true)
        .putText("filterId", filterId)
        .putText("projectSlug", project)
        .build()).build();
  }
}
