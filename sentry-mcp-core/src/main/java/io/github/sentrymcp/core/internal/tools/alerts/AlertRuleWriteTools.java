package io.github.sentrymcp.core.internal.tools.alerts;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The alert rule write tools: create_alert_rule, update_alert_rule and delete_alert_rule. */
public final class AlertRuleWriteTools {
  private AlertRuleWriteTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(CreateAlertRuleTool.SPEC, CreateAlertRuleTool::new),
        ToolEntry.of(UpdateAlertRuleTool.SPEC, UpdateAlertRuleTool::new),
        ToolEntry.of(DeleteAlertRuleTool.SPEC, DeleteAlertRuleTool::new));
  }
}
