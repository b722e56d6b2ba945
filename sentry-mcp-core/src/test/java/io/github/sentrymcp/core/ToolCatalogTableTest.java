package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalog against a table: every registered tool's annotations, required scopes and skills are exactly what the
 * reference documents (reference spec section 5), and each tool is available exactly when its scopes (after hierarchy
 * expansion) and one of its skills are granted. A new tool fails this test until it has a row.
 */
class ToolCatalogTableTest {

  /** readOnly, destructive, idempotent, openWorld; scopes; skills. */
  private record Row(ToolAnnotations annotations, Set<Scope> scopes, Set<Skill> skills) {}

  // the reference's legend: RO / W, X = destructive, ID = idempotent, ID- = explicitly not idempotent, neither =
  // idempotence undeclared (null)
  private static final ToolAnnotations RO = new ToolAnnotations(true, false, null, true);
  private static final ToolAnnotations RO_CW = new ToolAnnotations(true, false, null, false);
  private static final ToolAnnotations W = new ToolAnnotations(false, false, null, true);
  private static final ToolAnnotations W_X = new ToolAnnotations(false, true, null, true);
  private static final ToolAnnotations W_X_ID_NOT = new ToolAnnotations(false, true, false, true);
  private static final ToolAnnotations W_ID = new ToolAnnotations(false, false, true, true);
  private static final ToolAnnotations W_ID_NOT = new ToolAnnotations(false, false, false, true);
  private static final ToolAnnotations W_X_ID = new ToolAnnotations(false, true, true, true);

  private static final Map<String, Row> TABLE = new LinkedHashMap<>();

  private static void row(String tool, ToolAnnotations a, String scopes, Skill... skills) {
    Set<Scope> s = scopes.isEmpty() ? Set.of()
        : List.of(scopes.split(",")).stream().map(Scope::fromId).map(o -> o.orElseThrow()).collect(Collectors.toSet());
    TABLE.put(tool, new Row(a, s, Set.of(skills)));
  }

  static {
    Skill i = Skill.INSPECT;
    Skill t = Skill.TRIAGE;
    Skill p = Skill.PROJECT_MANAGEMENT;
    Skill seer = Skill.SEER;
    row("whoami", RO, "", Skill.values());
    row("find_organizations", RO, "org:read", Skill.values());
    row("find_teams", RO, "team:read", i, t, p);
    row("find_projects", RO, "project:read", Skill.values());
    row("find_releases", RO, "project:read", i);
    row("get_release_details", RO, "project:read", i);
    row("find_dsns", RO, "project:read", p);
    row("get_issue_details", RO, "event:read", i, t, seer);
    row("get_trace_details", RO, "event:read", i);
    row("get_event_attachment", RO, "event:read", i);
    row("search_issue_events", RO, "event:read", i, t);
    row("update_issue", W_X_ID_NOT, "event:write", t);
    row("add_issue_note", W, "event:write", t);
    row("link_issue", W_ID, "event:write,org:read", t);
    row("unlink_issue", W_X_ID, "event:write,org:read", t);
    row("create_project", W, "project:write,team:read,org:read", p);
    row("update_project", W_X_ID_NOT, "project:write", p);
    row("create_team", W, "team:write", p);
    row("create_dsn", W, "project:write", p);
    row("update_dsn", W_X_ID, "project:write", p);
    row("add_team_to_project", W_ID, "project:write,team:read,org:read", p);
    row("remove_team_from_project", W_X, "project:write,team:read,org:read", p);
    row("create_uptime_monitor", W, "project:write", p);
    row("update_uptime_monitor", W_X_ID, "project:write", p);
    row("delete_uptime_monitor", W_X_ID, "project:write", p);
    row("find_uptime_monitors", RO, "org:read,project:read", i);
    row("find_monitors", RO, "org:read", i);
    row("get_uptime_monitor_details", RO, "project:read", i);
    row("get_monitor_details", RO, "project:read", i);
    row("create_alert_rule", W_ID_NOT, "org:read,project:read,alerts:write", p);
    row("update_alert_rule", W_X_ID_NOT, "org:read,project:read,alerts:write", p);
    row("delete_alert_rule", W_X_ID, "org:read,project:read,alerts:write", p);
    row("delete_monitor_environment", W_X_ID, "project:write", p);
    row("find_custom_inbound_filters", RO, "project:read", i, p);
    row("create_custom_inbound_filter", W, "project:write", p);
    row("update_custom_inbound_filter", W_X_ID, "project:write", p);
    row("delete_custom_inbound_filter", W_X_ID, "project:write", p);
    row("find_metric_monitors", RO, "org:read,project:read", i);
    row("get_metric_monitor_details", RO, "org:read,project:read", i);
    row("create_metric_monitor", W_ID_NOT, "org:read,project:read,alerts:write", p);
    row("update_metric_monitor", W_X_ID_NOT, "org:read,project:read,alerts:write", p);
    row("delete_metric_monitor", W_X_ID, "org:read,project:read,alerts:write", p);
    row("find_alert_rules", RO, "org:read,project:read", i);
    row("get_alert_rule", RO, "org:read,project:read", i);
    row("get_alert_options", RO, "org:read,project:read", i);
    row("search_issues", RO, "event:read", i, t, seer);
    row("get_issue_breadcrumbs", RO, "event:read", i, t);
    row("get_issue_activity", RO, "event:read", i, t);
    row("get_issue_user_reports", RO, "event:read", i, t);
    row("get_issue_tag_values", RO, "event:read", i);
    row("get_event_stacktrace", RO, "event:read", i, t, seer);
    row("get_span_details", RO, "event:read", i);
    row("onboarding_status_update", W_ID, "org:read", Skill.values());
    row("search_events", RO, "event:read", i, t, seer);
    row("search_docs", RO, "", i, Skill.DOCS);
    row("get_doc", RO, "", i, Skill.DOCS);
    row("get_snapshot", RO, "project:read", i);
    row("get_snapshot_image", RO, "project:read", i);
    row("get_latest_base_snapshot", RO, "project:read", i);
    row("search_errors", RO, "event:read", i, t, seer);
    row("search_logs", RO, "event:read", i, t, seer);
    row("search_traces", RO, "event:read", i, t, seer);
    row("search_metrics", RO, "event:read", i, t, seer);
    row("search_profiles", RO, "event:read", i, t, seer);
    row("search_replays", RO, "event:read", i, t, seer);
    row("find_dashboards", RO, "org:read", i);
    row("get_dashboard_details", RO, "org:read", i);
    row("analyze_issue_with_seer", W, "event:write", seer);
    row("get_sentry_resource", RO, "event:read,project:read", i, t, seer);
    row("get_agent_conversation_details", RO, "event:read,project:read", i, t, seer);
    row("get_ai_conversation_details", RO, "event:read,project:read", i, t, seer);
    row("search_agent_conversations", RO, "event:read,project:read", i, t, seer);
    row("search_ai_conversations", RO, "event:read,project:read", i, t, seer);
    row("find_dropped_events", RO, "event:read", i);
    row("get_replay_details", RO, "org:read,project:read,event:read", i);
    row("get_profile", RO, "event:read", i);
    row("get_profile_details", RO, "event:read", i);
    row("get_sentry_mcp_info", RO_CW, "", Skill.values());
    row("search_sentry_tools", RO_CW, "", Skill.values());
    // deliberately split (the reference has one executor, W X): reads run through a read-only executor that hosts
    // may allow without approval, everything that changes data through a destructive one
    row("execute_sentry_tool", RO, "", Skill.values());
    row("execute_sentry_write_tool", W_X_ID_NOT, "", Skill.values());
  }

