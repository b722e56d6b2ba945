package io.github.sentrymcp.core.internal.tools.snapshots;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The snapshot tools: get_snapshot, get_snapshot_image, get_latest_base_snapshot. */
public final class SnapshotTools {
  private SnapshotTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(GetSnapshotTool.SPEC, GetSnapshotTool::new),
        ToolEntry.of(GetSnapshotImageTool.SPEC, GetSnapshotImageTool::new),
        ToolEntry.of(GetLatestBaseSnapshotTool.SPEC, GetLatestBaseSnapshotTool::new));
  }
}
