package io.github.sentrymcp.core.internal.tools.replays;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetReplayDetailsToolTest {
  static final String TOOL = "get_replay_details";
  static final String ORG = "sentry-mcp-evals";
  static final String REPLAY = "7e07485f-12f9-416b-8b14-26260799b51f";
  static final String PROJECT_ID = "4509109104082945";
  static final String ERROR_ID = "7ca573c0f4814912aaa9bdc77d1a7d51";
  static final String TRACE = "a4d1aae7216b47ff8117cf4e09ce9d0a";

  static FakeSentry fake;
  SentryMcp mcp;

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
    mcp = ToolTestSupport.engine(fake);
  }

  String call(Map<String, @Nullable Object> a) {
    return call(a, ToolTestSupport.session());
  }

  String call(Map<String, @Nullable Object> a, Session s) {
    RenderedResult r = mcp.sanitizer().render(mcp.call(TOOL, a, s));
    Sanitized.assertWellFormed(r.text());
    return r.text();
  }

  /** {@code METHOD rawPath[?rawQuery]} of every request, sorted (the fan-out has no fixed order). */
  static List<String> requests() {
    return fake.journal().stream()
        .map(r -> r.method() + " " + r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()))
        .sorted()
        .toList();
  }

  static final String API = "/api/0/organizations/" + ORG;
  static final String DETAILS = "GET " + API + "/replays/" + REPLAY + "/";
  static final String SEGMENTS = "GET /api/0/projects/" + ORG + "/" + PROJECT_ID + "/replays/" + REPLAY
      + "/recording-segments/?download=true&per_page=5";
  static final String ISSUE_LOOKUP = "GET " + API + "/issues/?limit=1&statsPeriod=30d&query=" + ERROR_ID
      + "&collapse=unhandled";
  static final String TRACE_META = "GET " + API + "/trace-meta/" + TRACE + "/?statsPeriod=14d";

  SentryMcpException refused(Map<String, @Nullable Object> a, Session s) {
    fake.reset();
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, a, s), a::toString);
    assertEquals(List.of(), requests(), "no request for " + a);
    return e;
  }

  @Test
  void byIdMakesTheExactRequestsAndShowsSummaryActivityAndRelated() {
    String text = call(args("organizationSlug", ORG, "replayId", REPLAY));
    assertEquals(List.of("GET " + API + "/", ISSUE_LOOKUP, DETAILS, TRACE_META, SEGMENTS), requests());
    assertTrue(text.startsWith("# Replay " + REPLAY + " in " + ORG + "\n"), text);
    assertTrue(text.contains("URL: " + fake.baseUrl() + "/organizations/" + ORG + "/replays/" + REPLAY + "/\n"),
        text);
    assertTrue(text.contains("Duration: 5m\nStarted: 2025-04-07T12:00:00Z\n"), text);
    assertTrue(text.contains("Counts: errors 1, rage clicks 0, dead clicks 1, warnings 2, infos 3\n"), text);
    assertTrue(text.contains("Recording: 2 segments\n"), text);
    for (String v : List.of("production", "Chrome", "123.0", "macOS", "MacBook Pro", "Taylor Example", "/login",
        "/checkout", "frontend@1.2.3", "https://example.com/login", "navigation.navigate", "ui.click",
        "Clicked submit order", "CLOUDFLARE-MCP-41")) {
      Sanitized.assertInData(text, v);
    }
    // activity: relative times (ms and s timestamps mixed, as the SDK sends them), labels and details
    String outside = Sanitized.outside(text);
    assertTrue(text.contains("\n## Activity\n"), text);
    // hex ids need no fence; they are shown as they are
    assertTrue(text.contains("- Trace " + TRACE + " (112 spans)"), text);
    assertTrue(text.contains("T+0s "), text);
    assertTrue(text.contains("T+10s "), text);
    assertTrue(text.contains(" · duration 710 ms"), text);
    assertTrue(text.contains("T+20s "), text);
    assertTrue(text.contains(" (112 spans)"), text);
    assertTrue(outside.contains("Details: `get_issue_details` with an issue's id as issueId; `get_trace_details`"
        + " with a traceId."), outside);
  }

  @Test
  void aReplayUrlGivesTheOrganizationAndTheId() {
    for (String path : List.of("/organizations/" + ORG + "/replays/" + REPLAY + "/",
        "/organizations/" + ORG + "/explore/replays/" + REPLAY + "/")) {
      fake.reset();
      mcp = ToolTestSupport.engine(fake);
      String text = call(args("replayUrl", fake.baseUrl() + path));
      assertTrue(text.startsWith("# Replay " + REPLAY + " in " + ORG + "\n"), text);
      assertTrue(requests().contains(DETAILS), requests().toString());
    }
  }

  @Test
  void theRegionLookupIsSkippedWithARegionUrlAndCachedPerEngine() {
    call(args("organizationSlug", ORG, "replayId", REPLAY, "regionUrl", fake.baseUrl()));
    assertFalse(requests().contains("GET " + API + "/"), requests().toString());
    fake.reset();
    call(args("organizationSlug", ORG, "replayId", REPLAY));
    fake.reset();
    call(args("organizationSlug", ORG, "replayId", REPLAY));
    assertFalse(requests().contains("GET " + API + "/"), requests().toString());
  }

  @Test
  void badInputIsRefusedBeforeAnyRequest() {
    Session s = ToolTestSupport.session();
    assertEquals("Pass replayUrl, or both organizationSlug and replayId.",
        refused(args("replayId", REPLAY), s).getMessage());
    assertEquals("Pass replayUrl, or both organizationSlug and replayId.",
        refused(args("organizationSlug", ORG), s).getMessage());
    for (String bad : List.of("../x", "a/b", "%2e%2e", ".hidden", "x".repeat(101))) {
      SentryMcpException e = refused(args("organizationSlug", ORG, "replayId", bad), s);
      assertEquals(ErrorKind.INVALID_INPUT, e.kind());
      assertFalse(e.getMessage().contains(bad), e.getMessage());
    }
    SentryMcpException e = refused(args("replayUrl", fake.baseUrl() + "/organizations/" + ORG + "/issues/1/"), s);
    assertEquals("The replayUrl must be a Sentry replay URL (it names a issue).", e.getMessage());
    e = refused(args("replayUrl", "https://evil.example.com/organizations/" + ORG + "/replays/" + REPLAY + "/"), s);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertFalse(e.getMessage().contains("evil"), e.getMessage());
    e = refused(args("replayUrl", fake.baseUrl() + "/organizations/" + ORG + "/replays/" + REPLAY + "/",
        "replayId", "other"), s);
    assertEquals("The replayId does not match the replay in replayUrl.", e.getMessage());
    e = refused(args("replayUrl", fake.baseUrl() + "/organizations/other-org/replays/" + REPLAY + "/"),
        ToolTestSupport.orgConstrained(ORG));
    assertEquals("URL is outside the active organization constraint.", e.getMessage());
  }

  @Test
  void underAProjectConstraintTheReplaysProjectMustBeTheConstrainedOne() {
    // the fixture project cloudflare-mcp has the replay's project id
    String text = call(args("replayId", REPLAY), ToolTestSupport.projectConstrained(ORG, "cloudflare-mcp"));
    assertTrue(requests().contains("GET /api/0/projects/" + ORG + "/cloudflare-mcp/"), requests().toString());
    assertTrue(text.contains("## Activity"), text);

    fake.reset();
    fake.override("GET", "/api/0/projects/*/other/", "{\"id\": \"42\", \"slug\": \"other\"}");
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, args("replayId", REPLAY),
        ToolTestSupport.projectConstrained(ORG, "other")));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals("The replay is outside the active project constraint (expected project other).", e.getMessage());
    // nothing of the replay's recording, issues or traces was asked for
    // (the region lookup is cached by the engine)
    assertEquals(List.of(DETAILS, "GET /api/0/projects/" + ORG + "/other/"), requests());

    // a replay without a project id is refused under a project constraint
    fake.reset();
    fake.override("GET", API + "/replays/*/", "{\"data\": {\"id\": \"" + REPLAY + "\"}}");
    e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, args("replayId", REPLAY),
        ToolTestSupport.projectConstrained(ORG, "cloudflare-mcp")));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals(List.of(DETAILS), requests());
  }

  @Test
  void anArchivedReplayDownloadsNoRecording() {
    fake.override("GET", API + "/replays/*/", "{\"data\": {\"id\": \"" + REPLAY + "\", \"project_id\": "
        + PROJECT_ID + ", \"is_archived\": true, \"count_segments\": 3, \"error_ids\": [], \"trace_ids\": []}}");
    String text = call(args("organizationSlug", ORG, "replayId", REPLAY));
    assertEquals(List.of("GET " + API + "/", DETAILS), requests());
    assertTrue(text.contains("Recording: 3 segments, archived\n\n## Activity\n\nThe recording is archived."), text);
    assertFalse(text.contains("## Related"), text);
  }

  @Test
  void activityIsCappedAndLargeRecordingsAreNotRead() {
    StringBuilder events = new StringBuilder("[[");
    for (int i = 0; i < 20; i++) {
      events.append(i == 0 ? "" : ",").append("{\"type\":5,\"timestamp\":").append(1744027200 + i)
          .append(",\"data\":{\"tag\":\"breadcrumb\",\"payload\":{\"category\":\"nav\",\"message\":\"step ")
          .append(i).append("\"}}}");
    }
    events.append("]]");
    fake.override("GET", "/api/0/projects/*/*/replays/*/recording-segments/", events.toString());
    String text = call(args("organizationSlug", ORG, "replayId", REPLAY));
    assertTrue(text.contains("step 5"), text);
    assertFalse(text.contains("step 6"), text);
    assertEquals(GetReplayDetailsTool.MAX_ACTIVITY_EVENTS, text.split("\n- T\\+").length - 1, text);

    fake.reset();
    String big = "[[{\"type\":5,\"timestamp\":1,\"data\":{\"tag\":\"x\",\"payload\":{\"message\":\""
        + "a".repeat(GetReplayDetailsTool.MAX_SEGMENT_BYTES) + "\"}}}]]";
    fake.override("GET", "/api/0/projects/*/*/replays/*/recording-segments/", big);
    text = call(args("organizationSlug", ORG, "replayId", REPLAY));
    assertTrue(text.contains("The recording segments are too large to summarise here ("), text);
    assertFalse(text.contains("aaaa"), text);
  }

  @Test
  void bestEffortPartsFailQuietlyAndOddShapesDoNotBreakTheTool() {
    fake.override("GET", API + "/issues/", 500, "{\"detail\": \"boom\"}");
    fake.override("GET", "/api/0/projects/*/*/replays/*/recording-segments/", "{\"not\": \"a list\"}");
    String text = call(args("organizationSlug", ORG, "replayId", REPLAY));
    assertTrue(text.contains("The recording could not be read."), text);
    assertTrue(text.contains("- Error event " + ERROR_ID + "\n"), text);

    fake.reset();
    fake.override("GET", API + "/replays/*/", "{\"data\": {\"id\": null, \"duration\": null, \"urls\": null,"
        + " \"user\": null, \"browser\": {\"name\": null}, \"error_ids\": [\"../../x\", 5, null],"
        + " \"trace_ids\": \"nope\", \"count_segments\": \"x\"}}");
    text = call(args("organizationSlug", ORG, "replayId", REPLAY));
    assertTrue(text.contains("User: anonymous\n"), text);
    // ids that are not 32 hex characters are never sent anywhere
    assertEquals(List.of(DETAILS), requests());
  }
}
