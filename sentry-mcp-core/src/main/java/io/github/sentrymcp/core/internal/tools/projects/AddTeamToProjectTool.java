package io.github.sentrymcp.core.internal.tools.projects;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
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
 * {@code add_team_to_project}: gives a team access to a project. The project's teams are read first; when the team
 * already has access nothing is written. Otherwise {@code POST /projects/{org}/{project}/teams/{team}/} and the
 * list is read again.
 */
final class AddTeamToProjectTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Give a team access to a Sentry project.",
      "",
      "Use this tool when you need to:",
      "- Let another team see and own a project's issues",
      "- Check which teams have access to a project while adding one",
      "",
      "<examples>",
      "add_team_to_project(organizationSlug='my-organization', projectSlug='my-project', teamSlug='backend')",
      "</examples>",
      "",
      "<hints>",
      "- If the user writes name/otherName, it is most likely <organizationSlug>/<projectSlug>.",
      "- Safe to repeat: when the team already has access nothing changes and changed is false.",
      "- find_teams lists the organization's team slugs.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("add_team_to_project", "Add team to project", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(true))
          .add(ProjectManagementSupport.teamSlug("The slug of the team to give access to the project. You can find"
              + " the teams of an organization using the `find_teams()` tool."))
          .build())
      .output(ProjectManagementSupport.ASSIGNMENT_OUTPUT_SCHEMA)
      .annotations(Annotations.WRITE_IDEMPOTENT) // W ID OW: a second call finds the team and changes nothing
      .scopes(ProjectManagementSupport.TEAM_ACCESS_SCOPES)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  AddTeamToProjectTool(ToolEnvironment env) {
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

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Teams of " + org + "/" + project);
    if (ProjectManagementSupport.contains(before, team)) {
      doc.paragraph("The team " + team + " already has access to this project; nothing was changed.");
      ProjectManagementSupport.appendTable(doc, before);
      return doc.structured(ProjectManagementSupport.assignmentResult(false, before)).build();
    }

    call.checkCancelled();
    used.put("teamSlug", team);
    SentryJson answer = NotFoundHints.withHint(used, context.constraints(),
        () -> client.send(ApiRequest.post(
                ApiPath.of("/projects/{org}/{project}/teams/{team}/", org, project, team), Map.of()))
            .jsonObject("project", TrustClass.UNTRUSTED_AUTHENTICATED));
    doc.paragraph("The team " + team + " now has access to this project.");
    List<SentryJson> after;
    try {
      after = ProjectManagementSupport.projectTeams(client, org, project);
    } catch (SentryMcpException e) {
      // the change is made: report it, with the teams Sentry returned for the project
      after = ProjectManagementSupport.checkTeams(answer.get("teams").requireArray("the field teams").items());
      doc.paragraph("The team list could not be read again after the change; these are the teams Sentry"
          + " reported in its answer to the change.");
    }
    ProjectManagementSupport.appendTable(doc, after);
    return doc.structured(ProjectManagementSupport.assignmentResult(true, after)).build();
  }
}
