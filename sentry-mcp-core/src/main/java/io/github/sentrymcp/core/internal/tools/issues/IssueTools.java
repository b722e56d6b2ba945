package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/** The issue tools: get_issue_details, search_issue_events, update_issue, add_issue_note, search_issues,
 * analyze_issue_with_seer and the issue sub-resources (breadcrumbs, activity, user reports, tag values) and
 * get_event_stacktrace, link_issue and unlink_issue. */
public final class IssueTools {
  private IssueTools() {}

  /** This feature's tools, in catalog order. */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(GetIssueDetailsTool.SPEC, GetIssueDetailsTool::new),
        ToolEntry.of(SearchIssueEventsTool.SPEC, SearchIssueEventsTool::new),
        ToolEntry.of(UpdateIssueTool.SPEC, UpdateIssueTool::new),
        ToolEntry.of(AddIssueNoteTool.SPEC, AddIssueNoteTool::new),
        ToolEntry.of(SearchIssuesTool.SPEC, SearchIssuesTool::new),
        ToolEntry.of(AnalyzeIssueWithSeerTool.SPEC, AnalyzeIssueWithSeerTool::new),
        ToolEntry.of(GetIssueBreadcrumbsTool.SPEC, GetIssueBreadcrumbsTool::new),
        ToolEntry.of(GetIssueActivityTool.SPEC, GetIssueActivityTool::new),
        ToolEntry.of(GetIssueUserReportsTool.SPEC, GetIssueUserReportsTool::new),
        ToolEntry.of(GetIssueTagValuesTool.SPEC, GetIssueTagValuesTool::new),
        ToolEntry.of(GetEventStacktraceTool.SPEC, GetEventStacktraceTool::new),
        ToolEntry.of(LinkIssueTool.SPEC, LinkIssueTool::new),
        ToolEntry.of(UnlinkIssueTool.SPEC, UnlinkIssueTool::new));
  }
}
