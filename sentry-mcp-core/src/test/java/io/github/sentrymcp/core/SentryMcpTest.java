package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.GrantHints;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Availability and enforcement: skills, scopes, tool lists and constraints of a session decide what it is listed and
 * what it may call; one engine serves many sessions, and its listener sees each of their calls.
 */
class SentryMcpTest {
  private static final List<String> ALL_TOOLS = List.of(
      "whoami", "find_organizations", "find_teams", "find_projects", "find_releases", "find_dsns", "get_issue_details",
      "get_trace_details", "get_event_attachment", "search_issue_events", "get_release_details", "search_issues",
      "get_issue_breadcrumbs", "get_issue_activity", "get_issue_user_reports", "get_issue_tag_values",
      "get_event_stacktrace", "get_span_details", "find_monitors", "get_monitor_details", "find_uptime_monitors",
      "get_uptime_monitor_details", "find_alert_rules", "get_alert_rule", "get_alert_options",
      "find_custom_inbound_filters", "find_metric_monitors", "get_metric_monitor_details", "search_events",
      "search_errors", "search_logs", "search_traces", "search_metrics", "search_profiles", "search_replays",
      "find_dashboards", "get_dashboard_details", "get_sentry_resource", "get_replay_details", "get_profile",
      "get_profile_details", "search_docs", "get_doc", "onboarding_status_update", "get_agent_conversation_details",
      "get_ai_conversation_details", "search_agent_conversations", "search_ai_conversations", "find_dropped_events",
      "get_snapshot", "get_snapshot_image", "get_latest_base_snapshot", "get_sentry_mcp_info", "search_sentry_tools",
      "execute_sentry_tool", "execute_sentry_write_tool");
  private static final String TOKEN = "sntrys_test";
  private static final Map<String, Object> ISSUE_ARGS =
      Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41");

