package io.github.sentrymcp.core.internal.tools.issues;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.ProgressListener;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyzeIssueWithSeerToolTest {
  static final String TOOL = "analyze_issue_with_seer";
  static final String ORG = "sentry-mcp-evals";
  static final String API = "/api/0/organizations/" + ORG;
  static final String DONE = "PEATED-A8"; // the fake has a completed run for it
  static final String FRESH = "CLOUDFLARE-MCP-41"; // no run yet
  static final String AUTOFIX = API + "/issues/*/autofix/";

  static FakeSentry fake;
  SentryMcp mcp;
  final Session session = ToolTestSupport.session(b -> b.addScopes("event:write"));

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
    mcp = engine(Duration.ofSeconds(2));
  }

  @AfterEach
  void tearDown() {
    mcp.close();
  }

  static SentryMcp engine(Duration seerMaxWait) {
    return ToolTestSupport.engine(fake, b -> b.seerMaxWait(seerMaxWait));
  }

  static Map<String, @Nullable Object> issue(String id) {
    return args("organizationSlug", ORG, "issueId", id);
  }

  RenderedResult call(Map<String, ?> args) {
    RenderedResult r = mcp.sanitizer().render(mcp.call(TOOL, args, session));
    assertFalse(r.isError(), r.text());
    Sanitized.assertWellFormed(r.text());
    return r;
  }

  SentryMcpException failure(Map<String, ?> args, Session s) {
    return assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, args, s));
  }

  static List<String> requests() {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : fake.journal()) {
      out.add(r.method() + " " + r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()));
    }
    return out;
  }

  static long autofixRequests() {
    return fake.requests("GET", AUTOFIX).size();
  }

  static void sequence(String... fixtures) {
    for (String f : fixtures) {
      fake.stubFault(FaultRule.on("GET", AUTOFIX).times(1).respond(answer(f)));
    }
  }

  static Fault answer(String fixtureOrJson) {
    String json = fixtureOrJson.startsWith("{") ? fixtureOrJson : FakeSentry.fixture(fixtureOrJson);
    return Fault.body(200, "application/json", json);
  }

  static final String NO_RUN = "{\"autofix\":null}";

  // ------------------------------------------------------------------ descriptor and limits

  @Test
  void descriptorIsAWriteToolOfTheSeerSkillNeedingEventWrite() {
    ToolDescriptor d = ToolTestSupport.descriptor(mcp, TOOL);
    assertEquals(new ToolAnnotations(false, false, null, true), d.annotations());
    assertEquals(Set.of(Scope.EVENT_WRITE), d.requiredScopes());
    assertEquals(Set.of(Skill.SEER), d.skills());
    assertEquals(List.of("organizationSlug", "regionUrl", "issueId", "issueUrl", "instruction"),
        new ArrayList<>(ToolTestSupport.map(d.inputSchema().get("properties")).keySet()));
    assertNull(d.outputSchema());
    assertTrue(d.description().length() < 2048 && d.description().contains("Use this tool when you need to:")
        && d.description().contains("<examples>"), d.description());
    // the default grant (read scopes) does not list it; the seer skill alone does not either
    assertFalse(ToolTestSupport.available(mcp, ToolTestSupport.session()).contains(TOOL));
    assertTrue(ToolTestSupport.available(mcp, session).contains(TOOL));
    assertFalse(ToolTestSupport.available(mcp, ToolTestSupport.session(b -> b.addScopes("event:write")
        .skills("inspect,triage"))).contains(TOOL));
  }

  @Test
  void theToolsTimeLimitCoversTheSeerWait() {
    SentryTool tool = mcp.allTools().stream().filter(t -> t.descriptor().name().equals(TOOL)).findFirst()
        .orElseThrow();
    try (SentryMcp defaults = ToolTestSupport.engine(fake)) {
      SentryTool t = defaults.allTools().stream().filter(x -> x.descriptor().name().equals(TOOL)).findFirst()
          .orElseThrow();
      // default: five minutes of waiting plus the margin, beyond the default 30 s call limit
      assertEquals(Duration.ofSeconds(315), t.timeout(Duration.ofSeconds(30)));
      assertEquals(Duration.ofMinutes(10), t.timeout(Duration.ofMinutes(10)));
      SentryTool other = defaults.allTools().stream().filter(x -> x.descriptor().name().equals("whoami"))
          .findFirst().orElseThrow();
      assertEquals(Duration.ofSeconds(30), other.timeout(Duration.ofSeconds(30)));
    }
    assertEquals(Duration.ofSeconds(30), tool.timeout(Duration.ofSeconds(30)));
  }

  @Test
  void aLongWaitIsNotCutByTheConfiguredCallTimeout() {
    // call limit 1 s, Seer wait 2 s: the call waits for Seer instead of timing out
    try (SentryMcp shortCalls = ToolTestSupport.engine(fake,
        b -> b.callTimeout(Duration.ofSeconds(1)).seerMaxWait(Duration.ofMillis(1500)))) {
      fake.override("GET", AUTOFIX, FakeSentry.fixture("autofix-state-explorer"));
      RenderedResult r = shortCalls.callAndRenderAsync(TOOL, issue(DONE), CallContext.of(session)).join();
      assertFalse(r.isError(), r.text());
      assertTrue(r.text().contains("Seer is still running"), r.text());
    }
  }

  @Test
  void badInputIsRefusedWithoutARequest() {
    SentryMcpException e = failure(args("organizationSlug", ORG), session);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    e = failure(args("organizationSlug", ORG, "issueId", "../../x"), session);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    e = failure(args("organizationSlug", ORG, "issueId", DONE, "instruction", "x".repeat(2001)), session);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertEquals(List.of(), requests());
  }

  // ------------------------------------------------------------------ runs

  @Test
  void aFinishedRunIsReturnedAtOnceWithItsAnalysisAsDerivedData() {
    RenderedResult r = call(issue(DONE));
    assertEquals(List.of("GET " + API + "/issues/" + DONE + "/", "GET " + API + "/issues/" + DONE + "/autofix/"),
        requests());
    String text = r.text();
    assertTrue(text.startsWith("# Seer Analysis for Issue " + DONE + "\n"), text);
    assertTrue(text.contains("\nStatus: Completed\n"), text);
    assertTrue(text.contains("\nRun ID: 21831\n"), text);
    assertTrue(text.contains("\nRun: existing analysis\n"), text);
    for (String section : List.of("## Root Cause", "## Solution", "## Next Steps")) {
      assertTrue(text.contains(section), text);
    }
    assertFalse(text.contains("Seer is still running"), text);
    for (String derived : List.of(
        "The `bottleById` query fails because the input ID (3216) doesn't exist in the database.",
        "The batched TRPC request reuses the bottlePriceList ID (16720) for bottleById.",
        "Use the canonical bottle ID for both batched TRPC calls.",
        "Share canonical ID", "Pass the same bottle ID to bottleById and bottlePriceList.")) {
      Sanitized.assertInData(text, derived);
      Sanitized.assertNotOutsideData(text, derived);
      assertEquals("untrusted-derived", trust(r, derived), derived);
    }
  }

  /** "untrusted-derived" when the region holding the value is labelled so (a compact region may hold more). */
  static @Nullable Object trust(RenderedResult r, String value) {
    Object t = ToolTestSupport.regionMetaOf(r, value).get("trust");
    return t instanceof List<?> l && l.contains("untrusted-derived") ? "untrusted-derived" : t;
  }

  @Test
  void withoutARunOneIsStartedAndPolledToCompletionWithProgress() {
    sequence(NO_RUN, NO_RUN, "autofix-state-explorer", "autofix-state-explorer", "autofix-state");
    List<String> progress = new CopyOnWriteArrayList<>();
    List<Double> values = new CopyOnWriteArrayList<>();
    ProgressListener listener = (p, total, message) -> {
      values.add(p);
      progress.add(message + (total == null ? "" : " of " + total));
    };
    RenderedResult r = mcp.sanitizer().render(mcp.call(TOOL,
        args("issueUrl", "https://" + ORG + ".sentry.io/issues/" + FRESH + "/", "instruction", "Focus on the DB"),
        CallContext.of(session).withProgress(listener)));
    assertFalse(r.isError(), r.text());
    String autofix = API + "/issues/" + FRESH + "/autofix/";
    assertEquals(List.of("GET " + API + "/issues/" + FRESH + "/", "GET " + autofix, "POST " + autofix,
        "GET " + autofix, "GET " + autofix, "GET " + autofix, "GET " + autofix), requests());
    RecordedRequest post = fake.requests("POST", AUTOFIX).get(0);
    assertEquals("{\"instruction\":\"Focus on the DB\"}", post.body());
    assertTrue(r.text().contains("\nStatus: Completed\n"), r.text());
    assertTrue(r.text().contains("\nRun: started by this call\n"), r.text());
    assertEquals(List.of("Looking up the issue", "Checking for an existing Seer analysis",
        "Starting a new Seer analysis", "Seer status: Processing", "Seer status: Processing",
        "Seer status: Completed", "Seer analysis finished"), progress);
    for (int i = 1; i < values.size(); i++) {
      assertTrue(values.get(i) > values.get(i - 1), values.toString());
    }
  }

  @Test
  void theStartRequestSendsAnEmptyInstructionByDefault() {
    sequence(NO_RUN, "autofix-state");
    call(issue(FRESH));
    assertEquals("{\"instruction\":\"\"}", fake.requests("POST", AUTOFIX).get(0).body());
  }

  @Test
  void whenTheWaitEndsTheCallAnswersWithWhatIsKnownAndAsksToBeCalledAgain() {
    try (SentryMcp quick = engine(Duration.ofMillis(400))) {
      fake.override("GET", AUTOFIX, FakeSentry.fixture("autofix-state-explorer"));
      long start = System.nanoTime();
      RenderedResult r = quick.sanitizer().render(quick.call(TOOL, issue(DONE), session));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertFalse(r.isError(), r.text());
      assertTrue(ms < 3000, ms + " ms");
      String text = r.text();
      assertTrue(text.contains("Seer is still running; call analyze_issue_with_seer again with the same issue to"
          + " pick it up"), text);
      assertTrue(text.contains("\nStatus: Processing\n"), text);
      assertTrue(text.contains("\nCurrent step: "), text);
      Sanitized.assertInData(text, "Draft fix plan");
      assertEquals("untrusted-derived", trust(r, "Draft fix plan"));
      assertFalse(fake.requests("POST", AUTOFIX).size() > 0, "an existing run is picked up, not restarted");
      assertTrue(autofixRequests() >= 2, requests().toString());
    }
  }

  @Test
  void cancellingStopsPollingAtOnceAndNothingMoreIsSent() throws Exception {
    try (SentryMcp slow = engine(Duration.ofSeconds(30))) {
      fake.override("GET", AUTOFIX, FakeSentry.fixture("autofix-state-explorer"));
      CancellationSignal signal = CancellationSignal.create();
      CompletableFuture<RenderedResult> f = CompletableFuture.supplyAsync(() -> slow.sanitizer().render(
          slow.call(TOOL, issue(DONE), CallContext.of(session, signal))));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (autofixRequests() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(autofixRequests() >= 2, requests().toString());
      long cancelledAt = System.nanoTime();
      signal.cancel();
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(2, TimeUnit.SECONDS));
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt) < 1000);
      assertEquals(ErrorKind.CANCELLED, ((SentryMcpException) e.getCause()).kind());
      int seen = fake.journal().size();
      Thread.sleep(1500); // longer than the next poll would have been
      assertEquals(seen, fake.journal().size(), requests().toString());
    }
  }

  @Test
  void serverErrorsWhilePollingAreRetriedAndThreeInARowEndWithAPartialAnswer() {
    // a 500 (not retried by the client) twice, then the finished run: the call gets it
    fake.stubFault(FaultRule.on("GET", AUTOFIX).times(2).respond(Fault.status(500)));
    RenderedResult r = call(issue(DONE));
    assertTrue(r.text().contains("\nStatus: Completed\n"), r.text());
    assertEquals(3, autofixRequests());

    // a running run, then 500 for good: three failed polls in a row, then a normal answer
    fake.reset();
    sequence("autofix-state-explorer");
    fake.stubFault(FaultRule.on("GET", AUTOFIX).respond(Fault.status(500)));
    r = call(issue(DONE));
    assertEquals(4, autofixRequests(), requests().toString());
    assertTrue(r.text().contains("The Seer status could not be read after 3 attempts in a row; call"
        + " analyze_issue_with_seer again with the same issue to pick it up. Last failure: upstream_error."),
        r.text());
    assertTrue(r.text().contains("\nStatus: Processing\n"), r.text());
  }

  @Test
  void theFirstReadFailingThreeTimesIsAnErrorAndStartsNothing() {
    fake.stubFault(FaultRule.on("GET", AUTOFIX).respond(Fault.status(500)));
    SentryMcpException e = failure(issue(FRESH), session);
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals(3, autofixRequests());
    assertEquals(0, fake.requests("POST", AUTOFIX).size());
  }

  @Test
  void seerUnavailableSaysSoAndHowToHideTheTool() {
    for (int status : new int[] {404, 403}) {
      fake.reset();
      fake.stubFault(FaultRule.on("GET", AUTOFIX).respond(Fault.status(status, "{\"detail\":\"Not here\"}")));
      SentryMcpException e = failure(issue(FRESH), session);
      assertEquals(status == 404 ? ErrorKind.NOT_FOUND : ErrorKind.PERMISSION_DENIED, e.kind());
      assertTrue(e.getMessage().startsWith("Seer is not available on this Sentry (self-hosted Sentry has no Seer):"
          + " Sentry answered HTTP " + status), e.getMessage());
      assertTrue(e.getMessage().contains("Leave the `seer` skill out of the session's skills to hide this tool."),
          e.getMessage());
      assertFalse(e.getMessage().contains("Not here"));
      assertEquals(0, fake.requests("POST", AUTOFIX).size());
    }
    // the start request answered 404: the same
    fake.reset();
    sequence(NO_RUN);
    fake.stubFault(FaultRule.on("POST", AUTOFIX).respond(Fault.status(404)));
    assertTrue(failure(issue(FRESH), session).getMessage().startsWith("Seer is not available"));
  }

  @Test
  void anIssueOfAnotherProjectIsRefusedUnderAProjectConstraint() {
    Session constrained = ToolTestSupport.session(b -> b.addScopes("event:write")
        .constraints(new SessionConstraints(ORG, "other-project", null)));
    SentryMcpException e = failure(args("issueId", DONE), constrained);
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals(List.of("GET " + API + "/issues/" + DONE + "/"), requests());
  }

  @Test
  void metricIssuesGetAnExplanationInsteadOfARun() {
    String metric = FakeSentry.fixture("issue").replaceFirst("\"issueCategory\":\\s*\"error\"",
        "\"issueCategory\": \"metric\"");
    assertTrue(metric.contains("\"issueCategory\": \"metric\""));
    fake.override("GET", API + "/issues/*/", metric);
    RenderedResult r = call(issue(DONE));
    assertTrue(r.text().startsWith("# Seer Analysis Not Available for Issue " + DONE), r.text());
    assertTrue(r.text().contains("Seer does not analyze metric alert issues."), r.text());
    assertEquals(0, autofixRequests());
  }
}
