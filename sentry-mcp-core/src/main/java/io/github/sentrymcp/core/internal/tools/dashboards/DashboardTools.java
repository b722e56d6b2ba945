package io.github.sentrymcp.core.internal.tools.dashboards;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The dashboard tools: find_dashboards and get_dashboard_details. */
public final class DashboardTools {
  private DashboardTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(FindDashboardsTool.SPEC, FindDashboardsTool::new),
        ToolEntry.of(GetDashboardDetailsTool.SPEC, GetDashboardDetailsTool::new));
  }
}
