package io.github.sentrymcp.transport.stdio;

import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stdio server on in-memory pipes, spoken to line by line, against an in-process fake Sentry. */
class SentryMcpStdioServerTest {
  private static final String TOKEN = "piped-test-token";
  private static FakeSentry fake;

  @BeforeAll
  static void startFake() {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  private static final Session SESSION = Session.of(AccessToken.of(TOKEN));

  private static SentryMcp engine() {
    return SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .surface(Surface.DIRECT).mcpUrl(fake.baseUrl()).docsUrl(fake.baseUrl()).build());
  }

  private static PipedStdio start(Consumer<SentryMcpStdioServer.Builder> customize) throws Exception {
    return new PipedStdio(SentryMcpStdioServer.builder(engine(), SESSION).version("9.9.9"), customize);
  }

  private static String text(JsonNode response) {
    return response.path("result").path("content").path(0).path("text").asText();
  }

  /** Every default tool with arguments that reach the sample data. */
  private static Map<String, String> everyToolCall() {
    Map<String, String> calls = new java.util.LinkedHashMap<>();
    String org = "\"organizationSlug\":\"sentry-mcp-evals\"";
    calls.put("whoami", "{}");
    calls.put("find_organizations", "{}");
    calls.put("find_teams", "{" + org + "}");
    calls.put("find_projects", "{" + org + "}");
    calls.put("find_releases", "{" + org + "}");
    calls.put("find_dsns", "{" + org + ",\"projectSlug\":\"cloudflare-mcp\"}");
    calls.put("get_issue_details", "{" + org + ",\"issueId\":\"CLOUDFLARE-MCP-41\"}");
    calls.put("get_trace_details", "{" + org + ",\"traceId\":\"a4d1aae7216b47ff8117cf4e09ce9d0a\"}");
    calls.put("get_event_attachment",
        "{" + org + ",\"projectSlug\":\"cloudflare-mcp\",\"eventId\":\"7ca573c0f4814912aaa9bdc77d1a7d51\"}");
    calls.put("search_issue_events", "{" + org + ",\"issueId\":\"CLOUDFLARE-MCP-41\"}");
    calls.put("find_uptime_monitors", "{" + org + "}");
    calls.put("find_monitors", "{" + org + "}");
    calls.put("get_uptime_monitor_details",
        "{" + org + ",\"projectSlug\":\"cloudflare-mcp\",\"uptimeMonitorId\":\"4509100000001001\"}");
    calls.put("get_monitor_details", "{" + org + ",\"monitorSlug\":\"nightly-import\"}");
    calls.put("find_custom_inbound_filters", "{" + org + ",\"projectSlug\":\"cloudflare-mcp\"}");
    calls.put("search_issues", "{" + org + "}");
    calls.put("get_issue_breadcrumbs", "{" + org + ",\"issueId\":\"CLOUDFLARE-MCP-41\"}");
    calls.put("get_issue_activity", "{" + org + ",\"issueId\":\"CLOUDFLARE-MCP-41\"}");
    calls.put("get_issue_user_reports", "{" + org + ",\"issueId\":\"CLOUDFLARE-MCP-41\"}");
    calls.put("get_issue_tag_values", "{" + org + ",\"issueId\":\"CLOUDFLARE-MCP-41\",\"tagKey\":\"url\"}");
    calls.put("get_release_details", "{" + org + ",\"releaseVersion\":\"8ce89484-0fec-4913-a2cd-e8e2d41dee36\"}");
    calls.put("get_event_stacktrace", "{" + org + ",\"issueId\":\"CLOUDFLARE-MCP-41\"}");
    calls.put("get_span_details", "{" + org + ",\"traceId\":\"a4d1aae7216b47ff8117cf4e09ce9d0a\",\"spanId\":\"8d168defc9c334fa\"}");
    calls.put("find_metric_monitors", "{" + org + "}");
    calls.put("get_metric_monitor_details", "{" + org + ",\"monitorId\":\"4509100000002001\"}");
    calls.put("find_alert_rules", "{" + org + ",\"projectSlug\":\"cloudflare-mcp\"}");
    calls.put("get_alert_rule", "{" + org + ",\"kind\":\"issue\",\"ruleIdOrName\":\"101\"}");
    calls.put("get_alert_options", "{" + org + ",\"section\":\"conditions\",\"conditionGroup\":\"workflow_trigger\"}");
    calls.put("search_events", "{" + org + ",\"dataset\":\"spans\",\"query\":\"is_transaction:true\"}");
    calls.put("get_sentry_mcp_info", "{}");
    calls.put("get_sentry_resource", "{" + org + ",\"resourceType\":\"issue\",\"resourceId\":\"CLOUDFLARE-MCP-41\"}");
    calls.put("search_errors", "{" + org + "}");
    calls.put("search_logs", "{" + org + ",\"query\":\"severity:error\"}");
    calls.put("search_traces", "{" + org + ",\"query\":\"is_transaction:true\"}");
    calls.put("search_metrics", "{" + org + "}");
    calls.put("search_profiles", "{" + org + "}");
    calls.put("search_replays", "{" + org + "}");
    calls.put("find_dashboards", "{" + org + "}");
    calls.put("get_dashboard_details", "{" + org + ",\"dashboardIdOrTitle\":\"101\"}");
    calls.put("get_replay_details", "{" + org + ",\"replayId\":\"7e07485f-12f9-416b-8b14-26260799b51f\"}");
    calls.put("get_profile", "{" + org + ",\"projectSlugOrId\":\"backend\",\"transactionName\":\"/api/users\"}");
    calls.put("get_profile_details", "{" + org + ",\"projectSlugOrId\":\"backend\",\"profileId\":"
        + "\"cfe78a5c892d4a64a962d837673398d2\"}");
    calls.put("search_docs", "{\"query\":\"rate limiting\"}");
    calls.put("get_doc", "{\"path\":\"/platforms/javascript/guides/nextjs.md\"}");
    calls.put("get_agent_conversation_details", "{" + org + ",\"conversationId\":\"conv-7f3a9c\"}");
    calls.put("get_ai_conversation_details", "{" + org + ",\"conversationId\":\"conv-7f3a9c\"}");
    calls.put("search_agent_conversations", "{" + org + "}");
    calls.put("search_ai_conversations", "{" + org + "}");
    calls.put("find_dropped_events", "{" + org + "}");
    calls.put("get_snapshot", "{" + org + ",\"snapshotId\":\"231949\"}");
    calls.put("get_latest_base_snapshot", "{" + org + ",\"appId\":\"com.example.mcp\"}");
    calls.put("get_snapshot_image",
        "{" + org + ",\"snapshotId\":\"231949\","
            + "\"imageIdentifier\":\"snapshots-iphone-16/auth_login_screen.png\"}");
    return calls;
  }

