package io.github.sentrymcp.core.internal.tools.conversations;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchAgentConversationsToolTest {
  private static final String TOOL = "search_agent_conversations";
  private static final String PATH = "/api/0/organizations/sentry-mcp-evals/agents/conversations/";
  /** FakeSentry's id of the project cloudflare-mcp. */
  private static final String PROJECT_ID = "4509109104082945";
  private static FakeSentry fake;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    fake = FakeSentry.start();
    mcp = engine(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.EVENT_READ, Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT, Skill.TRIAGE, Skill.SEER), d.skills());
    assertEquals(List.of("organizationSlug", "query", "project", "environment", "period", "start", "end", "cursor",
        "limit", "regionUrl"), List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
  }

  @Test
  void theOldNameIsTheSameToolWithItsOwnDescription() {
    ToolDescriptor d = descriptor(mcp, "search_ai_conversations");
    ToolDescriptor now = descriptor(mcp, TOOL);
    ToolTestSupport.assertHouseStyle(d);
    assertTrue(d.description().startsWith("Old name of search_agent_conversations"), d.description());
    assertEquals(now.inputSchema(), d.inputSchema());
    assertEquals(now.outputSchema(), d.outputSchema());
    assertEquals(now.annotations(), d.annotations());
    assertEquals(now.requiredScopes(), d.requiredScopes());
    assertEquals(now.skills(), d.skills());

    RenderedResult old = call(mcp, "search_ai_conversations", args("organizationSlug", ORG), session());
    RecordedRequest req = onlyGet(fake, PATH);
    assertEquals("statsPeriod=30d&per_page=10", req.rawQuery());
    fake.reset();
    RenderedResult current = call(mcp, TOOL, args("organizationSlug", ORG), session());
    assertEquals(Sanitized.outside(current.text()), Sanitized.outside(old.text()));
    assertEquals(structured(current), structured(old));
  }

  @Test
  void onePageOfSummaries() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    assertEquals("statsPeriod=30d&per_page=10", onlyGet(fake, PATH).rawQuery());

    String text = r.text();
    assertTrue(text.startsWith("# Agent conversations in sentry-mcp-evals\n"), text);
    assertTrue(text.contains("Window: last 30d"), text);
    assertTrue(text.contains("Started: 2025-04-01T00:00:00Z, took 12.5s"), text);
    assertTrue(text.contains("Activity: 3 AI calls, 2 tool calls (1 failed), 1 errors, 4210 tokens, $0.0183"),
        text);
    assertTrue(text.contains("Activity: 1 AI calls, 0 tool calls, 0 errors, 312 tokens, $0.0004"), text);
    for (String v : List.of("conv-7f3a9c", "Refund for order 1042", "support-agent", "refund_payment",
        "jane@example.com", "a4d1aae7216b47ff8117cf4e09ce9d0a", "Hi! How can I help?")) {
      Sanitized.assertInData(text, v);
      Sanitized.assertNotOutsideData(text, v);
    }
    // the IP address of the user is not shown
    Sanitized.assertNotAnywhere(text, "203.0.113.7");
    assertTrue(text.contains("Sentry URL: https://sentry-mcp-evals.sentry.io/explore/conversations/?statsPeriod=30d")
        || text.contains("/explore/conversations/?statsPeriod=30d"), text);

    Map<String, Object> sc = structured(r);
    assertEquals(2, ((Number) sc.get("count")).intValue());
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
    Map<String, Object> first = map(list(sc.get("conversations")).get(0));
    assertEquals("conv-7f3a9c", first.get("conversationId"));
    assertEquals(12500L, ((Number) first.get("durationMs")).longValue());
    assertEquals("$0.0183", first.get("totalCost"));
    assertEquals(List.of("a4d1aae7216b47ff8117cf4e09ce9d0a", "b5e2bbf8327c48aa9228da5f1adf0e1b"),
        first.get("sampleTraceIds"));
    assertEquals(List.of("support-agent", "billing-agent"), first.get("flow"));
    assertEquals(Map.of("email", "jane@example.com", "username", "jane"), first.get("user"));
    assertTrue(String.valueOf(first.get("url")).endsWith("/explore/conversations/conv-7f3a9c/"), first.toString());
    Map<String, Object> second = map(list(sc.get("conversations")).get(1));
    assertNull(second.get("title"));
    assertNull(second.get("user"));
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
  }

  @Test
  void everyFilterReachesTheRequestInTheReferencesOrder() {
    call(mcp, TOOL, args("organizationSlug", ORG, "query", "refund order", "project", List.of(PROJECT, "42", "-1"),
        "environment", List.of("production", "staging"), "start", "2025-04-01T00:00:00Z", "end",
        "2025-04-02T00:00:00Z", "limit", 25, "cursor", "0:10:0"), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(2, all.size(), all::toString);
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertEquals(PATH, all.get(1).rawPath());
    assertEquals("query=refund%20order&project=" + PROJECT_ID + "&project=42&project=-1&environment=production"
        + "&environment=staging&start=2025-04-01T00%3A00%3A00Z&end=2025-04-02T00%3A00%3A00Z&per_page=25"
        + "&cursor=0%3A10%3A0", all.get(1).rawQuery());
  }

  @Test
  void aProjectConstrainedSessionSearchesOnlyItsProject() {
    call(mcp, TOOL, args("organizationSlug", ORG, "project", "42"), projectConstrained(ORG, PROJECT));
    List<RecordedRequest> all = fake.journal();
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertEquals("project=" + PROJECT_ID + "&statsPeriod=30d&per_page=10", all.get(1).rawQuery());
  }

  @Test
  void theNextCursorIsHandedBack() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "limit", 1), session());
    Map<String, Object> sc = structured(r);
    assertEquals(true, sc.get("hasMore"));
    String cursor = String.valueOf(sc.get("nextCursor"));
    ToolTestSupport.assertCursorShown(r.text(), cursor);
    fake.reset();
    r = call(mcp, TOOL, args("organizationSlug", ORG, "limit", 1, "cursor", cursor), session());
    assertTrue(onlyGet(fake, PATH).rawQuery().endsWith("&per_page=1&cursor=" + cursor.replace(":", "%3A")));
    sc = structured(r);
    assertEquals("conv-8b21d0", map(list(sc.get("conversations")).get(0)).get("conversationId"));
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
  }

  @Test
  void anAnswerThatIsNotAListIsAnUpstreamError() {
    // the endpoint answers a list; an object (e.g. the older {data: [...]} envelope) is not taken for one
    fake.override("GET", "/api/0/organizations/*/agents/conversations/", "{\"data\": []}");
    assertEquals(io.github.sentrymcp.api.ErrorKind.UPSTREAM_ERROR,
        io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure(mcp, TOOL, args("organizationSlug", ORG),
            session()).kind());
  }

  @Test
  void nullsAndWrongTypesNeverBreakIt() {
    fake.override("GET", "/api/0/organizations/*/agents/conversations/",
        "[null, {\"title\": \"no id\"}, {\"conversationId\": \"c-1\", \"title\": null, \"flow\": null,"
            + " \"errors\": \"x\", \"llmCalls\": 2.0, \"totalCost\": null, \"traceIds\": [null, 5, \"t1\", \"t1\"],"
            + " \"user\": {\"email\": null}, \"startTimestamp\": \"soon\", \"firstInput\": 42}]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    Map<String, Object> sc = structured(r);
    assertEquals(1, ((Number) sc.get("count")).intValue());
    Map<String, Object> c = map(list(sc.get("conversations")).get(0));
    assertEquals(List.of("5", "t1"), c.get("sampleTraceIds"));
    assertEquals("$0", c.get("totalCost"));
    assertNull(c.get("startTimestamp"));
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
  }

  @Test
  void longPreviewsAreCut() {
    String longInput = "x".repeat(1000);
    fake.override("GET", "/api/0/organizations/*/agents/conversations/",
        "[{\"conversationId\": \"c-1\", \"firstInput\": \"" + longInput + "\"}]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    Map<String, Object> c = map(list(structured(r).get("conversations")).get(0));
    assertEquals(240, String.valueOf(c.get("firstInputPreview")).length());
    assertFalse(r.text().contains("x".repeat(241)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../victim-org", "a/b", "%2e%2e", "."})
  void badProjectsAreRefusedWithoutRequests(String project) {
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "project", project), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind(), e::getMessage);
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void badInputIsRefusedWithoutRequests() {
    for (Map<String, Object> a : List.<Map<String, Object>>of(
        args("organizationSlug", ORG, "start", "2025-04-01T00:00:00Z"),
        args("organizationSlug", ORG, "start", "2025-04-02T00:00:00Z", "end", "2025-04-01T00:00:00Z"),
        args("organizationSlug", ORG, "period", "forever"),
        args("organizationSlug", ORG, "environment", "prod uction"),
        args("organizationSlug", ORG, "limit", 101),
        args("organizationSlug", ORG, "cursor", "0:0:0&x=1"),
        args("organizationSlug", "../victim"))) {
      SentryMcpException e = failure(mcp, TOOL, a, session());
      assertEquals(ErrorKind.INVALID_INPUT, e.kind(), () -> a + ": " + e.getMessage());
      assertTrue(fake.journal().isEmpty(), () -> a + " sent " + fake.journal());
    }
  }

  @Test
  void notListedWithoutProjectRead() {
    List<String> tools = ToolTestSupport.available(mcp, session(b -> b.scopes(EnumSet.of(Scope.EVENT_READ))));
    assertFalse(tools.contains(TOOL));
    assertFalse(tools.contains("search_ai_conversations"));
  }
}
