package io.github.sentrymcp.core.internal.tools.traces;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The trace tools: get_trace_details and get_span_details. */
public final class TraceTools {
  private TraceTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(GetTraceDetailsTool.SPEC, GetTraceDetailsTool::new),
        ToolEntry.of(GetSpanDetailsTool.SPEC, GetSpanDetailsTool::new));
  }
}
