package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Columns;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.Map;

/** {@code find_teams}: one page of an organization's teams ({@code GET /organizations/{org}/teams/}). */
final class FindTeamsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Find teams in a Sentry organization, e.g. to get a team slug for tools that take teamSlug.",
      "",
      "<examples>",
      "find_teams(organizationSlug='my-organization', query='backend')",
      "</examples>",
      "",
      "<hints>",
      "- name/otherName is most likely <organizationSlug>/<projectSlug>.",
      "- Up to 25 teams per call; pass nextCursor as cursor for the next page.",
      "</hints>");

  /** A team: slug, name and id in the table; {@code id}, {@code slug} and {@code name} in the structured items. */
  static final Columns<SentryJson> TEAMS = Columns.<SentryJson>builder()
      .column("ID", "id", string("Team id."), t -> t.get("id").nonEmptyText())
      .column("Slug", "slug", string("Team slug."), t -> t.get("slug").nonEmptyText())
      .column("Name", "name", nullableString("Team name."), t -> t.get("name").nonEmptyText())
      .displayOrder("Slug", "Name")
      .skipItemsWithout("slug")
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"teams", TEAMS.arraySchema("The teams on this page (at most 25).")}, Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_teams", "Find teams", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.query("Only teams whose slug or name contains this text."))
          .add(Params.cursor())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.TEAM_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.PROJECT_MANAGEMENT)
      .build();

  FindTeamsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    SentryApiClient client = call.api(args);
    Paging.Page page = NotFoundHints.withHint(Map.of("organizationSlug", org), call.constraints(),
        () -> Paging.fetch(client, ApiPath.of("/organizations/{org}/teams/", org),
            Paging.query(args, Paging.PAGE_SIZE), "teams", TrustClass.UNTRUSTED_AUTHENTICATED));

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Teams in " + org);
    TEAMS.table(doc, page.items(),
        args.nonBlank("query") != null ? "No teams matched the query." : "No teams found.");
    Paging.append(doc, page, "teams");
    doc.structured(Paging.put(Structured.object().put("teams", TEAMS.structured(page.items())), page).build());
    return doc.build();
  }
}
