package io.github.sentrymcp.core.internal.tools.projects;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.ToolResult;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code remove_team_from_project}: takes a team's access to a project away. The project's teams are read first;
 * the tool refuses, without writing, when the team has no access or is the project's only team. Otherwise {@code
 * DELETE /projects/{org}/{project}/teams/{team}/} and the list is read again.
 */
final class RemoveTeamFromProjectTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Remove a team's access to a Sentry project.",
      "",
      "Use this tool when you need to:",
      "- Take a project away from a team that no longer owns it",
      "- Hand a project over to another team (add the new team first)",
      "",
      "<examples>",
      "remove_team_from_project(organizationSlug='my-organization', projectSlug='my-project', teamSlug='backend')",
      "</examples>",
      "",
      "<hints>",
      "- If the user writes name/otherName, it is most likely <organizationSlug>/<projectSlug>.",
      "- Refused when the team has no access to the project, or when it is the project's only team:",
      "  add the new team with add_team_to_project first.",
      "- Members of the removed team lose access to the project unless another of their teams has it.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("remove_team_from_project", "Remove team from project", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(true))
          .add(ProjectManagementSupport.teamSlug("The slug of the team whose access to the project is removed."
              + " You can find the teams of an organization using the `find_teams()` tool."))
          .build())
      .output(ProjectManagementSupport.ASSIGNMENT_OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE) // W X OW: members lose access; a repeat is refused
      .scopes(ProjectManagementSupport.TEAM_ACCESS_SCOPES)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  RemoveTeamFromProjectTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String team = args.requireString("teamSlug");
    SentryApiClient client = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    List<SentryJson> before = NotFoundHints.withHint(used, context.constraints(),
        () -> ProjectManagementSupport.projectTeams(client, org, project));

    if (!ProjectManagementSupport.contains(before, team)) {
      List<Untrusted> assigned = assignedSlugs(before);
      throw new SentryMcpException(ErrorKind.INVALID_INPUT, "The team " + team + " has no access to the project "
          + org + "/" + project + ", so there is nothing to remove. "
          + (assigned.isEmpty() ? "No team has access to the project."
              : "The details list the slugs of the teams with access."),
          assigned, null);
    }
    if (before.size() < 2) {
      throw SentryMcpException.invalidInput("The team " + team + " is the only team with access to the project "
          + org + "/" + project + "; it was not removed, so that the project keeps an owning team. Give another"
          + " team access with add_team_to_project first.");
    }

    call.checkCancelled();
    used.put("teamSlug", team);
    NotFoundHints.withHint(used, context.constraints(),
        () -> client.send(ApiRequest.delete(ApiPath.of("/projects/{org}/{project}/teams/{team}/", org, project,
            team))));
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Teams of " + org + "/" + project)
        .paragraph("The team " + team + " no longer has access to this project.");
    List<SentryJson> after;
    try {
      after = ProjectManagementSupport.projectTeams(client, org, project);
    } catch (SentryMcpException e) {
      // the change is made: report it, with the list from before minus the removed team
      after = new ArrayList<>(before);
      after.removeIf(t -> t.get("slug").textEquals(team));
      doc.paragraph("The team list could not be read again after the change; these are the teams from before"
          + " the change, without the removed team.");
    }
    ProjectManagementSupport.appendTable(doc, after);
    return doc.structured(ProjectManagementSupport.assignmentResult(true, after)).build();
  }

  /** The slugs of the teams (at most 20), each a value of its own. */
  private static List<Untrusted> assignedSlugs(List<SentryJson> teams) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson t : teams) {
      Untrusted slug = t.get("slug").nonEmptyText();
      if (slug != null && out.size() < 20) {
        out.add(slug.truncate(200));
      }
    }
    return out;
  }
}