  private static FakeSentry fake;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().build();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.reset();
  }

  /** An engine talking to the fake with the default settings and the built-in tools. */
  private static SentryMcp engine() {
    return engine(b -> b);
  }

  /** An engine talking to the fake, built further (host tools, grant hints, listener) by {@code customize}. */
  private static SentryMcp engine(UnaryOperator<SentryMcp.Builder> customize) {
    SentryMcpConfig config = SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build();
    return customize.apply(SentryMcp.builder(config)).build();
  }

  /**
   * A session with the token {@link #TOKEN}, its grant set by {@code customize} from the defaults (read-only scopes,
   * every active skill, no constraints).
   */
  private static Session session(UnaryOperator<Session.Builder> customize) {
    return customize.apply(Session.builder(AccessToken.of(TOKEN))).build();
  }

  private static Session session() {
    return session(b -> b);
  }

  private static List<String> names(List<ToolDescriptor> tools) {
    return tools.stream().map(ToolDescriptor::name).toList();
  }

  @Test
  void defaultGrantListsEveryReadTool() {
    SentryMcp mcp = engine();
    assertEquals(ALL_TOOLS, names(mcp.availableTools(session())));
    // callable, but with nothing to run under this grant; no surface lists it
    List<ToolDescriptor> listed = new ArrayList<>(mcp.listedTools(session(), Surface.DIRECT));
    listed.addAll(mcp.listedTools(session(), Surface.GATEWAY));
    assertFalse(names(listed).contains("execute_sentry_write_tool"));
    for (ToolDescriptor d : listed) {
      assertTrue(d.annotations().readOnly(), d.name());
      assertFalse(d.annotations().destructive(), d.name());
      assertTrue(d.description().length() < 2048, d.name());
      assertEquals("object", d.inputSchema().get("type"), d.name());
    }
  }

  @Test
  void toolsWhoseScopesAreNotGrantedAreNeitherListedNorCallable() {
    SentryMcp mcp = engine();
    Session orgOnly = session(b -> b.scopes("org:read"));
    List<String> listed = names(mcp.availableTools(orgOnly));
    assertTrue(listed.contains("whoami"));
    assertTrue(listed.contains("find_organizations"));
    assertFalse(listed.contains("find_projects"));
    assertFalse(listed.contains("get_issue_details"));
    assertFalse(mcp.isAvailable("find_projects", orgOnly));

    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_projects", Map.of("organizationSlug", "sentry-mcp-evals"), orgOnly));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals("The tool find_projects needs the scope(s) project:read, which this session was not granted.",
        e.getMessage());
    assertTrue(fake.journal().isEmpty(), "no request may be made for a denied call");
  }

  @Test
  void higherScopesImplyLowerOnesOfTheSameResourceOnly() {
    List<String> listed = names(engine().availableTools(session(b -> b.scopes("org:admin,project:write"))));
    assertTrue(listed.contains("find_organizations"));
    assertTrue(listed.contains("find_projects"));
    assertFalse(listed.contains("find_teams"), "team:read is not implied by org:admin");
    assertFalse(listed.contains("get_issue_details"), "event:read is not implied by project:write");
  }

  @Test
  void skillsGateToolsToo() {
    SentryMcp mcp = engine();
    Session projectManagement = session(b -> b.skills("project-management"));
    List<String> listed = names(mcp.availableTools(projectManagement));
    assertTrue(listed.contains("find_dsns"));
    assertFalse(listed.contains("get_issue_details"));
    assertFalse(listed.contains("find_releases"));
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("get_issue_details", ISSUE_ARGS, projectManagement));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().contains("is not enabled by the granted skills. It belongs to: "), e.getMessage());
    assertTrue(e.getMessage().contains("inspect"), e.getMessage());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void organizationConstraintHidesParametersInjectsValuesAndHidesFindOrganizations() {
    SentryMcp mcp = engine();
    Session pinned = session(b -> b.organizationSlug("sentry-mcp-evals"));
    List<ToolDescriptor> tools = mcp.availableTools(pinned);
    assertFalse(names(tools).contains("find_organizations"));
    for (ToolDescriptor d : tools) {
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) d.inputSchema().get("properties");
      assertFalse(props.containsKey("organizationSlug"), d.name());
    }
    // a caller that still sends another org is overridden by the constraint
    mcp.call("find_projects", Map.of("organizationSlug", "victim-org"), pinned);
    assertTrue(fake.journal().stream().allMatch(r -> r.rawPath().startsWith("/api/0/organizations/sentry-mcp-evals/")),
        () -> fake.journal().toString());
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_organizations", Map.of(), pinned));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
  }

  @Test
  void unknownToolsAndBadArgumentsAreClearInputErrors() {
    SentryMcp mcp = engine();
    SentryMcpException unknown = assertThrows(SentryMcpException.class,
        () -> mcp.call("drop_database", Map.of(), session()));
    assertEquals(ErrorKind.INVALID_INPUT, unknown.kind());
    assertTrue(unknown.getMessage().contains("drop_database"));
    assertFalse(mcp.isAvailable("drop_database", session()));

    SentryMcpException bad = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_projects", Map.of("organizationSlug", "../evil", "bogus", 1), session()));
    assertEquals(ErrorKind.INVALID_INPUT, bad.kind());
    assertTrue(bad.getMessage().contains("organizationSlug"), bad.getMessage());
    assertTrue(bad.getMessage().contains("\"bogus\": unknown parameter"), bad.getMessage());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void callAndRenderNeverThrowsAndNeverLeaksExceptionText() {
    SentryMcp mcp = engine(b -> b.tool(new SentryTool() {
      @Override
      public ToolDescriptor descriptor() {
        return new ToolDescriptor("boom", "Boom", "Always fails.", Map.of("type", "object"), null,
            ToolAnnotations.READ_ONLY, Set.of(), EnumSet.of(Skill.INSPECT));
      }

      @Override
      public ToolResult call(Map<String, ?> arguments, CallContext context) {
        throw new IllegalStateException("secret internal detail " + TOKEN);
      }
    }));
    RenderedResult r = mcp.callAndRender("boom", Map.of(), session());
    assertTrue(r.isError());
    assertFalse(r.text().contains("secret internal detail"));
    assertFalse(r.text().contains(TOKEN));
    assertEquals(Map.of("kind", "internal"), r.structuredContent().get("error"));

    RenderedResult unknown = mcp.callAndRender("nope", Map.of(), session());
    assertTrue(unknown.isError());
    // compact errors (the default style): a title line "Title: message", Sentry's details (none here) in regions
    assertTrue(unknown.text().startsWith("Input Error: Unknown tool \"nope\"."), unknown.text());
    assertFalse(unknown.text().contains("<d-"), "nothing from Sentry, no region: " + unknown.text());
  }

  @Test
  void anUnavailableHostToolIsNeverInvoked() {
    java.util.concurrent.atomic.AtomicInteger invoked = new java.util.concurrent.atomic.AtomicInteger();
    SentryMcp mcp = engine(b -> b.tool(new SentryTool() {
      @Override
      public ToolDescriptor descriptor() {
        return new ToolDescriptor("host_write", "Host write", "Writes something.", Map.of("type", "object"),
            null, new ToolAnnotations(false, true, false, true), Set.of(Scope.EVENT_WRITE),
            EnumSet.of(Skill.TRIAGE));
      }

      @Override
      public ToolResult call(Map<String, ?> arguments, CallContext context) {
        invoked.incrementAndGet(); // this host tool does no permission check of its own
        return ToolResult.builder().paragraph("done").build();
      }
    }));
    Session inspectOnly = session(b -> b.skills("inspect"));
    assertFalse(names(mcp.availableTools(inspectOnly)).contains("host_write"));
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("host_write", Map.of(), inspectOnly));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().contains("is not enabled by the granted skills. It belongs to: triage."),
        e.getMessage());
    assertEquals(0, invoked.get(), "an unavailable tool must not run");
  }

  @Test
  void sessionsOfOneEngineHaveTheirOwnGrants() {
    SentryMcp mcp = engine();
    Session narrow = session(b -> b.scopes(EnumSet.of(Scope.ORG_READ)).skills(EnumSet.of(Skill.INSPECT)));
    assertTrue(names(mcp.availableTools(session())).contains("find_teams"));
    assertFalse(names(mcp.availableTools(narrow)).contains("find_teams"));
    assertThrows(SentryMcpException.class,
        () -> mcp.call("find_teams", Map.of("organizationSlug", "sentry-mcp-evals"), narrow));
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void oneEngineServesManySessionsEachRequestCarryingItsOwnSessionsToken() throws Exception {
    try (SentryMcp mcp = engine()) { // closed: idle call threads would linger (EngineLifecycleTest counts them)
      Session alice = Session.builder(AccessToken.of("sntrys_alice")).id("alice").build();
      Session bob = Session.builder(AccessToken.of("sntrys_bob")).id("bob").build();
      List<CompletableFuture<RenderedResult>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(mcp.callAndRenderAsync("whoami", Map.of(), CallContext.of(alice)));
        calls.add(mcp.callAndRenderAsync("whoami", Map.of(), CallContext.of(bob)));
      }
      for (CompletableFuture<RenderedResult> f : calls) {
        RenderedResult r = f.get(10, TimeUnit.SECONDS);
        assertFalse(r.isError(), r.text());
      }
      Map<String, Long> byToken = fake.journal().stream()
          .collect(Collectors.groupingBy(r -> String.valueOf(r.header("Authorization")), Collectors.counting()));
      assertEquals(Map.of("Bearer sntrys_alice", 10L, "Bearer sntrys_bob", 10L), byToken);
    }
  }

  @Test
  void toolAllowListLimitsListingAndCalling() {
    SentryMcp mcp = engine();
    Session twoTools = session(b -> b.tools("whoami, find_projects"));
    assertEquals(List.of("whoami", "find_projects"), names(mcp.availableTools(twoTools)));
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_teams", Map.of("organizationSlug", "sentry-mcp-evals"), twoTools));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals("The tool find_teams is not available: it is not among the tools enabled for this session.",
        e.getMessage());
    assertTrue(fake.journal().isEmpty(), "a refused call makes no request");
    mcp.call("find_projects", Map.of("organizationSlug", "sentry-mcp-evals"), twoTools);
    assertEquals(1, fake.journal().size());
  }

  @Test
  void toolDenyListWinsAndIsEnforcedAtCallTimeForDirectToolCallsToo() {
    SentryMcp mcp = engine();
    Session denied = session(b -> b.tools("whoami,find_projects").disableTools("find_projects"));
    assertEquals(List.of("whoami"), names(mcp.availableTools(denied)));
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_projects", Map.of("organizationSlug", "sentry-mcp-evals"), denied));
    assertEquals("The tool find_projects is not available: it is disabled for this session.", e.getMessage());
    // the tool object itself refuses too, for hosts that call it without the engine
    SentryTool tool = mcp.tool("find_projects").orElseThrow();
    assertThrows(SentryMcpException.class,
        () -> tool.call(Map.of("organizationSlug", "sentry-mcp-evals"), CallContext.of(denied)));
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void unknownToolNamesFailTheSessionCheckAndMalformedOnesTheSession() {
    SentryMcp mcp = engine();
    Session unknownNames = session(b -> b.tools("whoami,find_everything").disableTools("nope"));
    ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> mcp.check(unknownNames));
    assertTrue(unknown.problems().get(0).contains("\"find_everything\", \"nope\""), unknown.problems().toString());
    assertTrue(unknown.problems().get(0).contains("available tools: whoami"), unknown.problems().toString());
    Session known = session(b -> b.tools("whoami,find_projects").disableTools("find_teams"));
    assertSame(known, mcp.check(known));
    ConfigurationException malformed = assertThrows(ConfigurationException.class,
        () -> Session.builder(AccessToken.of("t")).tools("Who Am I").disableTools("x;y").build());
    assertEquals(2, malformed.problems().size(), malformed.problems().toString());
  }

  /** A CLI's words for how to get what a permission error says is missing. */
  private static final GrantHints FLAG_HINTS = new GrantHints() {
    @Override
    public String forScopes(Set<Scope> missing) {
      return "Grant it with --add-scopes=" + missing.stream().map(Scope::id).collect(Collectors.joining(",")) + ".";
    }

    @Override
    public String forSkills(Set<Skill> anyOf) {
      return "Grant one with --skills.";
    }

    @Override
    public String forToolFilter(String tool) {
      return "Enable it with --tools.";
    }
  };

  @Test
  void grantHintsGivenToTheEngineAreAppendedToTheScopeSkillAndToolListMessages() {
    SentryMcp hinted = engine(b -> b.grantHints(FLAG_HINTS));
    Map<String, Object> note = Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41",
        "text", "hello");
    assertEquals("The tool add_issue_note needs the scope(s) event:write, which this session was not granted."
            + " Grant it with --add-scopes=event:write.",
        assertThrows(SentryMcpException.class, () -> hinted.call("add_issue_note", note, session())).getMessage());
    assertEquals("The tool get_issue_details is not enabled by the granted skills. It belongs to: "
            + skillIds(hinted, "get_issue_details") + ". Grant one with --skills.",
        assertThrows(SentryMcpException.class, () -> hinted.call("get_issue_details", ISSUE_ARGS,
            session(b -> b.skills("project-management")))).getMessage());
    assertEquals("The tool find_teams is not available: it is not among the tools enabled for this session."
            + " Enable it with --tools.",
        assertThrows(SentryMcpException.class, () -> hinted.call("find_teams",
            Map.of("organizationSlug", "sentry-mcp-evals"), session(b -> b.tools("whoami")))).getMessage());
    // rendered for a transport, the hint is part of the error text
    assertTrue(hinted.callAndRender("add_issue_note", note, session()).text()
        .contains("Grant it with --add-scopes=event:write."));
    // an engine without hints names what is missing and nothing else
    String plain = assertThrows(SentryMcpException.class,
        () -> engine().call("add_issue_note", note, session())).getMessage();
    assertFalse(plain.contains("--"), plain);
    assertTrue(fake.journal().isEmpty());
  }

  private static String skillIds(SentryMcp mcp, String tool) {
    return mcp.tool(tool).orElseThrow().descriptor().skills().stream().map(Skill::id)
        .collect(Collectors.joining(", "));
  }

  /** What a listener was told: every start and every end, in order. */
  private static final class Recorder implements ToolCallListener {
    final List<ToolCallListener.Call> started = new CopyOnWriteArrayList<>();
    final List<ToolCallListener.Call> ended = new CopyOnWriteArrayList<>();
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void callStarted(ToolCallListener.Call call) {
      started.add(call);
    }

    @Override
    public void callEnded(ToolCallListener.Call call, Outcome outcome) {
      ended.add(call);
      outcomes.add(outcome);
    }
  }

  @Test
  void aListenerSeesEveryCallSuccessfulOrNotWithoutTheToken() throws Exception {
    String secret = "sntrys_listener_secret_42";
    Recorder recorder = new Recorder();
    try (SentryMcp mcp = engine(b -> b.listener(recorder))) {
      Session alice = Session.builder(AccessToken.of(secret)).id("alice").build();

      // refused by the gate: nothing sent
      assertThrows(SentryMcpException.class, () -> mcp.call("add_issue_note",
          Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41", "text", "x"), alice));
      // several requests
      mcp.call("get_issue_details", ISSUE_ARGS, alice);
      // invalid input, through the rendering path
      assertTrue(mcp.callAndRender("find_projects", Map.of("organizationSlug", "../evil"), alice).isError());
      // asynchronous, through the engine's threads
      assertFalse(mcp.callAndRenderAsync("whoami", Map.of(), CallContext.of(alice)).get(10, TimeUnit.SECONDS)
          .isError());

      assertEquals(List.of("add_issue_note", "get_issue_details", "find_projects", "whoami"),
          recorder.ended.stream().map(ToolCallListener.Call::toolName).toList());
      assertEquals(recorder.started, recorder.ended, "each call ends as it started");
      List<@Nullable ErrorKind> kinds = new ArrayList<>();
      for (ToolCallListener.Outcome o : recorder.outcomes) {
        kinds.add(o.errorKind());
      }
      assertEquals(java.util.Arrays.asList(ErrorKind.PERMISSION_DENIED, null, ErrorKind.INVALID_INPUT, null), kinds);
      ToolCallListener.Outcome denied = recorder.outcomes.get(0);
      assertFalse(denied.success());
      assertEquals(0, denied.apiRequests());
      ToolCallListener.Outcome details = recorder.outcomes.get(1);
      assertTrue(details.success());
      assertTrue(details.apiRequests() > 1, details.toString());
      assertEquals(0, recorder.outcomes.get(2).apiRequests());
      assertEquals(1, recorder.outcomes.get(3).apiRequests());
      int sent = 0;
      for (ToolCallListener.Outcome o : recorder.outcomes) {
        sent += o.apiRequests();
        assertFalse(o.duration().isNegative(), o.toString());
        assertFalse(o.toString().contains(secret), o.toString());
      }
      assertEquals(fake.journal().size(), sent, "every request sent is counted, in the call that sent it");
      for (ToolCallListener.Call c : recorder.ended) {
        assertEquals("alice", c.sessionId());
        assertEquals(CallContext.TRANSPORT_JAVA, c.transport());
        assertNotNull(c.startedAt());
        assertFalse(c.toString().contains(secret), c.toString());
      }
    }
  }

  @Test
  void aFailingListenerDoesNotFailTheCall() {
    SentryMcp mcp = engine(b -> b.listener(new ToolCallListener() {
      @Override
      public void callStarted(Call call) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void callEnded(Call call, Outcome outcome) {
        throw new IllegalStateException("listener bug");
      }
    }));
    RenderedResult r = mcp.callAndRender("whoami", Map.of(), session());
    assertFalse(r.isError(), r.text());
    assertEquals(1, fake.journal().size());
  }

  @Test
  void builtinToolNamesMatchTheCatalog() {
    assertEquals(io.github.sentrymcp.core.internal.tools.BuiltinTools.names(),
        engine().allTools().stream().map(t -> t.descriptor().name()).toList());
    assertEquals(io.github.sentrymcp.core.internal.tools.BuiltinTools.names(), SentryMcp.builtinToolNames());
  }

  @Test
  void everyAdvertisedParameterDeclaresItsType() {
    for (SentryTool t : engine().allTools()) {
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> props =
          (Map<String, Map<String, Object>>) t.descriptor().inputSchema().get("properties");
      props.forEach((name, schema) -> assertTrue(schema.containsKey("type") || schema.containsKey("anyOf"),
          t.descriptor().name() + "." + name + " has no type: " + schema));
    }
  }
}
