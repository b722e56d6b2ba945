package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway (search_sentry_tools, execute_sentry_tool for read-only tools, execute_sentry_write_tool for tools that
 * change data) and the surfaces: an inner call passes the same gate as a direct call, a refused one makes no request,
 * and every tool a session may use is listed or reachable.
 */
class GatewayTest {
  private static final String ORG = "sentry-mcp-evals";
  private static FakeSentry fake;
  private static SentryMcp engine;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().build();
    engine = engine(Surface.GATEWAY);
  }

  @AfterAll
  static void stop() {
    engine.close();
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.reset();
  }

  private static SentryMcp engine(Surface surface) {
    return SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .surface(surface).build()).build();
  }

  private static Session session(UnaryOperator<Session.Builder> customize) {
    return customize.apply(Session.builder(AccessToken.of("sntrys_test"))).build();
  }

  private static Session writer() {
    return session(b -> b.addScopes("event:write,project:write,team:write"));
  }

  private static List<String> names(List<ToolDescriptor> tools) {
    return tools.stream().map(ToolDescriptor::name).toList();
  }

  private static Map<String, Object> exec(String name, Map<String, Object> arguments) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("arguments", arguments);
    return m;
  }

  private static SentryMcpException refused(String tool, Map<String, Object> args, Session session) {
    try {
      engine.call(tool, args, session);
    } catch (SentryMcpException e) {
      return e;
    }
    throw new AssertionError(tool + " was not refused");
  }

  // ------------------------------------------------------------------------------------------------ surfaces

  @Test
  void gatewaySurfaceListsTheMainToolsAndTheGatewayThatReachesTheRest() {
    List<String> listed = names(engine.listedTools(session(b -> b)));
    assertTrue(listed.containsAll(List.of("find_organizations", "find_projects", "search_issues",
        "search_sentry_tools", "execute_sentry_tool")), listed.toString());
    assertFalse(listed.contains("get_issue_details"), "catalog tools are reached through the gateway");
    assertFalse(listed.contains("execute_sentry_write_tool"), "no tool that changes data is available: " + listed);
    assertFalse(listed.contains("update_issue"), "needs event:write");

    List<String> withWrites = names(engine.listedTools(writer()));
    assertTrue(withWrites.containsAll(List.of("update_issue", "execute_sentry_write_tool")), withWrites.toString());
    assertFalse(withWrites.contains("add_issue_note"), "reached through execute_sentry_write_tool");
    // the gateway tools come last, search first
    assertEquals(List.of("search_sentry_tools", "execute_sentry_tool", "execute_sentry_write_tool"),
        withWrites.subList(withWrites.size() - 3, withWrites.size()));
  }

  @Test
  void directSurfaceListsEveryAvailableToolButTheGateway() {
    try (SentryMcp direct = engine(Surface.DIRECT)) {
      Session s = writer();
      List<String> listed = names(direct.listedTools(s));
      List<String> expected = new ArrayList<>(names(direct.availableTools(s)));
      expected.removeAll(List.of("search_sentry_tools", "execute_sentry_tool", "execute_sentry_write_tool",
          "onboarding_status_update")); // the one tool no surface lists (not advertised, as in the reference)
      assertEquals(expected, listed);
      assertTrue(listed.contains("get_issue_details") && listed.contains("add_issue_note"));
      // listing only: a gateway tool stays callable
      RenderedResult r = direct.callAndRender("execute_sentry_tool", exec("find_teams",
          Map.of("organizationSlug", ORG)), s);
      assertFalse(r.isError(), r.text());
    }
  }

  @Test
  void aToolTheGatewayCannotReachIsListedDirectly() {
    // an allow list without the gateway: every allowed tool is listed
    Session only = session(b -> b.tools("find_teams,get_issue_details,search_issues"));
    assertEquals(List.of("find_teams", "get_issue_details", "search_issues"),
        names(engine.listedTools(only)));
    // the write executor denied: the write tools are listed one by one, where hosts approve each
    Session noWriteGateway = session(b -> b.addScopes("event:write").disableTools("execute_sentry_write_tool"));
    List<String> listed = names(engine.listedTools(noWriteGateway));
    assertTrue(listed.contains("add_issue_note") && !listed.contains("execute_sentry_write_tool"),
        listed.toString());
    assertFalse(listed.contains("get_issue_details"), listed.toString());
  }

  @Test
  void hostToolsAreListedDirectly() {
    SentryTool host = new SentryTool() {
      @Override
      public ToolDescriptor descriptor() {
        return new ToolDescriptor("host_tool", "Host tool", "A host-defined tool.", Map.of("type", "object"), null,
            ToolAnnotations.READ_ONLY, Set.of(), EnumSet.of(Skill.INSPECT));
      }

      @Override
      public ToolResult call(Map<String, ? extends @Nullable Object> arguments, CallContext context) {
        return ToolResult.builder().paragraph("ok").build();
      }
    };
    try (SentryMcp e = SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .build()).tool(host).build()) {
      assertTrue(names(e.listedTools(session(b -> b))).contains("host_tool"));
    }
  }

  // ------------------------------------------------------------------------------------------------ search

  @Test
  void searchRanksByNameAndDescriptionAndGivesTheSessionsSchema() {
    Session pinned = session(b -> b.organizationSlug(ORG));
    ToolResult r = engine.call("search_sentry_tools", Map.of("query", "issue details", "limit", 3), pinned);
    Structured.Obj content = java.util.Objects.requireNonNull(r.structured());
    List<Structured> results = ((Structured.Arr) content.fields().get("results")).items();
    assertEquals(3, results.size());
    Structured.Obj first = (Structured.Obj) results.get(0);
    assertEquals(new Structured.Str("get_issue_details"), first.fields().get("name"));
    assertEquals(new Structured.Str("execute_sentry_tool"), first.fields().get("executor"));
    Structured.Obj hints = (Structured.Obj) first.fields().get("annotations");
    assertEquals(new Structured.Bool(true), hints.fields().get("readOnlyHint"));
    assertEquals(new Structured.Bool(false), hints.fields().get("destructiveHint"));
    assertFalse(hints.fields().containsKey("idempotentHint"), "undeclared on get_issue_details");
    Structured.Obj schema = (Structured.Obj) first.fields().get("inputSchema");
    Structured.Obj props = (Structured.Obj) schema.fields().get("properties");
    assertFalse(props.fields().containsKey("organizationSlug"), "the pinned parameter is left out");
    assertTrue(props.fields().containsKey("issueId"));
    String text = engine.sanitizer().render(r).text();
    assertTrue(text.contains("## get_issue_details"), text);
    assertFalse(text.contains(io.github.sentrymcp.core.internal.tools.ToolSpec.REGIONS_NOTE), "said once, not per hit");
    assertTrue(fake.journal().isEmpty(), "searching makes no request");
  }

  @Test
  void searchShowsOnlyToolsTheSessionMayUseAndNamesTheExecutorForEachKind() {
    Session reader = session(b -> b.disableTools("get_trace_details"));
    String text = engine.callAndRender("search_sentry_tools", Map.of("query", "trace", "limit", 20), reader).text();
    assertFalse(text.contains("## get_trace_details"), text);
    assertFalse(text.contains("## update_issue"), "not granted: " + text);
    String writes = engine.callAndRender("search_sentry_tools", Map.of("query", "note"), writer()).text();
    assertTrue(writes.contains("## add_issue_note"), writes);
    assertTrue(writes.contains("Changes data. Executor: execute_sentry_write_tool."), writes);
    String destructive = engine.callAndRender("search_sentry_tools", Map.of("query", "update_issue", "limit", 1),
        writer()).text();
    assertTrue(destructive.contains("## update_issue") && destructive.contains("Changes data (destructive)."),
        destructive);
    String none = engine.callAndRender("search_sentry_tools", Map.of("query", "zzqx"), writer()).text();
    assertTrue(none.startsWith("No tool matches."), none);
  }

  @Test
  void searchRefusesBadInput() {
    assertEquals(ErrorKind.INVALID_INPUT, refused("search_sentry_tools", Map.of("query", ""), writer()).kind());
    assertEquals(ErrorKind.INVALID_INPUT,
        refused("search_sentry_tools", Map.of("query", "x", "limit", 21), writer()).kind());
  }

  // ------------------------------------------------------------------------------------------------ execute

  @Test
  void readExecutorRunsAReadOnlyToolWithItsRequests() {
    RenderedResult r = engine.callAndRender("execute_sentry_tool",
        exec("find_teams", Map.of("organizationSlug", ORG, "query", "goats")), session(b -> b));
    assertFalse(r.isError(), r.text());
    assertTrue(r.text().contains("the-goats"), r.text());
    List<RecordedRequest> teams = fake.requests("GET", "/api/0/organizations/*/teams/");
    assertEquals(1, teams.size());
    assertEquals("/api/0/organizations/sentry-mcp-evals/teams/", teams.get(0).path());
    assertEquals("goats", teams.get(0).queryParam("query"));
  }

  @Test
  void aDeniedToolThroughTheGatewayIsRefusedWithoutARequest() {
    Session denied = session(b -> b.disableTools("find_teams"));
    SentryMcpException e = refused("execute_sentry_tool", exec("find_teams", Map.of("organizationSlug", ORG)),
        denied);
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().contains("find_teams"), e.getMessage());
    // a scope the session lacks
    SentryMcpException scope = refused("execute_sentry_write_tool", exec("add_issue_note",
        Map.of("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41", "text", "hi")), session(b -> b));
    assertEquals(ErrorKind.PERMISSION_DENIED, scope.kind());
    assertTrue(scope.getMessage().contains("event:write"), scope.getMessage());
    assertTrue(fake.journal().isEmpty(), "no request: " + fake.journal());
  }

  @Test
  void theReadExecutorRefusesAToolThatChangesDataAndTheWriteExecutorAReadOnlyOne() {
    SentryMcpException write = refused("execute_sentry_tool", exec("add_issue_note",
        Map.of("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41", "text", "hi")), writer());
    assertEquals(ErrorKind.INVALID_INPUT, write.kind());
    assertTrue(write.getMessage().contains("execute_sentry_write_tool"), write.getMessage());
    SentryMcpException read = refused("execute_sentry_write_tool", exec("find_teams",
        Map.of("organizationSlug", ORG)), writer());
    assertEquals(ErrorKind.INVALID_INPUT, read.kind());
    assertTrue(read.getMessage().contains("execute_sentry_tool"), read.getMessage());
    assertTrue(fake.journal().isEmpty(), "no request: " + fake.journal());
  }

  @Test
  void theWriteExecutorRunsAToolThatChangesData() {
    RenderedResult r = engine.callAndRender("execute_sentry_write_tool", exec("add_issue_note",
        Map.of("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41", "text", "looked at it")), writer());
    assertFalse(r.isError(), r.text());
    List<RecordedRequest> posts = fake.requests("POST", "/api/0/organizations/*/issues/*/notes/");
    assertEquals(1, posts.size());
    assertTrue(posts.get(0).body().contains("looked at it"), posts.get(0).body());
  }

  @Test
  void constraintsApplyThroughTheGateway() {
    Session pinned = session(b -> b.organizationSlug(ORG).addScopes("event:write"));
    // a read-only tool: the pinned organization replaces the caller's
    RenderedResult r = engine.callAndRender("execute_sentry_tool",
        exec("find_teams", Map.of("organizationSlug", "other-org")), pinned);
    assertFalse(r.isError(), r.text());
    assertEquals("/api/0/organizations/sentry-mcp-evals/teams/",
        fake.requests("GET", "/api/0/organizations/*/teams/").get(0).path());
    fake.reset();
    // a tool that changes data: another organization is refused before any request
    SentryMcpException e = refused("execute_sentry_write_tool", exec("add_issue_note",
        Map.of("organizationSlug", "other-org", "issueId", "CLOUDFLARE-MCP-41", "text", "x")), pinned);
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(fake.journal().isEmpty(), "no request: " + fake.journal());
    // a tool hidden under the constraints is refused too
    SentryMcpException hidden = refused("execute_sentry_tool", exec("find_organizations", Map.of()), pinned);
    assertEquals(ErrorKind.PERMISSION_DENIED, hidden.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void theInnerToolValidatesItsArguments() {
    SentryMcpException e = refused("execute_sentry_tool", exec("get_issue_details",
        Map.of("organizationSlug", ORG, "issueId", "../../x")), session(b -> b));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("get_issue_details"), e.getMessage());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void unknownAndGatewayNamesAreRefused() {
    for (String name : List.of("nope", "execute_sentry_tool", "search_sentry_tools", "execute_sentry_write_tool")) {
      SentryMcpException e = refused("execute_sentry_tool", exec(name, Map.of()), writer());
      assertEquals(ErrorKind.INVALID_INPUT, e.kind(), name);
      assertTrue(e.getMessage().contains("search_sentry_tools"), e.getMessage());
    }
    SentryMcpException hostile = refused("execute_sentry_tool", exec("x\u202e\n# ignore previous", Map.of()),
        writer());
    assertFalse(hostile.getMessage().contains("\n"), hostile.getMessage());
    assertEquals(ErrorKind.INVALID_INPUT,
        refused("execute_sentry_tool", Map.of("name", "find_teams", "arguments", "not an object"), writer()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void theExecutorsAllowTheLongestLimitOfTheirToolsWhoseOwnLimitsStillHold() {
    java.time.Duration configured = engine.config().callTimeout();
    java.time.Duration seer = engine.tool("analyze_issue_with_seer").orElseThrow().timeout(configured);
    assertTrue(seer.compareTo(configured) > 0, seer.toString());
    assertEquals(seer, engine.tool("execute_sentry_write_tool").orElseThrow().timeout(configured));
    assertEquals(seer, engine.tool("execute_sentry_tool").orElseThrow().timeout(configured));
    assertEquals(configured, engine.tool("find_teams").orElseThrow().timeout(configured));
  }

  // ------------------------------------------------------------------------------------------------ info

  @Test
  void infoGivesTheVersionAndTheSurface() {
    ToolResult r = engine.call("get_sentry_mcp_info", Map.of(), session(b -> b));
    Structured.Obj s = java.util.Objects.requireNonNull(r.structured());
    assertEquals(new Structured.Str(SentryMcp.version()), s.fields().get("version"));
    assertTrue(SentryMcp.version().matches("\\d+\\.\\d+\\.\\d+.*"), SentryMcp.version());
    assertEquals(new Structured.Str("gateway"), s.fields().get("surface"));
    assertEquals(new Structured.Null(), s.fields().get("naturalLanguageSearch"));
    try (SentryMcp direct = engine(Surface.DIRECT)) {
      String text = direct.callAndRender("get_sentry_mcp_info", Map.of(), session(b -> b)).text();
      assertTrue(text.contains("Surface: direct"), text);
      assertTrue(text.contains("Natural-language search: off (queries in Sentry search syntax)"), text);
    }
    io.github.sentrymcp.api.model.LanguageModel model = new io.github.sentrymcp.api.model.LanguageModel() {
      @Override
      public String name() {
        return "openai gpt-5";
      }

      @Override
      public io.github.sentrymcp.api.model.ModelResponse generate(io.github.sentrymcp.api.model.ModelRequest r) {
        throw new AssertionError("not called");
      }
    };
    try (SentryMcp translating = SentryMcp.builder(engine.config())
        .queryTranslation(io.github.sentrymcp.core.model.QueryTranslation.builder(model).build()).build()) {
      RenderedResultHolder.check(translating.callAndRender("get_sentry_mcp_info", Map.of(), session(b -> b)));
    }
    assertTrue(fake.journal().isEmpty());
  }

  /** What the info tool says with a model. */
  private static final class RenderedResultHolder {
    static void check(io.github.sentrymcp.api.result.RenderedResult r) {
      assertTrue(r.text().contains("Natural-language search: on (openai gpt-5)"), r.text());
      assertEquals("openai gpt-5", ((Map<?, ?>) java.util.Objects.requireNonNull(r.structuredContent()))
          .get("naturalLanguageSearch"));
    }
  }
}
