package io.github.sentrymcp.core.internal.tools.gateway;

import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.Surface;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What a surface lists. {@link Surface#DIRECT}: every tool the session may use but the gateway tools. {@link
 * Surface#GATEWAY}: the top-level tools of the reference's newest surface, every host-defined tool, and the gateway
 * tools that reach something not listed; any tool the gateway cannot reach for this session (its search or the
 * executor for its kind is not available) is listed directly, so a surface never hides a tool the session may use
 * (but for the {@link #NOT_ADVERTISED} ones, which no surface lists).
 */
public final class Surfaces {
  private Surfaces() {}

  /** The gateway tools, in listing order. */
  public static final List<String> GATEWAY_TOOLS = List.of(
      SearchSentryToolsTool.NAME, ExecuteSentryToolTool.READ_NAME, ExecuteSentryToolTool.WRITE_NAME);

  /**
   * The tools the gateway surface lists directly (those this server has), as the reference's newest surface: the
   * most used tools.
   */
  public static final Set<String> TOP_LEVEL = Set.of(
      "find_organizations", "find_projects", "update_issue", "search_errors", "search_logs", "search_traces",
      "search_metrics", "search_profiles", "search_replays", "analyze_issue_with_seer", "search_issues",
      "get_sentry_resource");

  /**
   * Tools that no surface lists, as the reference leaves them out of what it advertises: onboarding_status_update,
   * which Sentry's getting-started skill names to the agent with a run token. They stay reachable through the
   * executor for their kind whenever that executor is listed for other tools, but never cause it to be listed (so a
   * read-only grant still lists nothing that changes data).
   */
  public static final Set<String> NOT_ADVERTISED = Set.of("onboarding_status_update");

  /** Whether the tool is one of the gateway's own. */
  public static boolean isGateway(String name) {
    return GATEWAY_TOOLS.contains(name);
  }

  /**
   * The tools to list.
   *
   * @param available the tools the session may use, in catalog order (gateway tools included when available)
   * @param builtin the names of the built-in tools (the others are the host's, always listed)
   */
  public static List<SentryTool> listed(Surface surface, List<SentryTool> available, Collection<String> builtin) {
    List<SentryTool> out = new ArrayList<>();
    if (surface == Surface.DIRECT) {
      for (SentryTool t : available) {
        String name = t.descriptor().name();
        if (!isGateway(name) && !NOT_ADVERTISED.contains(name)) {
          out.add(t);
        }
      }
      return out;
    }
    SentryTool search = null;
    SentryTool reads = null;
    SentryTool writes = null;
    for (SentryTool t : available) {
      switch (t.descriptor().name()) {
        case SearchSentryToolsTool.NAME -> search = t;
        case ExecuteSentryToolTool.READ_NAME -> reads = t;
        case ExecuteSentryToolTool.WRITE_NAME -> writes = t;
        default -> { }
      }
    }
    boolean readsUsed = false;
    boolean writesUsed = false;
    for (SentryTool t : available) {
      String name = t.descriptor().name();
      if (isGateway(name) || NOT_ADVERTISED.contains(name)) {
        continue;
      }
      if (TOP_LEVEL.contains(name) || !builtin.contains(name)) {
        out.add(t);
        continue;
      }
      boolean readOnly = t.descriptor().annotations().readOnly();
      SentryTool executor = readOnly ? reads : writes;
      if (search == null || executor == null) {
        out.add(t); // the gateway cannot reach it for this session: listed directly
      } else if (readOnly) {
        readsUsed = true;
      } else {
        writesUsed = true;
      }
    }
    if (search != null && (readsUsed || writesUsed)) {
      out.add(search);
    }
    if (reads != null && readsUsed) {
      out.add(reads);
    }
    if (writes != null && writesUsed) {
      out.add(writes);
    }
    return out;
  }
}