  /**
   * With structured content on, every tool, called with arguments that reach the sample data, succeeds with the SDK's
   * structured-output validation on; tools that declare an output schema advertise it and return conforming
   * structured content, and every JSON Pointer in the provenance metadata points into that content.
   */
  @Test
  void everyToolSucceedsAndItsStructuredContentMatchesItsSchema() throws Exception {
    Map<String, String> calls = everyToolCall();
    try (PipedStdio io = start(b -> b.validateStructuredOutput(true).structuredContent(true))) {
      io.initialize();
      JsonNode list = io.request(1, "tools/list", "{}");
      Map<String, Boolean> hasSchema = new java.util.HashMap<>();
      list.at("/result/tools").forEach(t -> hasSchema.put(t.get("name").asText(), t.has("outputSchema")));
      assertEquals(hasSchema.keySet(), calls.keySet(), "every listed tool is exercised");
      assertTrue(hasSchema.values().stream().filter(Boolean::booleanValue).count() > 1, hasSchema.toString());
      int id = 2;
      for (Map.Entry<String, String> c : calls.entrySet()) {
        JsonNode r = io.callTool(id++, c.getKey(), c.getValue());
        assertFalse(r.at("/result/isError").asBoolean(), c.getKey() + ": " + r);
        JsonNode structured = r.at("/result/structuredContent");
        assertEquals(hasSchema.get(c.getKey()), structured.isObject(), c.getKey() + ": " + r);
        if (structured.isObject()) {
          r.at("/result/_meta/io.github.sentrymcp~1provenance/fields").fieldNames().forEachRemaining(pointer ->
              assertFalse(structured.at(pointer).isMissingNode(), c.getKey() + ": dangling provenance " + pointer));
        }
      }
    }
  }

