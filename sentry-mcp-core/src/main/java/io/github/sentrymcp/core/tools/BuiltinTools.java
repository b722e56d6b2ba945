package io.github.sentrymcp.core.tools;

import io.github.sentrymcp.api.SentryTool;
import java.util.List;

/** The built-in tool catalog, in listing order. */
public final class BuiltinTools {
  private BuiltinTools() {}

  public static List<SentryTool> create(ToolEnvironment env) {
    return List.of(
        new WhoamiTool(env),
        new FindOrganizationsTool(env),
        new FindTeamsTool(env),
        new FindProjectsTool(env),
        new FindReleasesTool(env),
        new FindDsnsTool(env),
        new GetIssueDetailsTool(env),
        new GetTraceDetailsTool(env),
        new GetEventAttachmentTool(env),
        new SearchIssueEventsTool(env),
        new CreateTeamTool(env),
        new CreateProjectTool(env),
        new UpdateProjectTool(env),
        new AddTeamToProjectTool(env),
        new RemoveTeamFromProjectTool(env));
  }
}
