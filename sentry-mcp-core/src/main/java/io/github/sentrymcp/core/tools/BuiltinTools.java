package io.github.sentrymcp.core.tools;

import io.github.sentrymcp.api.SentryTool;
import java.util.List;

/** The built-in tool catalog, in listing order. */
public final class BuiltinTools {
  private BuiltinTools() {}

  /**
   * The names of the built-in tools, in listing order, without creating them (for checking configured tool names
   * early, e.g. in a CLI). A test keeps this in step with {@link #create}.
   */
  public static List<String> names() {
    return List.of("whoami", "find_organizations", "find_teams", "find_projects", "find_releases", "find_dsns",
        "get_issue_details", "get_trace_details", "get_event_attachment", "search_issue_events", "update_issue",
        "add_issue_note", "create_dsn", "update_dsn", "create_uptime_monitor", "update_uptime_monitor",
        "delete_uptime_monitor", "create_team", "create_project", "update_project", "add_team_to_project",
        "remove_team_from_project");
  }

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
        new UpdateIssueTool(env),
        new AddIssueNoteTool(env),
        new CreateDsnTool(env),
        new UpdateDsnTool(env),
        new CreateUptimeMonitorTool(env),
        new UpdateUptimeMonitorTool(env),
        new DeleteUptimeMonitorTool(env),
        new CreateTeamTool(env),
        new CreateProjectTool(env),
        new UpdateProjectTool(env),
        new AddTeamToProjectTool(env),
        new RemoveTeamFromProjectTool(env));
  }
}
