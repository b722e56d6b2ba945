package io.github.sentrymcp.core.internal.tools.projects;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/**
 * The project-management tools: the DSN tools (find_dsns, create_dsn, update_dsn) and the team and project tools
 * (create_team, create_project, update_project, add_team_to_project, remove_team_from_project).
 */
public final class ProjectTools {
  private ProjectTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(FindDsnsTool.SPEC, FindDsnsTool::new),
        ToolEntry.of(CreateDsnTool.SPEC, CreateDsnTool::new),
        ToolEntry.of(UpdateDsnTool.SPEC, UpdateDsnTool::new),
        ToolEntry.of(CreateTeamTool.SPEC, CreateTeamTool::new),
        ToolEntry.of(CreateProjectTool.SPEC, CreateProjectTool::new),
        ToolEntry.of(UpdateProjectTool.SPEC, UpdateProjectTool::new),
        ToolEntry.of(AddTeamToProjectTool.SPEC, AddTeamToProjectTool::new),
        ToolEntry.of(RemoveTeamFromProjectTool.SPEC, RemoveTeamFromProjectTool::new));
  }
}
