package io.github.sentrymcp.core.internal.tools.docs;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The documentation tools: search_docs and get_doc. */
public final class DocsTools {
  private DocsTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(SearchDocsTool.SPEC, SearchDocsTool::new),
        ToolEntry.of(GetDocTool.SPEC, GetDocTool::new));
  }
}
