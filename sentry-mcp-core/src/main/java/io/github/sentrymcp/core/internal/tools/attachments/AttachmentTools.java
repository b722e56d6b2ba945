package io.github.sentrymcp.core.internal.tools.attachments;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The attachment tools: get_event_attachment. */
public final class AttachmentTools {
  private AttachmentTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(GetEventAttachmentTool.SPEC, GetEventAttachmentTool::new));
  }
}
