package io.github.sentrymcp.core.internal.tools.issues;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.constrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.issues.EventRendererTest.assertHeadingsClean;
import static io.github.sentrymcp.core.internal.tools.issues.EventRendererTest.assertOnlyInsideRegions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetIssueDetailsToolTest {
  static final String ORG = "sentry-mcp-evals";
  static final String ISSUE = "CLOUDFLARE-MCP-41";
  static final String EVENT = "7ca573c0f4814912aaa9bdc77d1a7d51";
  static final String API = "/api/0/organizations/" + ORG;

  static FakeSentry fake;
  static SentryMcp mcp;

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




  static RenderedResult call(Map<String, @Nullable Object> args) {
    return call(args, session());
  }

  static RenderedResult call(Map<String, @Nullable Object> args, Session session) {
    ToolResult r = mcp.call("get_issue_details", args, session);
    RenderedResult rendered = mcp.sanitizer().render(r);
    assertFalse(rendered.isError());
    return rendered;
  }

  static SentryMcpException failure(Map<String, @Nullable Object> args, Session session) {
    return assertThrows(SentryMcpException.class, () -> mcp.call("get_issue_details", args, session));
  }

  /** {@code METHOD rawPath[?rawQuery]} of every recorded request. */
  static List<String> requests() {
    return fake.journal().stream()
        .map(r -> r.method() + " " + r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()))
        .toList();
  }

  static String replayCount(String numericId, String dataSource) {
    return "GET " + API + "/replay-count/?returnIds=true&query=issue.id%3A%5B" + numericId
        + "%5D&data_source=" + dataSource + "&statsPeriod=90d&project=-1";
  }

  /** The code-location lookup for the crashing frame of the CLOUDFLARE-MCP-41 sample event. */
  static final String STACKTRACE_LINK = "GET /api/0/projects/sentry-mcp-evals/CLOUDFLARE-MCP/stacktrace-link/"
      + "?file=index.js&platform=javascript&lineNo=19631&absPath=%2Findex.js&module=index&groupId=6507376925"
      + "&sdkName=sentry.javascript.cloudflare";

  static Set<String> fanOut(String issuePathId, String event, String numericId, String dataSource) {
    return Set.of(
        "GET " + API + "/issues/" + issuePathId + "/events/" + event + "/",
        "GET " + API + "/issues/" + issuePathId + "/autofix/",
        "GET " + API + "/issues/" + issuePathId + "/external-issues/",
        replayCount(numericId, dataSource),
        STACKTRACE_LINK);
  }

  /** The issue request plus its fan-out; without a project constraint they go out together, in any order. */
  static Set<String> withIssue(String issuePathId, Set<String> fanOut) {
    Set<String> all = new java.util.HashSet<>(fanOut);
    all.add("GET " + API + "/issues/" + issuePathId + "/");
    return all;
  }

  // ------------------------------------------------------------------ requests

  @Test
  void issueIdRequests() {
    call(args("organizationSlug", ORG, "issueId", ISSUE));
    List<String> reqs = requests();
    assertEquals(withIssue(ISSUE, fanOut(ISSUE, "latest", "6507376925", "discover")), Set.copyOf(reqs));
    assertEquals(6, reqs.size(), reqs.toString());
    // replay-count needs the numeric id, so it follows the issue response
    assertTrue(reqs.indexOf(replayCount("6507376925", "discover")) > reqs.indexOf("GET " + API + "/issues/" + ISSUE + "/"));
  }

  @Test
  void lowerCaseIssueIdIsUpperCasedAndAsciiBlanksAroundItTrimmed() {
    call(args("organizationSlug", ORG, "issueId", " cloudflare-mcp-41\n"));
    assertTrue(requests().contains("GET " + API + "/issues/" + ISSUE + "/"), requests().toString());
  }

  @Test
  void anIssueIdThatIsNotExactlyValidIsRefusedNotNormalised() {
    for (String id : IssueUrlsTest.NOT_EXACTLY_VALID) {
      SentryMcpException e = failure(args("organizationSlug", ORG, "issueId", id), session());
      assertEquals(ErrorKind.INVALID_INPUT, e.kind(), e::getMessage);
      assertTrue(e.getMessage().contains("issueId"), e.getMessage());
      assertFalse(e.getMessage().contains(id), e.getMessage());
      failure(args("issueUrl", "https://sentry.io/organizations/" + ORG + "/issues/" + id + "/"),
          session());
    }
    assertTrue(fake.journal().isEmpty(), fake.journal().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://sentry-mcp-evals.sentry.io/issues/CLOUDFLARE-MCP-41/",
      "https://sentry-mcp-evals.sentry.io/issues/CLOUDFLARE-MCP-41",
      "https://sentry.io/organizations/sentry-mcp-evals/issues/CLOUDFLARE-MCP-41/?project=4509062593708032",
      "https://sentry.example.com/sentry-mcp-evals/issues/cloudflare-mcp-41/",
  })
  void issueUrlRequests(String url) {
    String text = call(args("issueUrl", url)).text();
    List<String> reqs = requests();
    assertEquals(withIssue(ISSUE, fanOut(ISSUE, "latest", "6507376925", "discover")), Set.copyOf(reqs));
    // the organization is no field of its own any more; the issue's link is in the URL's organization
    assertFalse(text.contains("Organization:"), text);
    assertTrue(text.contains("\nURL: " + fake.baseUrl() + "/organizations/" + ORG + "/issues/" + ISSUE + "/\n"),
        text);
  }

  @Test
  void numericIssueUrlKeysTheConcurrentRequestsByTheNumericId() {
    call(args("issueUrl", "https://sentry.io/organizations/sentry-mcp-evals/issues/6507376925/"));
    List<String> reqs = requests();
    assertEquals(withIssue("6507376925", fanOut("6507376925", "latest", "6507376925", "discover")),
        Set.copyOf(reqs));
  }

  @Test
  void issueUrlWithMatchingOrganizationSlug() {
    call(args("organizationSlug", ORG, "issueUrl", "https://sentry-mcp-evals.sentry.io/issues/CLOUDFLARE-MCP-41/"));
    assertEquals(6, requests().size());
  }

  @Test
  void eventIdOnlySearchesTheIssue() {
    String text = call(args("organizationSlug", ORG, "eventId", EVENT.toUpperCase(java.util.Locale.ROOT))).text();
    List<String> reqs = requests();
    assertEquals("GET " + API + "/issues/?limit=10&statsPeriod=30d&query=" + EVENT + "&collapse=unhandled",
        reqs.get(0));
    assertEquals(fanOut(ISSUE, EVENT, "6507376925", "discover"), Set.copyOf(reqs.subList(1, reqs.size())));
    assertTrue(text.contains("Tool list_organizations is already registered"));
  }

  @Test
  void eventIdWithIssueIdFetchesThatEvent() {
    call(args("organizationSlug", ORG, "issueId", ISSUE, "eventId", EVENT));
    List<String> reqs = requests();
    assertEquals(withIssue(ISSUE, fanOut(ISSUE, EVENT, "6507376925", "discover")), Set.copyOf(reqs));
  }

  @Test
  void eventIdNotFoundIsAResultNotAnError() {
    String text = call(args("organizationSlug", ORG, "eventId", "0".repeat(32))).text();
    assertTrue(text.contains("# Issue Not Found"), text);
    assertEquals(1, requests().size(), "nothing but the search");
  }

  @Test
  void answersOfTheWrongShapeAreUpstreamErrorsNotEmptyResults() {
    String issuesList = "GET " + API + "/issues/?limit=10&statsPeriod=30d&query=" + EVENT + "&collapse=unhandled";
    fake.override("GET", "/api/0/organizations/*/issues/", "{\"issues\": []}");
    SentryMcpException e = failure(args("organizationSlug", ORG, "eventId", EVENT), session());
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals("Sentry returned a JSON object where GET /organizations/{org}/issues/ should return a list.",
        e.getMessage());

    // the issue found by event id has no id to build the event's path from
    fake.reset();
    fake.override("GET", "/api/0/organizations/*/issues/", "[{\"shortId\": 41, \"id\": \"forty-one\"}]");
    e = failure(args("organizationSlug", ORG, "eventId", EVENT), session());
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals("Sentry's answer to GET /organizations/{org}/issues/ has a JSON string where the id of the issue"
        + " should be an integer.", e.getMessage());
    assertEquals(List.of(issuesList), requests());

    fake.reset();
    fake.override("GET", "/api/0/organizations/*/issues/*/", "[" + FakeSentry.fixture("issue") + "]");
    e = failure(args("organizationSlug", ORG, "issueId", ISSUE), session());
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals("Sentry returned a JSON list where GET /organizations/{org}/issues/{issueId}/ should return an"
        + " object.", e.getMessage());

    fake.reset();
    fake.override("GET", "/api/0/organizations/*/issues/*/events/*/", "\"latest\"");
    e = failure(args("organizationSlug", ORG, "issueId", ISSUE), session());
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals("Sentry returned a JSON string where GET /organizations/{org}/issues/{issueId}/events/{eventId}/"
        + " should return an object.", e.getMessage());
  }

  @Test
  void bestEffortAnswersOfTheWrongShapeAreLeftOut() {
    fake.override("GET", "/api/0/organizations/*/issues/*/external-issues/", "{\"data\": []}");
    fake.override("GET", "/api/0/organizations/*/issues/*/autofix/", "[]");
    fake.override("GET", "/api/0/organizations/*/replay-count/", "[1, 2]");
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    assertTrue(text.contains("# Issue Details"), text);
    assertTrue(text.contains("Tool list_organizations is already registered"), text);
  }

  @Test
  void performanceIssueFetchesTheTrace() {
    String text = call(args("organizationSlug", ORG, "issueId", "PERF-N1-001")).text();
    List<String> reqs = requests();
    assertTrue(reqs.contains("GET " + API + "/issues/PERF-N1-001/"), reqs.toString());
    assertTrue(reqs.contains(replayCount("7890123456", "search_issues")), reqs.toString());
    assertTrue(reqs.contains("GET " + API + "/trace/abcdef1234567890abcdef1234567890/"
        + "?limit=10000&project=-1&statsPeriod=14d"), reqs.toString());
    assertEquals(6, reqs.size(), reqs.toString());
    assertTrue(text.contains("### Performance Evidence"), text);
    assertTrue(text.contains("\nLocation: GET /api/users\n"), text);
    assertTrue(text.contains("\nQuery Pattern: SELECT * FROM users WHERE id = %s\n"), text);
    assertTrue(text.contains("\nIssue Type: performance_n_plus_one_db_queries (performance)\n"), text);
    assertTrue(text.contains("### Trace"), text);
    assertOnlyInsideRegions(text, List.of("SELECT * FROM users WHERE id = %s", "span001", "GET /api/users",
        "PERF-N1-001"));
    // the trace id is a hex id: bare in the next step that names the call
    assertTrue(Sanitized.outside(text).contains("- The event's trace: `get_trace_details` with traceId"
        + " abcdef1234567890abcdef1234567890."), text);
    Map<String, Object> sc = call(args("organizationSlug", ORG, "issueId", "PERF-N1-001")).structuredContent();
    assertNotNull(sc);
    assertTrue(sc.toString().contains("get_trace_details"), sc.toString());
  }

  @Test
  void errorEventsDoNotFetchTheTrace() {
    call(args("organizationSlug", ORG, "issueId", ISSUE));
    assertTrue(requests().stream().noneMatch(r -> r.contains("/trace/")));
  }

  // ------------------------------------------------------------------ rendering

  @Test
  void errorIssueFacts() {
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    for (String s : List.of("# Issue Details\n", "\nOccurrences: 25\n", "\nUsers Impacted: 1\n",
        "\nFirst Seen: 2025-04-03T22:51:19.403Z\n", "\nLast Seen: 2025-04-12T11:34:11Z\n", "\n## Event Details\n",
        "\n### Exception\n", "\n### HTTP Request\n", "\n### User\n", "\n### Tags\n", "\n### Contexts\n",
        "\nStatus: unresolved (ongoing)\n", "\nIssue Type: error\n", "\n## Next Steps\n")) {
      assertTrue(text.contains(s), "missing " + s + "\n" + text);
    }
    // gone: the organization field, the separate substatus and category, the received time, the old section names
    for (String s : List.of("Organization", "Substatus", "Issue Category", "Received At", "Response Notes",
        "Additional Context", "### Exception 1")) {
      assertFalse(text.contains(s), "still there: " + s + "\n" + text);
    }
    List<String> needles = List.of("Error: Tool list_organizations is already registered",
        "Tool list_organizations is already registered", "Object.fetch(index)", "CLOUDFLARE-MCP-41",
        "OAuthProviderImpl.fetch", "index.js", "Jane Developer", "https://mcp.sentry.dev/sse", "runtime.name",
        "cloud_resource", "Europe/London", "CLOUDFLARE-MCP");
    assertOnlyInsideRegions(text, needles);
    assertHeadingsClean(text, needles);
    // ids, addresses and enum words are of a closed grammar: shown, bare or inside the region
    EventRendererTest.assertShown(text, List.of(EVENT, "unresolved", "ongoing", "javascript",
        "2a06:98c0:3600::103", "3032af8bcdfe4423b937fc5c041d5d82"));
    // request headers beyond the useful few are not shown
    Sanitized.assertNotAnywhere(text, "Cf-Ray");
    Sanitized.assertNotAnywhere(text, "text/event-stream");
    // the next steps are server text and no longer repeat the issue id
    String steps = text.substring(text.indexOf("\n## Next Steps\n"));
    assertTrue(steps.contains("- Other events of this issue: `search_issue_events` with the same issueId.\n"), steps);
    assertTrue(steps.contains("- A commit message with `Fixes` and the Issue ID resolves the issue when merged."), steps);
    assertFalse(steps.contains(ISSUE), steps);
    assertFalse(steps.contains("<d-"), steps);
    // the one region's provenance: its sources (index-free families) and trust class
    RenderedResult r = call(args("organizationSlug", ORG, "issueId", ISSUE));
    Map<String, Object> meta = ToolTestSupport.regionMetaOf(r, "Tool list_organizations is already registered");
    assertEquals(List.of("untrusted-external"), meta.get("trust"));
    List<Object> sources = ToolTestSupport.list(meta.get("sources"));
    assertTrue(sources.contains("issue.title"), sources::toString);
    assertTrue(sources.contains("event.tags[].key"), sources::toString);
    assertTrue(sources.contains("event.entries[].data.values[].stacktrace.frames[].function"), sources::toString);
    // the trace id in the next step is shown bare, and says so
    assertEquals(List.of("event.contexts.trace.trace_id"), ToolTestSupport.provenance(r).get("bare"));
  }

  @Test
  void cspIssue() {
    String text = call(args("organizationSlug", ORG, "issueId", "BLOG-CSP-4XC")).text();
    assertTrue(text.contains("### CSP Violation"));
    assertOnlyInsideRegions(text, List.of("Blocked 'image' from 'blob:'", "img-src", "blog-csp"));
  }

  @Test
  void defaultEventIssue() {
    String text = call(args("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-99")).text();
    assertTrue(text.contains("### Message"));
    assertOnlyInsideRegions(text, List.of("Something went wrong", "User Feedback: Bug report from Jane"));
  }

  @Test
  void genericEventIssue() {
    String text = call(args("organizationSlug", ORG, "issueId", "MCP-SERVER-EQE")).text();
    assertTrue(text.contains("### Occurrence Details"));
    assertOnlyInsideRegions(text, List.of("Endpoint Regression", "Increased from 909.77ms to 1711.36ms (P95)",
        "performance_p95_endpoint_regression"));
    assertTrue(text.contains("\nStatus: unresolved (regressed)\n"), text);
    assertTrue(text.contains("\nIssue Type: performance_p95_endpoint_regression (metric)\n"), text);
  }

  @Test
  void unknownEventTypeIssue() {
    String text = call(args("organizationSlug", ORG, "issueId", "FUTURE-TYPE-001")).text();
    assertTrue(text.contains("### Unsupported Event Type"));
    assertOnlyInsideRegions(text, List.of("future_ai_agent_trace", "Future Event Type Issue"));
  }

  @Test
  void seerAnalysisIsDerived() {
    String text = call(args("organizationSlug", ORG, "issueId", "PEATED-A8")).text();
    assertTrue(text.contains("## Seer Analysis"), text);
    assertOnlyInsideRegions(text, List.of("bottleById", "Use the canonical bottle ID for both batched TRPC calls."));
    assertTrue(text.contains("\nProposed solution:\n\n- Use the canonical bottle ID for both batched TRPC calls.\n"),
        text);
    // the region holding Seer's text is marked as derived in _meta
    Map<String, Object> meta = ToolTestSupport.regionMetaOf(call(args("organizationSlug", ORG, "issueId",
        "PEATED-A8")), "Use the canonical bottle ID");
    assertTrue(ToolTestSupport.list(meta.get("trust")).contains("untrusted-derived"), meta::toString);
    assertTrue(ToolTestSupport.list(meta.get("sources")).contains(
        "autofix.autofix.blocks[].artifacts[].data.steps[].title"), meta::toString);
  }

  @Test
  void externalIssueLinks() {
    fake.override("GET", "/api/0/organizations/*/issues/*/external-issues/",
        "[{\"id\":\"1\",\"serviceType\":\"jira\",\"displayName\":\"CANARY-JIRA-1\","
            + "\"webUrl\":\"https://jira.example/CANARY-JIRA-1\"}]");
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    assertTrue(text.contains("## External Issue Links"), text);
    assertOnlyInsideRegions(text, List.of("CANARY-JIRA-1", "https://jira.example/CANARY-JIRA-1", "jira"));
    assertTrue(text.contains("\n- CANARY-JIRA-1 (service: jira) URL: https://jira.example/CANARY-JIRA-1\n"), text);
  }

  @Test
  void relatedReplays() {
    fake.override("GET", "/api/0/organizations/*/replay-count/",
        "{\"6507376925\": [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"]}");
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    assertTrue(text.contains("\nRelated Replays: 2\n"), text);
    // replay ids are hex ids: shown (here inside the issue's region)
    assertTrue(text.contains("\n- Replay aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n- Replay bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"),
        text);
    EventRendererTest.assertShown(text, List.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
  }

  @Test
  void agentjackingCanaryStaysInsideRegions() {
    fake.override("GET", "/api/0/organizations/*/issues/*/events/latest/", EventRendererTest.hostileEvent());
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    assertOnlyInsideRegions(text, EventRendererTest.HOSTILE_NEEDLES);
    assertHeadingsClean(text, EventRendererTest.HOSTILE_NEEDLES);
  }

  @Test
  void bestEffortFailuresAreSwallowed() {
    for (String p : List.of("autofix", "external-issues")) {
      fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*/issues/*/" + p + "/").respond(Fault.status(403)));
    }
    fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*/replay-count/").respond(Fault.malformedBody()));
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    assertTrue(text.contains("\n### Exception\n"), text);
    assertFalse(text.contains("Seer Analysis"), text);
    assertFalse(text.contains("External Issue Links"), text);
    assertFalse(text.contains("Related Replays"), text);
  }

  @Test
  void missingLatestEventStillShowsTheIssue() {
    fake.override("GET", "/api/0/organizations/*/issues/*/events/latest/", 404, "{\"detail\":\"nope\"}");
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    assertTrue(text.contains("No event of this issue could be loaded"), text);
  }

  // ------------------------------------------------------------------ errors and security

  @Test
  void unknownIssueIsNotFoundWithTheParameters() {
    SentryMcpException e = failure(args("organizationSlug", ORG, "issueId", "NOPE-123"),
        session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("organizationSlug: '" + ORG + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("issueId: 'NOPE-123'"), e.getMessage());
    // the event, autofix and external-issue requests went out with the issue request; nothing else follows
    assertTrue(requests().stream().allMatch(r -> r.startsWith("GET " + API + "/issues/NOPE-123/")),
        requests().toString());
    RenderedResult r = mcp.sanitizer().renderError(e);
    assertTrue(r.isError());
  }

  @Test
  void unknownEventOfAnIssueIsNotFound() {
    SentryMcpException e = failure(args("organizationSlug", ORG, "issueId", ISSUE, "eventId", "0123456789abcdef".repeat(2)),
        session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("eventId: '" + "0123456789abcdef".repeat(2) + "'"), e.getMessage());
  }

  @Test
  void projectConstraintIsCheckedBeforeAnythingElse() {
    Session session = constrained(new SessionConstraints(ORG, "other-project", null));
    SentryMcpException e = failure(args("issueId", ISSUE), session);
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals(List.of("GET " + API + "/issues/" + ISSUE + "/"), requests(), "no event request");
  }

  @Test
  void projectConstraintAppliesToTheEventIdSearch() {
    Session session = constrained(new SessionConstraints(ORG, "other-project", null));
    SentryMcpException e = failure(args("eventId", EVENT), session);
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals(1, requests().size(), requests().toString());
  }

  @Test
  void matchingProjectConstraintWorks() {
    Session session = constrained(new SessionConstraints(ORG, "CLOUDFLARE-MCP", null));
    call(args("issueId", ISSUE), session);
    assertEquals(6, requests().size());
  }

  @Test
  void urlOutsideTheOrganizationConstraint() {
    Session session = constrained(new SessionConstraints(ORG, null, null));
    SentryMcpException e = failure(args("issueUrl", "https://victim-org.sentry.io/issues/VICTIM-1/"), session);
    assertEquals("URL is outside the active organization constraint.", e.getMessage());
    assertTrue(requests().isEmpty());
    // a caller-supplied organizationSlug is replaced by the constraint
    e = failure(args("organizationSlug", "victim-org", "issueUrl", "https://victim-org.sentry.io/issues/V-1/"),
        session);
    assertEquals("URL is outside the active organization constraint.", e.getMessage());
    assertTrue(requests().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../victim-org/victim-proj", "..%2F..%2Fvictim-org", "X-1/../../../victim-org/p",
      "..\\..\\victim-org\\p"})
  void pathTraversalInIssueIdStaysInTheOrganization(String payload) {
    for (Session session : List.of(session(), constrained(new SessionConstraints(ORG, null, null)))) {
      fake.clearJournal();
      try {
        mcp.call("get_issue_details", args("organizationSlug", ORG, "issueId", payload), session);
      } catch (SentryMcpException e) {
        // refused or not found: both fine
      }
      for (RecordedRequest r : fake.journal()) {
        assertTrue(r.rawPath().startsWith(API + "/"), r.toString());
        assertFalse(r.path().contains("victim-org/"), r.toString());
        assertFalse(r.rawPath().contains(".."), r.toString());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../victim-org/victim-proj", "..", "../../../victim-org/victim-proj/attachments/1",
      "7ca573c0f4814912aaa9bdc77d1a7d5/"})
  void pathTraversalInEventIdIsRefused(String payload) {
    SentryMcpException e = failure(args("organizationSlug", ORG, "issueId", ISSUE, "eventId", payload), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(requests().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "%2e%2e"})
  void bareDotSegmentsSendNothing(String payload) {
    failure(args("organizationSlug", ORG, "issueId", payload), session());
    failure(args("issueUrl", "https://sentry.io/organizations/" + ORG + "/issues/" + payload + "/"), session());
    failure(args("issueUrl", "https://sentry.io/organizations/" + payload + "/issues/1/"), session());
    assertTrue(requests().isEmpty());
  }

  @Test
  void inputErrors() {
    Session none = session();
    assertEquals(ErrorKind.INVALID_INPUT, failure(args(), none).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(args("issueId", ISSUE), none).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(args("eventId", EVENT), none).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(args("issueUrl", "ftp://x/issues/1/"), none).kind());
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(args("issueUrl", "https://sentry.io/issues/1/" + "a".repeat(3000)), none).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(args("organizationSlug", "bad slug", "issueId", ISSUE), none).kind());
    assertTrue(requests().isEmpty());
  }

  @Test
  void codeLocationOfTheCrashingFrameIsShownAsData() {
    fake.override("GET", "/api/0/projects/*/*/stacktrace-link/", 200,
        "{\"config\":{\"provider\":{\"key\":\"github\"}},\"sourceUrl\":"
            + "\"https://github.com/acme/app/blob/main/src/index.ts#L42\",\"error\":null}");
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    assertTrue(text.contains("\nCode Location: https://github.com/acme/app/blob/main/src/index.ts#L42\n"), text);
    assertOnlyInsideRegions(text, List.of("https://github.com/acme/app/blob/main/src/index.ts#L42"));
    ToolTestSupport.assertData(text, "https://github.com/acme/app/blob/main/src/index.ts#L42");
    assertTrue(requests().contains(STACKTRACE_LINK), requests().toString());
  }

  @Test
  void missingCodeMappingShowsNoCodeLocation() {
    String text = call(args("organizationSlug", ORG, "issueId", ISSUE)).text();
    assertFalse(text.contains("Code Location"), text);
  }

  // ------------------------------------------------------------------ speed

  @Test
  void fanOutIsConcurrent() {
    try (FakeSentry slow = FakeSentry.builder().latency(Duration.ofMillis(100)).threads(16).build()) {
      SentryMcp engine = engine(slow);
      Map<String, @Nullable Object> a = args("organizationSlug", ORG, "issueId", ISSUE);
      engine.call("get_issue_details", a, session()); // warm up
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        engine.call("get_issue_details", a, session());
        best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
      }
      int perCall = slow.journal().size() / 4;
      assertEquals(6, perCall, slow.journal().stream().map(Object::toString).collect(Collectors.joining("\n")));
      // sequential would be 6 x 100 ms; issue with event, autofix and external issues, then replay-count and the
      // code location: about 2 x 100 ms
      assertTrue(best < 350, "took " + best + " ms");
    }
  }
}
