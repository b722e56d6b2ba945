package io.github.sentrymcp.core.internal.tools.metricmonitors;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The Metric Monitor tools: find_metric_monitors, get_metric_monitor_details and the three write tools. */
public final class MetricMonitorTools {
  private MetricMonitorTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(FindMetricMonitorsTool.SPEC, FindMetricMonitorsTool::new),
        ToolEntry.of(GetMetricMonitorDetailsTool.SPEC, GetMetricMonitorDetailsTool::new),
        ToolEntry.of(CreateMetricMonitorTool.SPEC, CreateMetricMonitorTool::new),
        ToolEntry.of(UpdateMetricMonitorTool.SPEC, UpdateMetricMonitorTool::new),
        ToolEntry.of(DeleteMetricMonitorTool.SPEC, DeleteMetricMonitorTool::new));
  }
}
