package io.github.sentrymcp.core.internal.tools.replays;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The replay tools: get_replay_details. */
public final class ReplayTools {
  private ReplayTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(GetReplayDetailsTool.SPEC, GetReplayDetailsTool::new));
  }
}
