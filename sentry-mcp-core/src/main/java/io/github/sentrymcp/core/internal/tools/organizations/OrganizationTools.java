package io.github.sentrymcp.core.internal.tools.organizations;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/**
 * The tools that show what a token can reach: whoami, find_organizations, find_teams, find_projects,
 * find_releases and get_release_details.
 */
public final class OrganizationTools {
  private OrganizationTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(WhoamiTool.SPEC, WhoamiTool::new),
        ToolEntry.of(FindOrganizationsTool.SPEC, FindOrganizationsTool::new),
        ToolEntry.of(FindTeamsTool.SPEC, FindTeamsTool::new),
        ToolEntry.of(FindProjectsTool.SPEC, FindProjectsTool::new),
        ToolEntry.of(FindReleasesTool.SPEC, FindReleasesTool::new),
        ToolEntry.of(GetReleaseDetailsTool.SPEC, GetReleaseDetailsTool::new));
  }
}
