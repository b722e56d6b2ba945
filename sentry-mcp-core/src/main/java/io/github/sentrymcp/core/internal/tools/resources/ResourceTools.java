package io.github.sentrymcp.core.internal.tools.resources;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The resource tools: get_sentry_resource. */
public final class ResourceTools {
  private ResourceTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(ToolEntry.of(GetSentryResourceTool.SPEC, GetSentryResourceTool::new));
  }
}