  /** One engine (it sends nothing here); each grant under test is a session. */
  private static final SentryMcp MCP =
      SentryMcp.create(SentryMcpConfig.builder().host("127.0.0.1:9").insecureHttp(true).build());

  private static Session session(String scopes, Set<Skill> skills) {
    Session.Builder b = Session.builder(AccessToken.of("t"))
        .skills(skills.stream().map(Skill::id).collect(Collectors.joining(",")));
    if (!scopes.isEmpty()) {
      b.scopes(scopes);
    }
    return b.build();
  }

  @Test
  void everyToolHasExactlyTheAnnotationsScopesAndSkillsOfItsRow() {
    List<ToolDescriptor> all = MCP.allTools().stream().map(x -> x.descriptor()).toList();
    assertEquals(TABLE.keySet(), all.stream().map(ToolDescriptor::name).collect(Collectors.toSet()),
        "the table and the catalog name the same tools");
    for (ToolDescriptor d : all) {
      Row r = TABLE.get(d.name());
      assertEquals(r.annotations(), d.annotations(), d.name() + " annotations");
      assertEquals(r.scopes(), d.requiredScopes(), d.name() + " scopes");
      Set<Skill> expectedSkills = EnumSet.noneOf(Skill.class);
      expectedSkills.addAll(r.skills());
      expectedSkills.removeIf(Skill::deprecated);
      Set<Skill> actual = EnumSet.noneOf(Skill.class);
      actual.addAll(d.skills());
      actual.removeIf(Skill::deprecated);
      assertEquals(expectedSkills, actual, d.name() + " skills");
    }
  }

  @Test
  void aToolIsAvailableExactlyWhenItsScopesAndASkillAreGranted() {
    for (Map.Entry<String, Row> e : TABLE.entrySet()) {
      String tool = e.getKey();
      Row r = e.getValue();
      Skill skill = r.skills().stream().filter(s -> !s.deprecated()).findFirst().orElseThrow();
      String exact = r.scopes().stream().map(Scope::id).collect(Collectors.joining(","));
      // exactly the required scopes (or, for none, an unrelated one): listed
      assertTrue(names(session(exact.isEmpty() ? "member:read" : exact, Set.of(skill))).contains(tool), tool);
      // the admin scope of each resource implies write and read (alerts has no admin scope)
      String implied = r.scopes().stream()
          .map(s -> Scope.fromId(s.id().replaceAll(":(read|write)$", ":admin")).orElse(s).id())
          .collect(Collectors.joining(","));
      assertTrue(names(session(implied.isEmpty() ? "member:read" : implied, Set.of(skill))).contains(tool),
          tool + " under " + implied);
      // one required scope missing: not listed
      for (Scope missing : r.scopes()) {
        String fewer = r.scopes().stream().filter(s -> s != missing).map(Scope::id).collect(Collectors.joining(","));
        assertFalse(names(session(fewer.isEmpty() ? "member:read" : fewer, Set.of(skill))).contains(tool),
            tool + " without " + missing.id());
      }
      // the scopes without any of its skills: not listed
      Set<Skill> others = EnumSet.complementOf(EnumSet.copyOf(r.skills()));
      others.removeIf(Skill::deprecated);
      if (!others.isEmpty()) {
        assertFalse(names(session(exact.isEmpty() ? "member:read" : exact, others)).contains(tool), tool);
      }
    }
  }

  private static Set<String> names(Session session) {
    return MCP.availableTools(session).stream().map(ToolDescriptor::name).collect(Collectors.toSet());
  }
}
