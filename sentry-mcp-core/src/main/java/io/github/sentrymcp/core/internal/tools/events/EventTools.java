package io.github.sentrymcp.core.internal.tools.events;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The event search tools: search_events. */
public final class EventTools {
  private EventTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(ToolEntry.of(SearchEventsTool.SPEC, SearchEventsTool::new));
  }
}
