package io.github.sentrymcp.core.internal.tools.resources;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetSentryResourceToolTest {
  static final String ORG = "sentry-mcp-evals";
  static final String ISSUE = "CLOUDFLARE-MCP-41";
  static final String EVENT = "7ca573c0f4814912aaa9bdc77d1a7d51";
  static final String TRACE = "a4d1aae7216b47ff8117cf4e09ce9d0a";
  static final String SPAN = "8d168defc9c334fa";
  static final String TOOL = "get_sentry_resource";

  static FakeSentry fake;

  @BeforeAll
  static void startFake() {
    fake = FakeSentry.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void setUp() {
    fake.reset();
  }

  static String url(String path) {
    return fake.baseUrl() + path;
  }

  /** {@code METHOD rawPath[?rawQuery]} of every request, sorted (fan-outs have no fixed order). */
  static List<String> requests() {
    return fake.journal().stream()
        .map(r -> r.method() + " " + r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()))
        .sorted()
        .toList();
  }

  /** Calls the tool on a fresh engine (no cached region lookups) and returns the requests it made. */
  static List<String> requestsOf(String tool, Map<String, @Nullable Object> a, Session session) {
    fake.reset();
    SentryMcp mcp = ToolTestSupport.engine(fake);
    mcp.sanitizer().render(mcp.call(tool, a, session));
    return requests();
  }

  /** The resource call makes exactly the requests of the direct call of its target. */
  static RenderedResult assertSameRequests(Map<String, @Nullable Object> resourceArgs, String target,
      Map<String, @Nullable Object> targetArgs) {
    List<String> direct = requestsOf(target, targetArgs, ToolTestSupport.session());
    fake.reset();
    RenderedResult r = callTool(resourceArgs, ToolTestSupport.session());
    assertEquals(direct, requests());
    assertFalse(direct.isEmpty());
    return r;
  }

  /** Calls get_sentry_resource on a fresh engine and renders the result. */
  static RenderedResult callTool(Map<String, @Nullable Object> a, Session session) {
    SentryMcp mcp = ToolTestSupport.engine(fake);
    return mcp.sanitizer().render(mcp.call(TOOL, a, session));
  }

  static SentryMcpException refusedWithoutRequests(Map<String, @Nullable Object> a, Session session) {
    fake.reset();
    SentryMcp mcp = ToolTestSupport.engine(fake);
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, a, session),
        () -> String.valueOf(a));
    assertEquals(List.of(), requests(), "no request for a refused call");
    Object u = a.get("url");
    if (u instanceof String s) {
      assertFalse(e.getMessage().contains(s), e.getMessage());
    }
    return e;
  }

  // ------------------------------------------------------------------ dispatch

  @Test
  void issueUrlIsGetIssueDetails() {
    RenderedResult r = assertSameRequests(args("url", url("/organizations/" + ORG + "/issues/" + ISSUE + "/")),
        "get_issue_details", args("organizationSlug", ORG, "issueId", ISSUE));
    assertTrue(requests().contains("GET /api/0/organizations/" + ORG + "/issues/" + ISSUE + "/"), requests()
        .toString());
    assertTrue(r.text().startsWith("# Issue "), r.text());
    Sanitized.assertWellFormed(r.text());
    // no output schema of its own, so no structured content
    assertNull(r.structuredContent());
  }

  @Test
  void issueUrlWithTheOrganizationInTheFirstSegment() {
    assertSameRequests(args("url", url("/" + ORG + "/issues/cloudflare-mcp-41")),
        "get_issue_details", args("organizationSlug", ORG, "issueId", ISSUE));
  }

  @Test
  void eventUrlIsGetIssueDetailsWithTheEvent() {
    assertSameRequests(args("url", url("/organizations/" + ORG + "/issues/" + ISSUE + "/events/" + EVENT + "/")),
        "get_issue_details", args("organizationSlug", ORG, "issueId", ISSUE, "eventId", EVENT));
    assertTrue(requests().contains("GET /api/0/organizations/" + ORG + "/issues/" + ISSUE + "/events/" + EVENT
        + "/"), requests().toString());
  }

  @Test
  void traceUrlIsGetTraceDetails() {
    RenderedResult r = assertSameRequests(args("url", url("/organizations/" + ORG + "/explore/traces/trace/" + TRACE)),
        "get_trace_details", args("organizationSlug", ORG, "traceId", TRACE));
    assertEquals(List.of("GET /api/0/organizations/" + ORG + "/",
        "GET /api/0/organizations/" + ORG + "/trace-meta/" + TRACE + "/?statsPeriod=14d",
        "GET /api/0/organizations/" + ORG + "/trace/" + TRACE + "/?limit=112&project=-1&statsPeriod=14d"),
        requests());
    assertTrue(r.text().startsWith("# Trace `" + TRACE + "`"), r.text());
  }

  @Test
  void spanUrlIsGetSpanDetails() {
    RenderedResult r = assertSameRequests(
        args("url", url("/organizations/" + ORG + "/performance/trace/" + TRACE + "/?node=span-" + SPAN)),
        "get_span_details", args("organizationSlug", ORG, "traceId", TRACE, "spanId", SPAN));
    assertTrue(r.text().startsWith("# Span `" + SPAN + "`"), r.text());
  }

  @Test
  void traceOverridesASpanUrl() {
    assertSameRequests(
        args("url", url("/organizations/" + ORG + "/performance/trace/" + TRACE + "/?node=span-" + SPAN),
            "resourceType", "trace"),
        "get_trace_details", args("organizationSlug", ORG, "traceId", TRACE));
  }

  @Test
  void byTypeAndId() {
    assertSameRequests(args("resourceType", "issue", "resourceId", "cloudflare-mcp-41", "organizationSlug", ORG),
        "get_issue_details", args("organizationSlug", ORG, "issueId", ISSUE));
    assertSameRequests(args("resourceType", "event", "resourceId", EVENT, "organizationSlug", ORG),
        "get_issue_details", args("organizationSlug", ORG, "eventId", EVENT));
    assertSameRequests(args("resourceType", "trace", "resourceId", TRACE, "organizationSlug", ORG),
        "get_trace_details", args("organizationSlug", ORG, "traceId", TRACE));
  }

  @Test
  void conversationUrlIsGetAgentConversationDetailsWithItsProjectAndWindow() {
    RenderedResult r = assertSameRequests(args("url", url("/organizations/" + ORG + "/explore/conversations/conv-7f3a9c/"
        + "?project=42&start=2025-04-01T00:00:00Z&end=2025-04-02T00:00:00Z")),
        "get_agent_conversation_details", args("organizationSlug", ORG, "conversationId", "conv-7f3a9c", "project",
            "42", "start", "2025-04-01T00:00:00Z", "end", "2025-04-02T00:00:00Z"));
    assertEquals(List.of("GET /api/0/organizations/" + ORG + "/agents/conversations/conv-7f3a9c/?per_page=1000"
        + "&start=2025-04-01T00%3A00%3A00Z&end=2025-04-02T00%3A00%3A00Z&project=42"), requests());
    assertTrue(r.text().startsWith("# Agent conversation conv-7f3a9c\n"), r.text());
    assertNull(r.structuredContent());
    // by type and id: the last 30 days of every project
    assertSameRequests(args("resourceType", "ai_conversation", "resourceId", "conv-7f3a9c", "organizationSlug", ORG),
        "get_agent_conversation_details", args("organizationSlug", ORG, "conversationId", "conv-7f3a9c"));
    assertEquals(List.of("GET /api/0/organizations/" + ORG + "/agents/conversations/conv-7f3a9c/?per_page=1000"
        + "&statsPeriod=30d&project=-1"), requests());
    // a session that may not use the conversation tool is refused before any request
    refusedWithoutRequests(args("resourceType", "ai_conversation", "resourceId", "conv-7f3a9c", "organizationSlug",
        ORG), ToolTestSupport.session(b -> b.disableTools("get_agent_conversation_details")));
  }

  @Test
  void constrainedSessionUsesItsOrganization() {
    Session s = ToolTestSupport.orgConstrained(ORG);
    fake.reset();
    callTool(args("resourceType", "issue", "resourceId", ISSUE), s);
    assertTrue(requests().contains("GET /api/0/organizations/" + ORG + "/issues/" + ISSUE + "/"),
        requests().toString());
  }

  // ------------------------------------------------------------------ refusals, no request

  @Test
  void foreignHostsAreRefused() {
    for (String u : List.of(
        "https://evil.com/organizations/" + ORG + "/issues/" + ISSUE + "/",
        "https://us.sentry.io.evil.com/organizations/" + ORG + "/issues/" + ISSUE + "/",
        "https://eu.sentry.io/organizations/" + ORG + "/issues/" + ISSUE + "/",
        "http://127.0.0.2:" + fake.baseUrl().replaceAll(".*:", "") + "/organizations/" + ORG + "/issues/1/",
        "http://localhost:" + fake.baseUrl().replaceAll(".*:", "") + "/organizations/" + ORG + "/issues/1/",
        fake.baseUrl().replace("http://", "http://user@") + "/organizations/" + ORG + "/issues/1/",
        fake.baseUrl() + "@evil.com/organizations/" + ORG + "/issues/1/",
        fake.baseUrl() + "\\@evil.com/organizations/" + ORG + "/issues/1/",
        "http://" + ORG + "." + fake.hostAndPort() + "/issues/1/",
        fake.baseUrl().replace("1", "%31") + "/organizations/" + ORG + "/issues/1/",
        "ftp://" + fake.hostAndPort() + "/organizations/" + ORG + "/issues/1/")) {
      SentryMcpException e = refusedWithoutRequests(args("url", u), ToolTestSupport.session());
      assertEquals(ErrorKind.INVALID_INPUT, e.kind(), u);
      assertTrue(e.getMessage().startsWith("The url is not a web URL of this server's Sentry"), e.getMessage());
    }
  }

  @Test
  void organizationOutsideTheConstraintIsRefused() {
    SentryMcpException e = refusedWithoutRequests(
        args("url", url("/organizations/" + ORG + "/issues/" + ISSUE + "/")),
        ToolTestSupport.orgConstrained("other-org"));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertEquals("URL is outside the active organization constraint.", e.getMessage());
    // and without a constraint, a differing organizationSlug
    e = refusedWithoutRequests(args("url", url("/organizations/" + ORG + "/issues/" + ISSUE + "/"),
        "organizationSlug", "other-org"), ToolTestSupport.session());
    assertEquals("The organization in the url does not match organizationSlug.", e.getMessage());
  }

  @Test
  void projectOutsideTheConstraintIsRefused() {
    SentryMcpException e = refusedWithoutRequests(
        args("url", url("/organizations/" + ORG + "/profiling/profile/frontend/" + EVENT + "/flamegraph/")),
        ToolTestSupport.projectConstrained(ORG, "backend"));
    assertEquals("URL is outside the active project constraint.", e.getMessage());
    e = refusedWithoutRequests(args("url", url("/organizations/" + ORG + "/crons/frontend/nightly/")),
        ToolTestSupport.projectConstrained(ORG, "backend"));
    assertEquals("URL is outside the active project constraint.", e.getMessage());
  }

  @Test
  void aTargetTheSessionMayNotUseIsRefusedBeforeAnyRequest() {
    Session s = ToolTestSupport.session(b -> b.disableTools("get_issue_details"));
    refusedWithoutRequests(args("url", url("/organizations/" + ORG + "/issues/" + ISSUE + "/")), s);
    refusedWithoutRequests(args("resourceType", "event", "resourceId", EVENT, "organizationSlug", ORG), s);
    Session noTrace = ToolTestSupport.session(b -> b.disableTools("get_trace_details"));
    refusedWithoutRequests(args("url", url("/organizations/" + ORG + "/explore/traces/trace/" + TRACE)), noTrace);
    Session noSpan = ToolTestSupport.session(b -> b.disableTools("get_span_details"));
    refusedWithoutRequests(args("url", url("/organizations/" + ORG + "/performance/trace/" + TRACE + "/?node=span-"
        + SPAN)), noSpan);
  }

  @Test
  void aCronMonitorUrlReachesGetMonitorDetails() {
    fake.clearJournal();
    RenderedResult r = callTool(args("url", url("/organizations/" + ORG + "/crons/nightly-import/")),
        ToolTestSupport.session());
    assertFalse(r.isError(), r.text());
    assertTrue(r.text().startsWith("# Cron Monitor nightly-import in " + ORG), r.text());
    assertEquals("/api/0/organizations/" + ORG + "/monitors/nightly-import/", fake.journal().get(0).rawPath());
  }

  @Test
  void replayUrlsAndIdsAreGetReplayDetails() {
    String replay = "7e07485f-12f9-416b-8b14-26260799b51f";
    RenderedResult r = assertSameRequests(args("url", url("/organizations/" + ORG + "/replays/" + replay + "/")),
        "get_replay_details", args("organizationSlug", ORG, "replayId", replay));
    assertTrue(r.text().startsWith("# Replay " + replay + " in " + ORG + "\n"), r.text());
    assertTrue(requests().contains("GET /api/0/organizations/" + ORG + "/replays/" + replay + "/"),
        requests().toString());
    assertSameRequests(args("resourceType", "replay", "resourceId", replay, "organizationSlug", ORG),
        "get_replay_details", args("organizationSlug", ORG, "replayId", replay));
    // the session's tool list applies to the target
    refusedWithoutRequests(args("url", url("/organizations/" + ORG + "/replays/" + replay + "/")),
        ToolTestSupport.session(b -> b.disableTools("get_replay_details")));
  }

  @Test
  void snapshotUrlsReachTheSnapshotTools() {
    RenderedResult r = assertSameRequests(args("url", url("/organizations/" + ORG + "/preprod/snapshots/231949/")),
        "get_snapshot", args("organizationSlug", ORG, "snapshotId", "231949"));
    assertTrue(r.text().contains("# Snapshot 231949 in **" + ORG + "**"), r.text());
    r = assertSameRequests(args("url", url("/organizations/" + ORG + "/preprod/snapshots/231949/"
        + "?selectedSnapshot=snapshots-iphone-16%2Fauth_login_screen.png")), "get_snapshot_image",
        args("organizationSlug", ORG, "snapshotId", "231949", "imageIdentifier",
            "snapshots-iphone-16/auth_login_screen.png"));
    assertTrue(r.text().contains("Current image: image/png, 1024x683 px (preview)."), r.text());
    assertTrue(requests().contains("GET /api/0/organizations/" + ORG + "/preprodartifacts/snapshots/231949/images/"
        + "snapshots-iphone-16%2Fauth_login_screen.png/"), requests().toString());
    r = assertSameRequests(args("resourceType", "snapshot", "resourceId", "231949", "organizationSlug", ORG),
        "get_snapshot", args("organizationSlug", ORG, "snapshotId", "231949"));
    assertTrue(r.text().contains("# Snapshot 231949 in **" + ORG + "**"), r.text());
  }

  @Test
  void profileUrlsAreGetProfileDetails() {
    String profile = "cfe78a5c892d4a64a962d837673398d2";
    String profiler = "041bde57b9844e36b8b7e5734efae5f7";
    RenderedResult r = assertSameRequests(args("url", url("/organizations/" + ORG
        + "/explore/profiling/profile/backend/" + profile + "/flamegraph/")),
        "get_profile_details", args("organizationSlug", ORG, "projectSlugOrId", "backend", "profileId", profile));
    assertTrue(r.text().startsWith("# Profile " + profile + " in " + ORG + "\n"), r.text());
    assertTrue(requests().contains("GET /api/0/projects/" + ORG + "/backend/profiling/profiles/" + profile + "/"),
        requests().toString());
    r = assertSameRequests(args("url", url("/organizations/" + ORG + "/profiling/profile/backend/flamegraph/"
        + "?profilerId=" + profiler + "&start=2024-01-01T00:00:00Z&end=2024-01-01T01:00:00Z")),
        "get_profile_details", args("organizationSlug", ORG, "projectSlugOrId", "backend", "profilerId", profiler,
            "start", "2024-01-01T00:00:00Z", "end", "2024-01-01T01:00:00Z"));
    assertTrue(r.text().startsWith("# Continuous profile " + profiler + " in " + ORG + "\n"), r.text());
    // the session's tool list applies to the target
    refusedWithoutRequests(args("url", url("/organizations/" + ORG + "/explore/profiling/profile/backend/" + profile
        + "/flamegraph/")), ToolTestSupport.session(b -> b.disableTools("get_profile_details")));
  }

  @Test
  void performanceSummaryPointsToSearchEvents() {
    SentryMcpException e = refusedWithoutRequests(args("url", url("/organizations/" + ORG
        + "/performance/summary/?transaction=%2Fapi%2Fusers")), ToolTestSupport.session());
    assertTrue(e.getMessage().contains("search_events"), e.getMessage());
    assertFalse(e.getMessage().contains("/api/users"), e.getMessage());
  }

  @Test
  void overridesOtherThanTraceOnASpanAreRefused() {
    SentryMcpException e = refusedWithoutRequests(args("url", url("/organizations/" + ORG
        + "/explore/traces/trace/" + TRACE), "resourceType", "issue"), ToolTestSupport.session());
    assertTrue(e.getMessage().startsWith("The resourceType does not match what the url names (a trace)"),
        e.getMessage());
  }

  @Test
  void badArgumentsWithoutUrl() {
    Session s = ToolTestSupport.session();
    assertEquals("Pass url, or resourceType together with resourceId and organizationSlug.",
        refusedWithoutRequests(args("organizationSlug", ORG, "resourceId", ISSUE), s).getMessage());
    assertEquals("The organizationSlug is required when there is no url.",
        refusedWithoutRequests(args("resourceType", "issue", "resourceId", ISSUE), s).getMessage());
    assertEquals("The resourceId is required when there is no url.",
        refusedWithoutRequests(args("resourceType", "issue", "organizationSlug", ORG), s).getMessage());
    for (String[] bad : new String[][] {{"issue", "../1"}, {"event", "xyz"}, {"trace", EVENT + "0"},
        {"replay", "../x"}, {"monitor", "a/b"}, {"snapshot", "%2e"}}) {
      SentryMcpException e = refusedWithoutRequests(args("resourceType", bad[0], "resourceId", bad[1],
          "organizationSlug", ORG), s);
      assertEquals(ErrorKind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().startsWith("The resourceId for resourceType " + bad[0]), e.getMessage());
      assertFalse(e.getMessage().contains(bad[1]), e.getMessage());
    }
    SentryMcpException e = refusedWithoutRequests(args("resourceType", "profile", "resourceId", "x",
        "organizationSlug", ORG), s);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
  }

  @Test
  void releaseUrlGivesGuidanceWithoutARequest() {
    fake.reset();
    RenderedResult r = callTool(
        args("url", url("/organizations/" + ORG + "/releases/backend%402024.01.15-abc123/")),
        ToolTestSupport.session());
    assertEquals(List.of(), requests());
    assertTrue(r.text().startsWith("# Release in " + ORG), r.text());
    assertTrue(r.text().contains("`backend@2024.01.15-abc123`"), r.text());
    assertTrue(r.text().contains(fake.baseUrl() + "/organizations/" + ORG + "/releases/backend%402024.01.15-abc123/"),
        r.text());
    assertTrue(r.text().contains("`search_issues` with query `release:backend@2024.01.15-abc123`"), r.text());
    assertTrue(r.text().contains("`find_releases`"), r.text());
    // hints name only tools the session may use
    fake.reset();
    RenderedResult limited = callTool(args("url", url("/organizations/" + ORG + "/releases/v1/")),
        ToolTestSupport.session(b -> b.disableTools("find_releases")));
    assertFalse(limited.text().contains("find_releases"), limited.text());
  }

  // ------------------------------------------------------------------ descriptor

  @Test
  void advertisedEntryFitsTheBudget() throws Exception {
    ToolDescriptor d = ToolTestSupport.descriptor(ToolTestSupport.engine(fake), TOOL);
    assertTrue(d.description().endsWith("\n\n" + ToolSpec.REGIONS_NOTE));
    assertTrue(d.annotations().readOnly());
    assertFalse(d.annotations().destructive());
    assertTrue(d.annotations().openWorld());
    assertNull(d.outputSchema());
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", d.name());
    entry.put("title", d.title());
    entry.put("description", d.description());
    entry.put("inputSchema", d.inputSchema());
    entry.put("annotations", Map.of("title", d.title(), "readOnlyHint", true, "destructiveHint", false,
        "openWorldHint", true));
    int bytes = new ObjectMapper().writeValueAsString(entry).getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes <= 1500, "tools/list entry of get_sentry_resource: " + bytes + " bytes");
  }
}
