package io.github.sentrymcp.core.internal.tools.filters;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code find_custom_inbound_filters}: one page of a project's custom inbound filters ({@code GET
 * /projects/{org}/{project}/custom-inbound-filters/?per_page=25[&cursor]}; Sentry pages this list with its cursor).
 */
final class FindCustomInboundFiltersTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "List a project's custom inbound filters: rules that drop matching errors, logs, metrics or spans at ingest.",
      "",
      "Use this tool when you need to:",
      "- See what a project drops at ingest, or whether a message, release, IP or metric is already filtered",
      "- Get a filterId for update_custom_inbound_filter or delete_custom_inbound_filter",
      "",
      "<examples>",
      "find_custom_inbound_filters(organizationSlug='my-organization', projectSlug='backend')",
      "</examples>",
      "",
      "<hints>",
      "- Conditions are ANDed, the patterns of one condition ORed; an inactive filter drops nothing.",
      "- Built-in filters (legacy browsers, web crawlers, localhost, ...) are project settings, not listed here.",
      "- Pass nextCursor as cursor to get the next page.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"filters", array(CustomInboundFilters.ITEM_SCHEMA, "The filters on this page (at most 25).")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_custom_inbound_filters", "Find custom inbound filters",
          DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(true))
          .add(Params.cursor())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.INSPECT, Skill.PROJECT_MANAGEMENT)
      .build();

  FindCustomInboundFiltersTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    SentryApiClient client = call.api(args);
    Query query = Query.create().add("per_page", Paging.PAGE_SIZE).add("cursor", args.nonBlank("cursor"));
    Paging.Page page = NotFoundHints.withHint(CustomInboundFilters.used(org, project, null), call.constraints(),
        () -> CustomInboundFilters.featureGated(() -> Paging.fetch(client,
            ApiPath.of(CustomInboundFilters.LIST_PATH, org, project), query, "filters",
            TrustClass.UNTRUSTED_AUTHENTICATED)));

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Custom inbound filters in **" + org + "/" + project + "**");
    List<List<Inline>> rows = new ArrayList<>();
    List<Structured> items = new ArrayList<>();
    for (SentryJson f : page.items()) {
      if (!f.isObject()) {
        continue;
      }
      rows.add(CustomInboundFilters.row(f));
      items.add(CustomInboundFilters.item(f));
    }
    if (rows.isEmpty()) {
      doc.paragraph("No custom inbound filters found.");
    } else {
      doc.table(CustomInboundFilters.HEADERS, rows);
    }
    Paging.append(doc, page, "filters");
    return doc.structured(Paging.put(Structured.object().put("filters", Structured.array(items)), page).build())
        .build();
  }
}
