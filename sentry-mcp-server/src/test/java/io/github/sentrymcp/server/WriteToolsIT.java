package io.github.sentrymcp.server;

import static io.github.sentrymcp.server.StdioServerClients.call;
import static io.github.sentrymcp.server.StdioServerClients.client;
import static io.github.sentrymcp.server.StdioServerClients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end: the permission levels decide which write tools a real MCP client sees and can run. */
class WriteToolsIT {
  private static final String TOKEN = "sntrys_write-it-token";
  private static final Set<String> WRITE_TOOLS = Set.of("update_issue", "add_issue_note", "create_project",
      "update_project", "create_team", "create_dsn", "update_dsn", "add_team_to_project", "remove_team_from_project",
      "create_uptime_monitor", "update_uptime_monitor", "delete_uptime_monitor", "create_alert_rule",
      "update_alert_rule", "delete_alert_rule", "link_issue", "unlink_issue");

  private static FakeSentry fake;
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private McpSyncClient server(String... extra) {
    String[] base = {"--access-token=" + TOKEN, "--host=" + fake.hostAndPort(), "--insecure-http", "--no-warmup",
        "--surface=direct"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    McpSyncClient c = client(stderr::add, all);
    c.initialize();
    return c;
  }

  private static Set<String> listed(McpSyncClient c) {
    return c.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
  }

  @Test
  void defaultGrantListsNoWriteToolAndRefusesOneWithoutARequest() {
    try (McpSyncClient c = server()) {
      Set<String> names = listed(c);
      assertTrue(names.contains("get_issue_details"), names.toString());
      for (String w : WRITE_TOOLS) {
        assertFalse(names.contains(w), "listed under the read-only default: " + w);
      }
      McpSchema.CallToolResult r = call(c, "update_issue",
          Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41", "status", "resolved"));
      assertTrue(Boolean.TRUE.equals(r.isError()));
      assertTrue(text(r).contains("event:write"), text(r));
      assertTrue(fake.journal().isEmpty(), "a refused write makes no request");
    }
  }

  @Test
  void triageWithEventWriteListsAndRunsUpdateIssue() {
    try (McpSyncClient c = server("--skills=inspect,triage", "--add-scopes=event:write")) {
      Set<String> names = listed(c);
      assertTrue(names.contains("update_issue"), names.toString());
      assertTrue(names.contains("add_issue_note"), names.toString());
      assertFalse(names.contains("create_project"), "project management needs its skill and project:write");
      McpSchema.Tool tool = c.listTools().tools().stream().filter(t -> t.name().equals("update_issue")).findFirst()
          .orElseThrow();
      assertEquals(Boolean.FALSE, tool.annotations().readOnlyHint());
      assertEquals(Boolean.TRUE, tool.annotations().destructiveHint());

      McpSchema.CallToolResult r = call(c, "update_issue",
          Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41", "status", "resolved"));
      assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
      List<RecordedRequest> puts = fake.requests("PUT", "/api/0/organizations/*/issues/*/");
      assertEquals(1, puts.size(), fake.journal().toString());
      assertTrue(puts.get(0).body().contains("\"resolved\""), puts.get(0).body());
      assertTrue(text(r).contains("resolved"), text(r));
    }
  }

  @Test
  void disabledToolIsNeitherListedNorCallable() {
    try (McpSyncClient c = server("--skills=inspect,triage", "--add-scopes=event:write",
        "--disable-tools=update_issue")) {
      assertFalse(listed(c).contains("update_issue"));
      McpSchema.CallToolResult r = call(c, "update_issue",
          Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41", "status", "resolved"));
      assertTrue(Boolean.TRUE.equals(r.isError()));
      assertTrue(text(r).contains("--disable-tools"), text(r));
      assertTrue(fake.journal().isEmpty());
    }
  }
}
