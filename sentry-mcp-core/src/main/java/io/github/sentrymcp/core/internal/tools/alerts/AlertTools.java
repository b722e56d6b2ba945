package io.github.sentrymcp.core.internal.tools.alerts;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The alert rule tools: find_alert_rules, get_alert_rule, get_alert_options. */
public final class AlertTools {
  private AlertTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(FindAlertRulesTool.SPEC, FindAlertRulesTool::new),
        ToolEntry.of(GetAlertRuleTool.SPEC, GetAlertRuleTool::new),
        ToolEntry.of(GetAlertOptionsTool.SPEC, GetAlertOptionsTool::new));
  }
}