  /**
   * By default (no structured content) no tool advertises an output schema, and every tool answers with text only:
   * no structuredContent, and the provenance in {@code _meta} describes exactly the regions of the text.
   */
  @Test
  void byDefaultEveryToolAnswersWithTextOnly() throws Exception {
    Map<String, String> calls = everyToolCall();
    try (PipedStdio io = start(b -> b.validateStructuredOutput(true))) {
      io.initialize();
      JsonNode list = io.request(1, "tools/list", "{}");
      List<String> names = new ArrayList<>();
      list.at("/result/tools").forEach(t -> {
        names.add(t.get("name").asText());
        assertFalse(t.has("outputSchema"), t.toString());
      });
      assertEquals(new java.util.HashSet<>(calls.keySet()), new java.util.HashSet<>(names), "every listed tool is exercised");
      int id = 2;
      for (Map.Entry<String, String> c : calls.entrySet()) {
        JsonNode r = io.callTool(id++, c.getKey(), c.getValue());
        assertFalse(r.at("/result/isError").asBoolean(), c.getKey() + ": " + r);
        assertTrue(r.at("/result/structuredContent").isMissingNode(), c.getKey() + ": " + r);
        JsonNode provenance = r.at("/result/_meta/io.github.sentrymcp~1provenance");
        assertEquals("compact", provenance.path("style").asText(), c.getKey() + ": " + r);
        String nonce = provenance.path("nonce").asText();
        assertTrue(nonce.matches("[A-Za-z0-9_-]{16}"), c.getKey() + ": " + r);
        String text = text(r);
        assertEquals(provenance.path("regions").size(), count(text, "<d-" + nonce + ">"), c.getKey() + ": " + text);
        assertEquals(count(text, "<d-"), count(text, "</d>"), c.getKey() + ": " + text);
      }
    }
  }

  private static int count(String text, String literal) {
    int n = 0;
    for (int i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void initializeSendsTheEnginesInstructionsByDefault() throws Exception {
    SentryMcp engine = engine();
    String expected = engine.instructions();
    assertTrue(expected != null && expected.contains("<d-NONCE>") && expected.contains("</d>"), expected);
    try (PipedStdio io = new PipedStdio(SentryMcpStdioServer.builder(engine, SESSION), b -> {})) {
      assertEquals(expected, io.initialize().at("/result/instructions").asText());
    }
    // the tags style has its own instructions, and the server sends those
    SentryMcp tags = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .regionStyle(io.github.sentrymcp.api.result.RegionStyle.TAGS).build());
    try (PipedStdio io = new PipedStdio(SentryMcpStdioServer.builder(tags, SESSION), b -> {})) {
      String sent = io.initialize().at("/result/instructions").asText();
      assertEquals(tags.instructions(), sent);
      assertTrue(sent.contains("<data-NONCE"), sent);
    }
    // null sends none
    try (PipedStdio io = start(b -> b.instructions(null))) {
      assertTrue(io.initialize().at("/result/instructions").isMissingNode());
    }
  }

  @Test
  void initializeListAndCall() throws Exception {
    try (PipedStdio io = start(b -> b.instructions("hello model"))) {
      JsonNode init = io.initialize();
      assertEquals("sentry-mcp-java", init.at("/result/serverInfo/name").asText());
      assertEquals("9.9.9", init.at("/result/serverInfo/version").asText());
      assertEquals("hello model", init.at("/result/instructions").asText());
      assertTrue(init.at("/result/capabilities/tools").isObject());

      JsonNode list = io.request(1, "tools/list", "{}");
      List<String> names = new ArrayList<>();
      list.at("/result/tools").forEach(t -> names.add(t.get("name").asText()));
      assertEquals(engine().listedTools(SESSION).stream().map(d -> d.name()).toList(), names);
      assertEquals(52, names.size(), names.toString());

      JsonNode whoami = io.callTool("w", "whoami", "{}");
      assertFalse(whoami.at("/result/isError").asBoolean(), whoami.toString());
      assertTrue(text(whoami).contains("test@example.com"), whoami.toString());
      // results are text only by default
      assertTrue(whoami.at("/result/structuredContent").isMissingNode(), whoami.toString());
      list.at("/result/tools").forEach(t -> assertFalse(t.has("outputSchema"), t.toString()));
    }
  }

  @Test
  void malformedLinesAreAnsweredAndTheServerKeepsServing() throws Exception {
    try (PipedStdio io = start(b -> {})) {
      io.initialize();
      io.sendLine("this is not json");
      io.sendLine("{\"unterminated\": ");
      io.sendLine("[1,2,3]");
      io.sendLine("42");
      io.sendLine("{\"jsonrpc\":\"2.0\"}");
      io.sendLine("{\"jsonrpc\":\"2.0\",\"id\":7}");
      io.sendLine("");
      io.sendLine("   ");
      io.sendLine("\u0000\u0001\uFFFD");
      JsonNode ping = io.request(8, "ping", "{}");
      assertTrue(ping.get("result").isObject(), ping.toString());
      // a CRLF-terminated request works too
      io.sendLine("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}\r");
      assertTrue(io.awaitResponse(9, Duration.ofSeconds(10)).get("result").isObject());
      assertTrue(text(io.callTool(10, "whoami", "{}")).contains("test@example.com"));
    }
  }

  @Test
  void aTooLongLineIsSkippedWholeAndAnswered() throws Exception {
    try (PipedStdio io = start(b -> {})) {
      io.initialize();
      StringBuilder huge = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"");
      huge.append("x".repeat(SentryMcpStdioServer.MAX_LINE_BYTES)).append("\"}}");
      io.sendLine(huge.toString());
      JsonNode ping = io.request(2, "ping", "{}");
      assertTrue(ping.get("result").isObject());
    }
  }

