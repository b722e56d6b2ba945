package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.core.internal.tools.alerts.AlertTools;
import io.github.sentrymcp.core.internal.tools.alerts.AlertRuleWriteTools;
import io.github.sentrymcp.core.internal.tools.attachments.AttachmentTools;
import io.github.sentrymcp.core.internal.tools.dashboards.DashboardTools;
import io.github.sentrymcp.core.internal.tools.conversations.ConversationTools;
import io.github.sentrymcp.core.internal.tools.docs.DocsTools;
import io.github.sentrymcp.core.internal.tools.events.EventTools;
import io.github.sentrymcp.core.internal.tools.filters.InboundFilterTools;
import io.github.sentrymcp.core.internal.tools.gateway.GatewayTools;
import io.github.sentrymcp.core.internal.tools.issues.IssueTools;
import io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorTools;
import io.github.sentrymcp.core.internal.tools.monitors.MonitorTools;
import io.github.sentrymcp.core.internal.tools.onboarding.OnboardingTools;
import io.github.sentrymcp.core.internal.tools.organizations.OrganizationTools;
import io.github.sentrymcp.core.internal.tools.outcomes.OutcomeTools;
import io.github.sentrymcp.core.internal.tools.profiles.ProfileTools;
import io.github.sentrymcp.core.internal.tools.projects.ProjectTools;
import io.github.sentrymcp.core.internal.tools.replays.ReplayTools;
import io.github.sentrymcp.core.internal.tools.resources.ResourceTools;
import io.github.sentrymcp.core.internal.tools.snapshots.SnapshotTools;
import io.github.sentrymcp.core.internal.tools.traces.TraceTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in tool catalog: the tools of every feature package, in listing order. Each feature package registers its
 * tools in its entry class ({@code IssueTools}, {@code ProjectTools}, ...); this class only collects them.
 *
 * <p>Listing order: first the tools of {@code PINNED_ORDER} in that order (the order of {@code tools/list} that
 * clients and tests have seen since the first release), then every other tool, feature by feature in the order of
 * the feature list below and within a feature in the order of its entry class.
 */
public final class BuiltinTools {
  private BuiltinTools() {}

  /** The listing order of the first 22 tools; a new tool need not be added here. */
  static final List<String> PINNED_ORDER = List.of(
      "whoami",
      "find_organizations",
      "find_teams",
      "find_projects",
      "find_releases",
      "find_dsns",
      "get_issue_details",
      "get_trace_details",
      "get_event_attachment",
      "search_issue_events",
      "update_issue",
      "add_issue_note",
      "create_dsn",
      "update_dsn",
      "create_uptime_monitor",
      "update_uptime_monitor",
      "delete_uptime_monitor",
      "create_team",
      "create_project",
      "update_project",
      "add_team_to_project",
      "remove_team_from_project");

  /** The one list of built-in tools; names and instances both come from it. */
  private static final class Catalog {
    /** The feature packages, each with its tools in its own order. */
    static final List<List<ToolEntry>> FEATURES = List.of(
        OrganizationTools.entries(),
        IssueTools.entries(),
        TraceTools.entries(),
        AttachmentTools.entries(),
        ProjectTools.entries(),
        MonitorTools.entries(),
        AlertTools.entries(),
        AlertRuleWriteTools.entries(),
        InboundFilterTools.entries(),
        MetricMonitorTools.entries(),
        EventTools.entries(),
        DashboardTools.entries(),
        ResourceTools.entries(),
        ReplayTools.entries(),
        ProfileTools.entries(),
        DocsTools.entries(),
        OnboardingTools.entries(),
        ConversationTools.entries(),
        OutcomeTools.entries(),
        SnapshotTools.entries(),
        GatewayTools.entries());

    static final List<ToolEntry> ENTRIES = listingOrder(FEATURES);

    private Catalog() {}
  }

  /**
   * The tools of {@code features} in listing order.
   *
   * @throws IllegalStateException when two entries have the same name or a pinned name has no entry
   */
  static List<ToolEntry> listingOrder(List<List<ToolEntry>> features) {
    Map<String, ToolEntry> byName = new LinkedHashMap<>();
    for (List<ToolEntry> feature : features) {
      for (ToolEntry e : feature) {
        if (byName.putIfAbsent(e.spec().name(), e) != null) {
          throw new IllegalStateException("two built-in tools are named " + e.spec().name());
        }
      }
    }
    List<ToolEntry> out = new ArrayList<>();
    for (String name : PINNED_ORDER) {
      ToolEntry e = byName.remove(name);
      if (e == null) {
        throw new IllegalStateException("no feature registers the pinned tool " + name);
      }
      out.add(e);
    }
    out.addAll(byName.values());
    return List.copyOf(out);
  }

  /**
   * The names of the built-in tools, in listing order, without creating them (for checking configured tool names
   * early, e.g. in a CLI).
   */
  public static List<String> names() {
    return Catalog.ENTRIES.stream().map(e -> e.spec().name()).toList();
  }

  /** The built-in tools for an engine, in listing order. */
  public static List<SentryTool> create(ToolEnvironment env) {
    return Catalog.ENTRIES.stream().<SentryTool>map(e -> e.create(env)).toList();
  }
}
