package io.github.sentrymcp.core.tools;

import io.github.sentrymcp.api.SentryTool;
import java.util.List;
import java.util.function.Function;

/** The built-in tool catalog, in listing order. */
public final class BuiltinTools {
  private BuiltinTools() {}

  /** A tool's static definition and how to create it. */
  private record Entry(ToolSpec spec, Function<ToolEnvironment, SentryTool> create) {}

  /** The one list of built-in tools; names and instances both come from it. */
  private static final class Catalog {
    static final List<Entry> ENTRIES = List.of(
        new Entry(WhoamiTool.SPEC, WhoamiTool::new),
        new Entry(FindOrganizationsTool.SPEC, FindOrganizationsTool::new),
        new Entry(FindTeamsTool.SPEC, FindTeamsTool::new),
        new Entry(FindProjectsTool.SPEC, FindProjectsTool::new),
        new Entry(FindReleasesTool.SPEC, FindReleasesTool::new),
        new Entry(FindDsnsTool.SPEC, FindDsnsTool::new),
        new Entry(GetIssueDetailsTool.SPEC, GetIssueDetailsTool::new),
        new Entry(GetTraceDetailsTool.SPEC, GetTraceDetailsTool::new),
        new Entry(GetEventAttachmentTool.SPEC, GetEventAttachmentTool::new),
        new Entry(SearchIssueEventsTool.SPEC, SearchIssueEventsTool::new),
        new Entry(UpdateIssueTool.SPEC, UpdateIssueTool::new),
        new Entry(AddIssueNoteTool.SPEC, AddIssueNoteTool::new),
        new Entry(CreateDsnTool.SPEC, CreateDsnTool::new),
        new Entry(UpdateDsnTool.SPEC, UpdateDsnTool::new),
        new Entry(CreateUptimeMonitorTool.SPEC, CreateUptimeMonitorTool::new),
        new Entry(UpdateUptimeMonitorTool.SPEC, UpdateUptimeMonitorTool::new),
        new Entry(DeleteUptimeMonitorTool.SPEC, DeleteUptimeMonitorTool::new),
        new Entry(CreateTeamTool.SPEC, CreateTeamTool::new),
        new Entry(CreateProjectTool.SPEC, CreateProjectTool::new),
        new Entry(UpdateProjectTool.SPEC, UpdateProjectTool::new),
        new Entry(AddTeamToProjectTool.SPEC, AddTeamToProjectTool::new),
        new Entry(RemoveTeamFromProjectTool.SPEC, RemoveTeamFromProjectTool::new));

    private Catalog() {}
  }

  /**
   * The names of the built-in tools, in listing order, without creating them (for checking configured tool names
   * early, e.g. in a CLI).
   */
  public static List<String> names() {
    return Catalog.ENTRIES.stream().map(e -> e.spec().name()).toList();
  }

  public static List<SentryTool> create(ToolEnvironment env) {
    return Catalog.ENTRIES.stream().map(e -> e.create().apply(env)).toList();
  }
}