  @Test
  void unknownToolIsAJsonRpcErrorAndTheServerKeepsServing() throws Exception {
    try (PipedStdio io = start(b -> {})) {
      io.initialize();
      JsonNode unknown = io.callTool(1, "no_such_tool", "{}");
      assertEquals(-32602, unknown.at("/error/code").asInt(), unknown.toString());
      assertTrue(text(io.callTool(2, "whoami", "{}")).contains("test@example.com"));
    }
  }

  @Test
  void invalidArgumentsAreAClearErrorResult() throws Exception {
    try (PipedStdio io = start(b -> {})) {
      io.initialize();
      JsonNode bad = io.callTool(1, "find_projects", "{\"organizationSlug\":42,\"nope\":true}");
      assertTrue(bad.at("/result/isError").asBoolean(), bad.toString());
      String text = text(bad);
      assertTrue(text.contains("organizationSlug") && text.contains("nope"), text);
      assertEquals("invalid_input", bad.at("/result/_meta/io.github.sentrymcp~1error/kind").asText());
      // no tool advertises an output schema by default, so the error also carries its kind as structuredContent
      assertEquals("invalid_input", bad.at("/result/structuredContent/error/kind").asText(), bad.toString());

      JsonNode missing = io.callTool(2, "find_projects", "{}");
      assertTrue(missing.at("/result/isError").asBoolean(), missing.toString());
      assertTrue(text(missing).contains("organizationSlug"), missing.toString());
      assertTrue(text(io.callTool(3, "whoami", "{}")).contains("test@example.com"));
    }
  }

  @Test
  void answersStillInFlightWhenInputClosesAreWrittenBeforeTheServerStops() throws Exception {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1).respond(Fault.delay(Duration.ofMillis(800))));
    try (PipedStdio io = start(b -> b.drainTimeout(Duration.ofSeconds(10)))) {
      io.initialize();
      io.sendLine("{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}");
      io.closeInput();
      assertTrue(io.server.awaitInputClosed(Duration.ofSeconds(10)));
      JsonNode slow = io.awaitResponse("slow", Duration.ofSeconds(5));
      assertTrue(text(slow).contains("test@example.com"), slow.toString());
    } finally {
      fake.clearFaults();
    }
  }

  @Test
  void inputEndsPromptlyWhenNothingIsPending() throws Exception {
    try (PipedStdio io = start(b -> {})) {
      io.initialize();
      long t0 = System.nanoTime();
      io.closeInput();
      assertTrue(io.server.awaitInputClosed(Duration.ofSeconds(5)));
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos());
    }
  }

  @Test
  void theServerWritesNothingButJsonRpcMessages() throws Exception {
    try (PipedStdio io = start(b -> {})) {
      io.initialize();
      io.sendLine("garbage");
      io.request(1, "tools/list", "{}");
      io.callTool(2, "whoami", "{}");
      io.callTool(3, "no_such_tool", "{}");
      io.callTool(4, "find_projects", "{}");
      io.request(5, "no/such/method", "{}");
      for (String line : io.allLines) {
        JsonNode msg = PipedStdio.JSON.readTree(line);
        assertEquals("2.0", msg.path("jsonrpc").asText(), line);
        assertTrue(msg.has("result") || msg.has("error") || msg.has("method"), line);
      }
      assertTrue(io.allLines.size() >= 6);
    }
  }
}
