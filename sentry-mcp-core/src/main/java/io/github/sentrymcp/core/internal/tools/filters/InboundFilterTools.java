package io.github.sentrymcp.core.internal.tools.filters;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The custom inbound filter tools: find, create, update and delete. */
public final class InboundFilterTools {
  private InboundFilterTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(FindCustomInboundFiltersTool.SPEC, FindCustomInboundFiltersTool::new),
        ToolEntry.of(CreateCustomInboundFilterTool.SPEC, CreateCustomInboundFilterTool::new),
        ToolEntry.of(UpdateCustomInboundFilterTool.SPEC, UpdateCustomInboundFilterTool::new),
        ToolEntry.of(DeleteCustomInboundFilterTool.SPEC, DeleteCustomInboundFilterTool::new));
  }
}
