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

class GetAgentConversationDetailsToolTest {
  private static final String TOOL = "get_agent_conversation_details";
  private static final String ID = "conv-7f3a9c";
  private static final String PATH = "/api/0/organizations/sentry-mcp-evals/agents/conversations/conv-7f3a9c/";
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
    assertEquals(List.of("organizationSlug", "conversationId", "project", "start", "end", "regionUrl"),
        List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug", "conversationId"), d.inputSchema().get("required"));
    ToolDescriptor old = descriptor(mcp, "get_ai_conversation_details");
    ToolTestSupport.assertHouseStyle(old);
    assertTrue(old.description().startsWith("Old name of get_agent_conversation_details"), old.description());
    assertEquals(d.inputSchema(), old.inputSchema());
    assertEquals(d.outputSchema(), old.outputSchema());
    assertEquals(d.requiredScopes(), old.requiredScopes());
    assertEquals(d.skills(), old.skills());
  }

  @Test
  void theTranscriptAsATimeline() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID), session());
    assertEquals("per_page=1000&statsPeriod=30d&project=-1", onlyGet(fake, PATH).rawQuery());

    String text = r.text();
    assertTrue(text.startsWith("# Agent conversation conv-7f3a9c\n"), text);
    assertTrue(text.contains("Window: last 30d"), text);
    assertTrue(text.contains("Started: 2025-04-01T00:00:00Z, took 12.5s"), text);
    assertTrue(text.contains("Activity: 7 spans, 3 AI calls, 5 messages, 2 tool calls, 4210 tokens"), text);
    assertTrue(text.contains("Sentry URL: "), text);
    assertTrue(text.contains("/explore/conversations/conv-7f3a9c/"), text);
    // user message once (the second model call sends it again), then answers and tool calls in time order
    assertEquals(1, count(text, "I was charged twice for order 1042"), text);
    int user = text.indexOf("#1 user, 2025-04-01T00:00:00.100Z");
    int answer = text.indexOf("#2 assistant, 2025-04-01T00:00:01.900Z, 1200 tokens, 1.8s");
    int tool = text.indexOf("#3 tool ");
    int refund = text.indexOf("#5 tool ");
    assertTrue(user >= 0 && answer > user && tool > answer && refund > tool, text);
    assertTrue(text.contains("status "), text);
    Sanitized.assertInData(text, "Let me look up order 1042.");
    Sanitized.assertInData(text, "Two charges found; handing over to billing.");
    Sanitized.assertInData(text, "I have refunded the duplicate charge of $42.00.\nIt will appear within 5 business"
        + " days.");
    Sanitized.assertInData(text, "internal_error");
    Sanitized.assertInData(text, "lookup_order");
    Sanitized.assertInData(text, "gpt-4o-2024-08-06");
    Sanitized.assertNotOutsideData(text, "lookup_order");
    Sanitized.assertNotOutsideData(text, "support-agent");
    // the filtered input stays as Sentry sent it; system instructions and the SELECT span are not in the timeline
    Sanitized.assertInData(text, "[Filtered]");
    Sanitized.assertNotAnywhere(text, "You are a support agent.");
    Sanitized.assertNotAnywhere(text, "SELECT 1");

    Map<String, Object> sc = structured(r);
    assertEquals(ID, sc.get("conversationId"));
    assertEquals("Refund for order 1042", sc.get("title"));
    assertEquals(Map.of("statsPeriod", "30d"), withoutNulls(map(sc.get("lookupWindow"))));
    assertEquals(List.of("a4d1aae7216b47ff8117cf4e09ce9d0a", "b5e2bbf8327c48aa9228da5f1adf0e1b"),
        sc.get("traceIds"));
    assertEquals(List.of("cloudflare-mcp"), sc.get("projects"));
    assertEquals(7, ((Number) sc.get("spanCount")).intValue());
    assertEquals(3, ((Number) sc.get("aiCallCount")).intValue());
    assertEquals(5, ((Number) sc.get("messageCount")).intValue());
    assertEquals(2, ((Number) sc.get("toolCallCount")).intValue());
    assertEquals(4210, ((Number) sc.get("totalTokens")).intValue());
    assertEquals(1743465600000L, ((Number) sc.get("startTimestamp")).longValue());
    List<Object> timeline = list(sc.get("timeline"));
    assertEquals(7, timeline.size());
    Map<String, Object> call = map(timeline.get(2));
    assertEquals("tool_call", call.get("type"));
    assertEquals("lookup_order", call.get("name"));
    assertEquals("{\"orderId\": 1042}", call.get("arguments"));
    assertEquals(300L, ((Number) call.get("durationMs")).longValue());
    assertEquals(List.of(), call.get("truncatedFields"));
    assertEquals(false, sc.get("truncated"));
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
  }

  @Test
  void theOldNameGivesTheSameResult() {
    RenderedResult old = call(mcp, "get_ai_conversation_details", args("organizationSlug", ORG, "conversationId",
        ID), session());
    RenderedResult now = call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID), session());
    assertEquals(Sanitized.outside(now.text()), Sanitized.outside(old.text()));
    assertEquals(structured(now), structured(old));
  }

  @Test
  void projectAndWindowReachTheRequest() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID, "project", PROJECT,
        "start", "2025-04-01T00:00:00Z", "end", "2025-04-02T00:00:00Z"), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(2, all.size(), all::toString);
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertEquals("per_page=1000&start=2025-04-01T00%3A00%3A00Z&end=2025-04-02T00%3A00%3A00Z&project=" + PROJECT_ID,
        all.get(1).rawQuery());
    assertEquals(Map.of("start", "2025-04-01T00:00:00Z", "end", "2025-04-02T00:00:00Z"),
        withoutNulls(map(structured(r).get("lookupWindow"))));
    fake.reset();
    call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID, "project", "42"), session());
    assertEquals("per_page=1000&statsPeriod=30d&project=42", onlyGet(fake, PATH).rawQuery());
  }

  @Test
  void aProjectConstrainedSessionReadsOnlyItsProject() {
    call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID, "project", "42"),
        projectConstrained(ORG, PROJECT));
    List<RecordedRequest> all = fake.journal();
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertEquals("per_page=1000&statsPeriod=30d&project=" + PROJECT_ID, all.get(1).rawQuery());
  }

  @Test
  void anUnknownConversationIsNotFoundNamingTheParameters() {
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "conversationId", "conv-none"),
        session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind(), e::getMessage);
    assertTrue(e.getMessage().contains("conversationId='conv-none'"), e.getMessage());
  }

  @Test
  void longFieldsAreCutAndNamed() {
    String big = "y".repeat(5000);
    fake.override("GET", "/api/0/organizations/*/agents/conversations/*/",
        "{\"title\": null, \"spans\": [{\"span_id\": \"s1\", \"trace\": \"t1\", \"precise.start_ts\": 1743465600,"
            + " \"precise.finish_ts\": 1743465601, \"span.name\": \"gen_ai.execute_tool\", \"gen_ai.tool.name\":"
            + " \"big\", \"gen_ai.tool.call.arguments\": \"" + big + "\"}]}");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID), session());
    Map<String, Object> e = map(list(structured(r).get("timeline")).get(0));
    assertEquals(4000, String.valueOf(e.get("arguments")).length());
    assertEquals(List.of("arguments"), e.get("truncatedFields"));
    assertTrue(r.text().contains("#1 arguments (cut short)"), r.text());
    assertFalse(r.text().contains("y".repeat(4001)));
  }

  @Test
  void manyEventsAreCappedAndTheBudgetCutsLaterFields() {
    StringBuilder spans = new StringBuilder();
    for (int i = 0; i < 130; i++) {
      spans.append(i == 0 ? "" : ",").append("{\"span_id\": \"s").append(i).append("\", \"trace\": \"t1\","
          + " \"precise.start_ts\": ").append(1743465600 + i).append(", \"precise.finish_ts\": ")
          .append(1743465600 + i).append(".5, \"span.op\": \"gen_ai.execute_tool\", \"gen_ai.tool.name\": \"t\","
          + " \"gen_ai.tool.input\": \"").append("z".repeat(3000)).append("\"}");
    }
    fake.override("GET", "/api/0/organizations/*/agents/conversations/*/", "{\"spans\": [" + spans + "]}");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID), session());
    Map<String, Object> sc = structured(r);
    List<Object> timeline = list(sc.get("timeline"));
    assertEquals(100, timeline.size());
    assertEquals(true, sc.get("truncated"));
    assertEquals(130, ((Number) sc.get("toolCallCount")).intValue());
    assertEquals(3000, String.valueOf(map(timeline.get(0)).get("input")).length());
    assertEquals(240, String.valueOf(map(timeline.get(99)).get("input")).length());
    assertTrue(r.text().contains("30 later events are not shown"), r.text());
    assertTrue(r.text().length() < 120_000, () -> "result of " + r.text().length() + " characters");
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
  }

  @Test
  void nullsAndWrongTypesNeverBreakIt() {
    fake.override("GET", "/api/0/organizations/*/agents/conversations/*/",
        "{\"title\": 5, \"spans\": [null, 3, {\"span.name\": \"gen_ai.chat\", \"gen_ai.input.messages\":"
            + " \"{not json\", \"gen_ai.usage.total_tokens\": \"abc\"}, {\"gen_ai.operation.type\": \"tool\"},"
            + " {\"span.op\": \"gen_ai.chat\", \"gen_ai.output.messages\": \"[{\\\"role\\\": \\\"assistant\\\","
            + " \\\"content\\\": {\\\"text\\\": \\\"done\\\"}}]\", \"precise.start_ts\": null}]}");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID), session());
    Map<String, Object> sc = structured(r);
    assertEquals("5", sc.get("title"));
    assertEquals(3, ((Number) sc.get("spanCount")).intValue());
    Sanitized.assertInData(r.text(), "{not json");
    Sanitized.assertInData(r.text(), "done");
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
  }

  @Test
  void anEmptyConversationSaysSo() {
    fake.override("GET", "/api/0/organizations/*/agents/conversations/*/", "{\"title\": null, \"spans\": []}");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID), session());
    assertTrue(r.text().contains("No spans of this conversation in the window"), r.text());
    assertConforms(descriptor(mcp, TOOL).outputSchema(), structured(r));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../victim-org/x", "..", ".", "a/b", "%2e%2e", "c?x=1"})
  void pathTraversalIdsAreRefusedWithoutRequests(String id) {
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "conversationId", id), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind(), e::getMessage);
    assertTrue(fake.journal().isEmpty());
    e = failure(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID, "project", id), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind(), e::getMessage);
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void halfAWindowIsRefused() {
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "conversationId", ID, "end",
        "2025-04-02T00:00:00Z"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }
}
