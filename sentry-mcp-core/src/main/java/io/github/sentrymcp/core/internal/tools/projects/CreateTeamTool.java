package io.github.sentrymcp.core.internal.tools.projects;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
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
import java.util.Map;

/** {@code create_team}: a new team in an organization ({@code POST /organizations/{org}/teams/}). */
final class CreateTeamTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Create a new team in a Sentry organization.",
      "",
      "Use this tool when you need to:",
      "- Add a team that will own new projects",
      "- Set up a team before creating a project with create_project",
      "",
      "<examples>",
      "create_team(organizationSlug='my-organization', name='Backend')",
      "</examples>",
      "",
      "<hints>",
      "- Sentry derives the team's slug from the name; tell the user the slug it returns.",
      "- Check with find_teams first whether a suitable team already exists.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "team", ProjectManagementSupport.TEAMS.itemSchema());

  static final ToolSpec SPEC = ToolSpec.builder("create_team", "Create team", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("name", "The name of the team to create.").required().minLength(1).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.WRITE) // W OW: each call creates a team or fails on the slug
      .scopes(Scope.TEAM_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  CreateTeamTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String name = args.requireString("name");
    SentryApiClient client = call.api(args);
    SentryJson team = NotFoundHints.withHint(Map.of("organizationSlug", org), context.constraints(),
        () -> client.send(ApiRequest.post(ApiPath.of("/organizations/{org}/teams/", org), Map.of("name", name)))
            .jsonObject("team", TrustClass.UNTRUSTED_AUTHENTICATED));

    Untrusted id = team.get("id").nonEmptyText();
    Untrusted slug = team.get("slug").nonEmptyText();
    Untrusted teamName = team.get("name").nonEmptyText();
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "New Team in " + org)
        .field("ID", id)
        .field("Slug", slug)
        .field("Name", teamName)
        .heading(2, "Using this information")
        .paragraph("Tell the user the team's slug: it is the teamSlug for create_project and"
            + " add_team_to_project.");
    doc.structured(Structured.object().put("team", ProjectManagementSupport.TEAMS.object(team)).build());
    return doc.build();
  }
}
