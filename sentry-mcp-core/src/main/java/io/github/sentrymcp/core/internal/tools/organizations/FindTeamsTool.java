package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;
import static io.github.sentrymcp.core.internal.tools.Rendering.cell;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
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

/** {@code find_teams}: one page of an organization's teams ({@code GET /organizations/{org}/teams/}). */
final class FindTeamsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Find teams in a Sentry organization.",
      "",
      "Use this tool when you need to:",
      "- List the teams of an organization",
      "- Look up a team's slug for tools that take a teamSlug",
      "- Check whether a team with a given name exists",
      "",
      "<examples>",
      "find_teams(organizationSlug='my-organization')",
      "find_teams(organizationSlug='my-organization', query='backend')",
      "</examples>",
      "",
      "<hints>",
      "- If the user writes name/otherName, it is most likely <organizationSlug>/<projectSlug>.",
      "- Returns up to 25 teams per call; query filters by slug or name.",
      "- Pass nextCursor as cursor to get the next page.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(new Object[] {
      "teams", array(object(
          "id", string("Team id."),
          "slug", string("Team slug."),
          "name", nullableString("Team name.")), "The teams on this page (at most 25).")},
      Paging.outputProps()));

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
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    SentryApiClient client = call.api(args);
    Paging.Page page = NotFoundHints.withHint(
        Map.of("organizationSlug", org), context.constraints(),
        () -> Paging.fetch(client, ApiPath.of("/organizations/{org}/teams/", org),
            Paging.query(args, Paging.PAGE_SIZE), "teams",
            TrustClass.UNTRUSTED_AUTHENTICATED));

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Teams in **" + org + "**");
    List<Structured> teams = new ArrayList<>();
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson t : page.items()) {
      Untrusted slug = t.get("slug").nonEmptyText();
      if (slug == null) {
        continue;
      }
      Untrusted id = t.get("id").nonEmptyText();
      Untrusted name = t.get("name").nonEmptyText();
      rows.add(List.of(Inline.data(slug), cell(name), cell(id)));
      teams.add(Structured.object()
          .put("id", id == null ? Structured.str("") : Structured.of(id))
          .put("slug", slug)
          .put("name", name)
          .build());
    }
    if (rows.isEmpty()) {
      doc.paragraph(args.nonBlank("query") != null ? "No teams matched the query." : "No teams found.");
    } else {
      doc.table(List.of("Slug", "Name", "ID"), rows);
    }
    Paging.append(doc, page, "teams");
    doc.structured(Paging.put(Structured.object().put("teams", Structured.array(teams)), page)
        .build());
    return doc.build();
  }
}
