package io.github.sentrymcp.core.internal.tools.onboarding;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The onboarding tools: onboarding_status_update. */
public final class OnboardingTools {
  private OnboardingTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(ToolEntry.of(OnboardingStatusUpdateTool.SPEC, OnboardingStatusUpdateTool::new));
  }
}
