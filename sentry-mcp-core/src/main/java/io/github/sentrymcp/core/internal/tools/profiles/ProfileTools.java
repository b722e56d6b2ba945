package io.github.sentrymcp.core.internal.tools.profiles;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The profiling tools: get_profile and get_profile_details. */
public final class ProfileTools {
  private ProfileTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(GetProfileTool.SPEC, GetProfileTool::new),
        ToolEntry.of(GetProfileDetailsTool.SPEC, GetProfileDetailsTool::new));
  }
}
