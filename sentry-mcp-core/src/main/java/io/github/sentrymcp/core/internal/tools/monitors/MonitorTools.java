package io.github.sentrymcp.core.internal.tools.monitors;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The uptime monitor tools: create_uptime_monitor, update_uptime_monitor and delete_uptime_monitor. */
public final class MonitorTools {
  private MonitorTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(CreateUptimeMonitorTool.SPEC, CreateUptimeMonitorTool::new),
        ToolEntry.of(UpdateUptimeMonitorTool.SPEC, UpdateUptimeMonitorTool::new),
        ToolEntry.of(DeleteUptimeMonitorTool.SPEC, DeleteUptimeMonitorTool::new));
  }
}
