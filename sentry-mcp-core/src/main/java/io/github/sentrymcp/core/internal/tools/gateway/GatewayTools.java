package io.github.sentrymcp.core.internal.tools.gateway;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The gateway tools and the server information tool. */
public final class GatewayTools {
  private GatewayTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(GetSentryMcpInfoTool.SPEC, GetSentryMcpInfoTool::new),
        ToolEntry.of(SearchSentryToolsTool.SPEC, SearchSentryToolsTool::new),
        ToolEntry.of(ExecuteSentryToolTool.READ_SPEC, ExecuteSentryToolTool::reads),
        ToolEntry.of(ExecuteSentryToolTool.WRITE_SPEC, ExecuteSentryToolTool::writes));
  }
}
