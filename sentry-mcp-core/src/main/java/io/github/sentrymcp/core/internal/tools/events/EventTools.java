package io.github.sentrymcp.core.internal.tools.events;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/**
 * The event search tools: search_events and the dataset tools (search_errors, search_logs, search_traces,
 * search_metrics, search_profiles, search_replays).
 */
public final class EventTools {
  private EventTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(SearchEventsTool.SPEC, SearchEventsTool::new),
        ToolEntry.of(SearchErrorsTool.SPEC, SearchErrorsTool::new),
        ToolEntry.of(SearchLogsTool.SPEC, SearchLogsTool::new),
        ToolEntry.of(SearchTracesTool.SPEC, SearchTracesTool::new),
        ToolEntry.of(SearchMetricsTool.SPEC, SearchMetricsTool::new),
        ToolEntry.of(SearchProfilesTool.SPEC, SearchProfilesTool::new),
        ToolEntry.of(SearchReplaysTool.SPEC, SearchReplaysTool::new));
  }
}
