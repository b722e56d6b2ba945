package io.github.sentrymcp.core.internal.tools.outcomes;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The outcomes tools: find_dropped_events. */
public final class OutcomeTools {
  private OutcomeTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(ToolEntry.of(FindDroppedEventsTool.SPEC, FindDroppedEventsTool::new));
  }
}
