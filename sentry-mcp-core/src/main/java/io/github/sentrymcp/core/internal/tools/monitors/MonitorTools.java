package io.github.sentrymcp.core.internal.tools.monitors;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The cron and uptime monitor tools: find, get, create, update and delete (a cron monitor's environment too). */
public final class MonitorTools {
  private MonitorTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(FindMonitorsTool.SPEC, FindMonitorsTool::new),
        ToolEntry.of(GetMonitorDetailsTool.SPEC, GetMonitorDetailsTool::new),
        ToolEntry.of(DeleteMonitorEnvironmentTool.SPEC, DeleteMonitorEnvironmentTool::new),
        ToolEntry.of(FindUptimeMonitorsTool.SPEC, FindUptimeMonitorsTool::new),
        ToolEntry.of(GetUptimeMonitorDetailsTool.SPEC, GetUptimeMonitorDetailsTool::new),
        ToolEntry.of(CreateUptimeMonitorTool.SPEC, CreateUptimeMonitorTool::new),
        ToolEntry.of(UpdateUptimeMonitorTool.SPEC, UpdateUptimeMonitorTool::new),
        ToolEntry.of(DeleteUptimeMonitorTool.SPEC, DeleteUptimeMonitorTool::new));
  }
}
