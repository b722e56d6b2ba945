package io.github.sentrymcp.core.internal.agent;

import static io.github.sentrymcp.core.internal.agent.ScriptedModel.call;
import static io.github.sentrymcp.core.internal.agent.ScriptedModel.calls;
import static io.github.sentrymcp.core.internal.agent.ScriptedModel.text;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.core.model.QueryTranslation;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Natural-language search through the engine against the fake Sentry, with a scripted model (a host's own {@link
 * LanguageModel}): translation, the caller's fixed values, validation before the search, bounds, provider failures,
 * and what happens without a model.
 */
class NaturalLanguageSearchTest {
  static final String ORG = ToolTestSupport.ORG;
  static final String ISSUES = "/api/0/organizations/" + ORG + "/issues/";
  static final String TAGS = "/api/0/organizations/" + ORG + "/tags/";
  static final String VALIDATE = "/api/0/organizations/" + ORG + "/events/validate/";
  static final String EVENTS = "/api/0/organizations/" + ORG + "/events/";
  static final String REQUEST = "show me unresolved errors from the last 24 hours";

  static FakeSentry fake;
  final Session session = ToolTestSupport.session();

  @BeforeAll
  static void start() {
    fake = FakeSentry.start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  static SentryMcp engine(LanguageModel model, UnaryOperator<QueryTranslation.Builder> bounds) {
    SentryMcpConfig config = SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .mcpUrl(fake.baseUrl()).docsUrl(fake.baseUrl()).build();
    return SentryMcp.builder(config).queryTranslation(bounds.apply(QueryTranslation.builder(model)).build()).build();
  }

  static SentryMcp engine(LanguageModel model) {
    return engine(model, b -> b);
  }

  static RenderedResult ok(SentryMcp mcp, String tool, Map<String, ?> arguments, Session session) {
    RenderedResult r = mcp.callAndRender(tool, arguments, session);
    assertFalse(r.isError(), r.text());
    return r;
  }

  static SentryMcpException failure(SentryMcp mcp, String tool, Map<String, ?> arguments, Session session) {
    return ToolTestSupport.failure(mcp, tool, arguments, session);
  }

  // ------------------------------------------------------------------------------------------------ no model

  @Test
  void withoutAModelANaturalLanguageQueryIsAnsweredWithTheSyntaxAndNothingIsSent() {
    try (SentryMcp mcp = ToolTestSupport.engine(fake)) {
      for (String tool : List.of("search_issues", "search_events", "search_logs")) {
        SentryMcpException e = failure(mcp, tool, args("organizationSlug", ORG, "query", REQUEST), session);
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("The query reads as natural language, and this server has no model to"
            + " translate it"), e.getMessage());
        assertTrue(e.getMessage().contains("e.g. query='"), e.getMessage());
        assertTrue(e.getMessage().contains("put them in double quotes"), e.getMessage());
      }
      SentryMcpException e = failure(mcp, "search_issue_events",
          args("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41", "query", REQUEST), session);
      assertTrue(e.getMessage().contains("e.g. query='environment:production release:1.0.0'"), e.getMessage());
      assertEquals(List.of(), fake.journal(), "no request for a query that cannot run");
      // Sentry syntax and quoted text run as before
      ToolTestSupport.call(mcp, "search_issues", args("organizationSlug", ORG, "query", "\"" + REQUEST + "\""),
          session);
      assertEquals(1, fake.requests("GET", ISSUES).size());
    }
  }

  // ------------------------------------------------------------------------------------------------ search_issues

  @Test
  void searchIssuesTranslatesWithALookupAndShowsTheQuery() {
    ScriptedModel model = ScriptedModel.answering(
        calls(call("c1", "issueFields", "{}")),
        text("Here it is:\n```json\n{\"query\": \"is:unresolved level:error firstSeen:-24h\", \"sort\": \"freq\","
            + " \"explanation\": \"Unresolved errors first seen in the last day.\"}\n```"));
    try (SentryMcp mcp = engine(model)) {
      RenderedResult r = mcp.callAndRender("search_issues",
          args("organizationSlug", ORG, "query", REQUEST, "includeExplanation", true), session);
      assertFalse(r.isError(), r.text());
      List<RecordedRequest> tags = fake.requests("GET", TAGS);
      assertEquals(1, tags.size());
      assertEquals("dataset=search_issues&statsPeriod=14d", tags.get(0).rawQuery());
      RecordedRequest search = fake.requests("GET", ISSUES).get(0);
      assertEquals("is:unresolved level:error firstSeen:-24h", search.queryParam("query"));
      assertEquals("freq", search.queryParam("sort"));

      String text = r.text();
      Sanitized.assertWellFormed(text);
      Sanitized.assertInData(text, REQUEST);
      Sanitized.assertInData(text, "is:unresolved level:error firstSeen:-24h");
      Sanitized.assertNotOutsideData(text, "firstSeen:-24h");
      Sanitized.assertInData(text, "Unresolved errors first seen in the last day.");
      assertTrue(text.contains("(translated by scripted test-model)"), text);
      assertTrue(text.contains("Search: sort freq, last 30d"), text);
      Map<String, Object> translation = map(structured(r).get("translation"));
      assertEquals(REQUEST, translation.get("request"));
      assertEquals("is:unresolved level:error firstSeen:-24h", translation.get("query"));
      assertEquals("scripted test-model", translation.get("model"));
      Map<String, Object> meta = ToolTestSupport.regionMetaOf(r, "is:unresolved level:error firstSeen:-24h");
      assertTrue(meta.toString().contains("untrusted-derived"), meta.toString());

      // the model saw the request and the tag keys inside fenced regions, never outside them
      Sanitized.assertInData(model.requests.get(0).messages().get(0) instanceof ModelMessage.User u ? u.text() : "",
          REQUEST);
      assertEquals(2, model.requests.size());
      String lookup = model.lastToolResults().get(0).content();
      Sanitized.assertInData(lookup, "transaction");
      Sanitized.assertNotOutsideData(lookup, "runtime.name");
      assertEquals(List.of("issueFields", "whoami"),
          model.requests.get(0).tools().stream().map(t -> t.name()).toList());
    }
  }

  @Test
  void theCallersSortWinsAndSyntaxNeverReachesTheModel() {
    ScriptedModel model = ScriptedModel.answering(
        text("{\"query\": \"is:unresolved\", \"sort\": \"new\", \"explanation\": \"x\"}"));
    try (SentryMcp mcp = engine(model)) {
      ToolTestSupport.call(mcp, "search_issues", args("organizationSlug", ORG, "query", REQUEST, "sort", "user"),
          session);
      assertEquals("user", fake.requests("GET", ISSUES).get(0).queryParam("sort"));
      assertTrue(model.requests.get(0).system().contains("The caller fixed the sort to user"));
      fake.clearJournal();
      ToolTestSupport.call(mcp, "search_issues", args("organizationSlug", ORG, "query", "is:unresolved level:error"),
          session);
      assertEquals(1, model.requests.size(), "a query in Sentry syntax is not translated");
      assertEquals("is:unresolved level:error", fake.requests("GET", ISSUES).get(0).queryParam("query"));
    }
  }

  @Test
  void aWrongAnswerIsCorrectedAndAQueryThatStaysWrongIsRefusedWithTheFallback() {
    ScriptedModel model = ScriptedModel.answering(
        text("I think you want unresolved errors."),
        text("{\"query\": \"is:unresolved (level:error\", \"sort\": null}"),
        text("{\"query\": \"is:unresolved level:error\", \"sort\": \"sideways\"}"),
        text("{\"query\": \"is:unresolved level:error\", \"sort\": null, \"explanation\": \"ok\"}"));
    try (SentryMcp mcp = engine(model)) {
      ToolTestSupport.call(mcp, "search_issues", args("organizationSlug", ORG, "query", REQUEST), session);
      assertEquals(4, model.requests.size());
      List<ModelMessage> last = model.requests.get(3).messages();
      String feedback = ((ModelMessage.User) last.get(last.size() - 1)).text();
      assertTrue(feedback.startsWith("That answer was not accepted: \"sort\" must be one of date, freq, new, user,"
          + " recommended, or null."), feedback);
      assertTrue(model.requests.get(2).messages().stream().anyMatch(m -> m instanceof ModelMessage.User u
          && u.text().contains("the query has an unclosed parenthesis")));
      assertEquals("is:unresolved level:error", fake.requests("GET", ISSUES).get(0).queryParam("query"));
    }
    fake.clearJournal();
    ScriptedModel stubborn = ScriptedModel.answering(text("{\"query\": \"level:error)\"}"));
    try (SentryMcp mcp = engine(stubborn, b -> b.maxSteps(3))) {
      SentryMcpException e = failure(mcp, "search_issues", args("organizationSlug", ORG, "query", REQUEST),
          session);
      assertEquals(3, stubborn.requests.size());
      assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
      assertEquals("The natural-language query could not be translated by scripted test-model: the query closes a"
          + " parenthesis it did not open (after 3 steps). Nothing was searched. Write the query in Sentry search"
          + " syntax instead, e.g. query='is:unresolved level:error firstSeen:-24h'.", e.getMessage());
      assertTrue(fake.requests("GET", ISSUES).isEmpty());
    }
  }

  @Test
  void aModelThatDeclinesGivesAnInputErrorWithItsReasonAsData() {
    ScriptedModel model = ScriptedModel.answering(text("{\"error\": \"This is not about Sentry issues.\"}"));
    try (SentryMcp mcp = engine(model)) {
      RenderedResult r = mcp.callAndRender("search_issues",
          args("organizationSlug", ORG, "query", "what is the weather like today?"), session);
      assertTrue(r.isError());
      assertTrue(r.text().contains("could not write this request as a search"), r.text());
      Sanitized.assertInData(r.text(), "This is not about Sentry issues.");
      assertTrue(fake.requests("GET", ISSUES).isEmpty());
    }
  }

  // ------------------------------------------------------------------------------------------------ bounds

  @Test
  void aModelThatNeverStopsCallingToolsIsCutOffAtMaxSteps() {
    ScriptedModel model = new ScriptedModel((n, r) -> calls(call("c" + n, "issueFields", "{}")));
    try (SentryMcp mcp = engine(model, b -> b.maxSteps(4))) {
      SentryMcpException e = failure(mcp, "search_issues", args("organizationSlug", ORG, "query", REQUEST), session);
      assertEquals(4, model.requests.size());
      assertEquals(3, fake.requests("GET", TAGS).size(), "the last step's lookups are not run: nothing reads them");
      assertTrue(e.getMessage().contains("the model was still looking things up after 4 steps"), e.getMessage());
      assertTrue(e.getMessage().endsWith("Write the query in Sentry search syntax instead, e.g."
          + " query='is:unresolved level:error firstSeen:-24h'."), e.getMessage());
      assertTrue(fake.requests("GET", ISSUES).isEmpty());
    }
  }

  @Test
  void manyCallsInOneTurnRunAtMostFourLookups() {
    ScriptedModel model = ScriptedModel.answering(
        calls(call("a", "issueFields", "{}"), call("b", "issueFields", "{}"), call("c", "issueFields", "{}"),
            call("d", "issueFields", "{}"), call("e", "issueFields", "{}"), call("f", "whoami", "{}")),
        text("{\"query\": \"is:unresolved\"}"));
    try (SentryMcp mcp = engine(model)) {
      ToolTestSupport.call(mcp, "search_issues", args("organizationSlug", ORG, "query", REQUEST), session);
      assertEquals(4, fake.requests("GET", TAGS).size());
      List<ModelMessage.ToolResult> results = model.lastToolResults();
      assertEquals(6, results.size(), "every call is answered");
      assertTrue(results.get(4).error() && results.get(4).content().contains("at most 4 lookups per turn"));
    }
  }

  @Test
  void theTokenBudgetsStopARunThatCostsTooMuch() {
    ScriptedModel costly = new ScriptedModel((n, r) -> new ModelResponse(null,
        List.of(call("c" + n, "whoami", "{}")), new ModelResponse.Usage(30_000, 10), ModelResponse.Stop.TOOL_CALLS));
    try (SentryMcp mcp = engine(costly, b -> b.maxInputTokens(50_000))) {
      SentryMcpException e = failure(mcp, "search_issues", args("organizationSlug", ORG, "query", REQUEST), session);
      assertEquals(2, costly.requests.size());
      assertTrue(e.getMessage().contains("reached its input budget of 50000 tokens"), e.getMessage());
    }
    ScriptedModel verbose = new ScriptedModel((n, r) -> new ModelResponse("thinking...", List.of(),
        new ModelResponse.Usage(10, r.maxOutputTokens()), ModelResponse.Stop.MAX_TOKENS));
    try (SentryMcp mcp = engine(verbose, b -> b.maxOutputTokens(1_000).maxResponseTokens(400))) {
      SentryMcpException e = failure(mcp, "search_issues", args("organizationSlug", ORG, "query", REQUEST), session);
      assertEquals(List.of(400, 400, 200), verbose.requests.stream().map(r -> r.maxOutputTokens()).toList());
      assertTrue(e.getMessage().contains("reached its output budget of 1000 tokens"), e.getMessage());
    }
  }

  @Test
  void aSlowModelRunsIntoTheTimeLimit() {
    ScriptedModel slow = new ScriptedModel((n, r) -> {
      try {
        Thread.sleep(Math.min(r.timeout().toMillis(), 700));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return calls(call("c" + n, "whoami", "{}"));
    });
    try (SentryMcp mcp = engine(slow, b -> b.timeLimit(Duration.ofSeconds(1)))) {
      long start = System.nanoTime();
      SentryMcpException e = failure(mcp, "search_issues", args("organizationSlug", ORG, "query", REQUEST), session);
      assertEquals(ErrorKind.TIMEOUT, e.kind());
      assertTrue(e.getMessage().contains("ran out of its time limit of 1 s"), e.getMessage());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
      assertTrue(slow.requests.get(0).timeout().compareTo(Duration.ofSeconds(1)) <= 0);
    }
  }

  @Test
  void providerFailuresBecomeClearErrorsWithTheFallback() {
    for (ModelException.Failure f : List.of(ModelException.Failure.AUTHENTICATION, ModelException.Failure.FORBIDDEN,
        ModelException.Failure.QUOTA_EXCEEDED, ModelException.Failure.RATE_LIMITED,
        ModelException.Failure.UNAVAILABLE, ModelException.Failure.TIMEOUT)) {
      ScriptedModel failing = new ScriptedModel((n, r) -> {
        throw new ModelException(f, 0, "the provider said no (" + f + ").", null, null);
      });
      try (SentryMcp mcp = engine(failing)) {
        SentryMcpException e = failure(mcp, "search_events", args("organizationSlug", ORG, "query", REQUEST),
            session);
        assertEquals(f.kind(), e.kind(), f.toString());
        assertEquals("The natural-language query could not be translated by scripted test-model: the provider said"
            + " no (" + f + "). Nothing was searched. Write the query in Sentry search syntax instead, e.g."
            + " query='level:error environment:production'.", e.getMessage());
        assertTrue(fake.requests("GET", EVENTS).isEmpty());
      }
    }
  }

  @Test
  void cancellingTheCallAbortsTheModelRequestAndSearchesNothing() throws Exception {
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch aborted = new java.util.concurrent.CountDownLatch(1);
    ScriptedModel blocking = new ScriptedModel((n, r) -> {
      // like an adapter: the request's cancellation aborts it
      r.cancellation().onCancel(aborted::countDown);
      asked.countDown();
      try {
        if (aborted.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
          throw new ModelException(ModelException.Failure.CANCELLED, "The request was cancelled.");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return text("{\"query\": \"is:unresolved\"}");
    });
    try (SentryMcp mcp = engine(blocking)) {
      io.github.sentrymcp.api.CancellationSignal signal = io.github.sentrymcp.api.CancellationSignal.create();
      long start = System.nanoTime();
      java.util.concurrent.CompletableFuture<RenderedResult> f = mcp.callAndRenderAsync("search_issues",
          args("organizationSlug", ORG, "query", REQUEST), io.github.sentrymcp.api.CallContext.of(session, signal));
      assertTrue(asked.await(5, java.util.concurrent.TimeUnit.SECONDS), "the model was asked");
      signal.cancel();
      RenderedResult r = f.get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(r.isError());
      assertEquals(ErrorKind.CANCELLED.id(), map(map(r.structuredContent()).get("error")).get("kind"));
      assertTrue(aborted.await(2, java.util.concurrent.TimeUnit.SECONDS), "the model request saw the cancellation");
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
      Thread.sleep(200);
      assertTrue(fake.requests("GET", ISSUES).isEmpty(), "nothing was searched");
    }
  }

  // ------------------------------------------------------------------------------------------------ search_events

  @Test
  void searchEventsLetsTheModelChooseTheDatasetAndValidatesBeforeTheSearch() {
    fake.override("GET", VALIDATE, "{\"valid\": false, \"query\": {\"valid\": false, \"error\":"
        + " \"Invalid key for this search: span.durationz\"}}");
    ScriptedModel model = new ScriptedModel((n, r) -> switch (n) {
      case 1 -> calls(call("a", "datasetAttributes", "{\"dataset\": \"spans\"}"));
      case 2 -> text("{\"dataset\": \"spans\", \"query\": \"span.op:db span.durationz:>1s\", \"fields\":"
          + " [\"span.op\", \"span.description\", \"span.duration\"], \"sort\": \"-span.duration\", \"timeRange\":"
          + " {\"statsPeriod\": \"24h\"}, \"explanation\": \"slow db spans\"}");
      default -> {
        fake.clearOverrides();
        yield text("{\"dataset\": \"spans\", \"query\": \"span.op:db span.duration:>1s\", \"fields\":"
            + " [\"span.op\", \"span.description\", \"span.duration\"], \"sort\": \"-span.duration\", \"timeRange\":"
            + " {\"statsPeriod\": \"24h\"}, \"explanation\": \"slow db spans\"}");
      }
    });
    try (SentryMcp mcp = engine(model)) {
      RenderedResult r = ok(mcp, "search_events",
          args("organizationSlug", ORG, "query", "slowest database spans today"), session);
      assertEquals(3, model.requests.size());
      String feedback = ((ModelMessage.User) model.requests.get(2).messages()
          .get(model.requests.get(2).messages().size() - 1)).text();
      assertTrue(feedback.startsWith("That answer was not accepted: Sentry's validation refused the search."),
          feedback);
      Sanitized.assertInData(feedback, "Invalid key for this search: span.durationz");
      List<RecordedRequest> validations = fake.requests("GET", VALIDATE);
      assertEquals(2, validations.size(), "each candidate is validated once; the search is not validated again");
      List<RecordedRequest> searches = fake.requests("GET", EVENTS);
      assertEquals(1, searches.size());
      RecordedRequest s = searches.get(0);
      assertEquals("spans", s.queryParam("dataset"));
      assertEquals("span.op:db span.duration:>1s", s.queryParam("query"));
      assertEquals("-span.duration", s.queryParam("sort"));
      assertEquals("24h", s.queryParam("statsPeriod"));
      assertEquals(List.of("span.op", "span.description", "span.duration"), s.queryParams("field"));
      assertTrue(r.text().startsWith("# Spans in " + ORG), r.text());
      Sanitized.assertInData(r.text(), "span.op:db span.duration:>1s");
      // attribute lookups: string and number attributes of spans, for this organization only
      List<RecordedRequest> attrs = fake.requests("GET", "/api/0/organizations/" + ORG + "/trace-items/attributes/");
      assertEquals(List.of("string", "number"), attrs.stream().map(a -> a.queryParam("attributeType")).toList());
    }
  }

  @Test
  void theCallersDatasetFieldsAndTimeWin() {
    ScriptedModel model = ScriptedModel.answering(text("{\"dataset\": \"spans\", \"query\": \"severity:error\","
        + " \"fields\": [\"message\"], \"sort\": null, \"timeRange\": {\"statsPeriod\": \"90d\"}}"));
    try (SentryMcp mcp = engine(model)) {
      ok(mcp, "search_events", args("organizationSlug", ORG, "dataset", "logs", "query",
          "show me error logs from the last hour", "fields", List.of("timestamp", "message"), "period", "1h"),
          session);
      RecordedRequest s = fake.requests("GET", EVENTS).get(0);
      assertEquals("logs", s.queryParam("dataset"));
      assertEquals("1h", s.queryParam("statsPeriod"));
      assertEquals(List.of("timestamp", "message"), s.queryParams("field"));
      String system = model.requests.get(0).system();
      assertTrue(system.contains("The dataset is fixed to logs."), system);
      assertTrue(system.contains("The caller fixed the fields"), system);
      assertTrue(system.contains("The caller fixed the time range"), system);
    }
  }

  // ------------------------------------------------------------------------------------------- search_issue_events

  @Test
  void searchIssueEventsTranslatesAndValidatesAgainstErrors() {
    ScriptedModel model = ScriptedModel.answering(
        calls(call("v", "validateQuery", "{\"query\": \"environment:production\"}")),
        text("{\"query\": \"environment:production\", \"sort\": null, \"timeRange\": {\"statsPeriod\": \"7d\"}}"));
    try (SentryMcp mcp = engine(model)) {
      RenderedResult r = ok(mcp, "search_issue_events", args("organizationSlug", ORG, "issueId",
          "CLOUDFLARE-MCP-41", "query", "which events happened in production last week?"), session);
      assertTrue(model.lastToolResults().get(0).content().contains("Valid."), model.lastToolResults().toString());
      List<RecordedRequest> v = fake.requests("GET", VALIDATE);
      assertEquals(2, v.size());
      assertEquals("errors", v.get(1).queryParam("dataset"));
      assertEquals("7d", v.get(1).queryParam("statsPeriod"));
      RecordedRequest s = fake.requests("GET",
          "/api/0/organizations/" + ORG + "/issues/CLOUDFLARE-MCP-41/events/").get(0);
      assertEquals("environment:production", s.queryParam("query"));
      assertEquals("7d", s.queryParam("statsPeriod"));
      assertEquals("-timestamp", s.queryParam("sort"));
      Sanitized.assertInData(r.text(), "environment:production");
    }
  }

  @Test
  void theToolsTimeLimitGrowsByTheTranslationsOnlyWhenThereIsAModel() {
    try (SentryMcp with = engine(ScriptedModel.answering(text("{}")), b -> b.timeLimit(Duration.ofSeconds(20)));
        SentryMcp without = ToolTestSupport.engine(fake)) {
      Duration configured = with.config().callTimeout();
      for (String tool : List.of("search_issues", "search_events", "search_issue_events")) {
        assertEquals(configured.plusSeconds(20), with.tool(tool).orElseThrow().timeout(configured), tool);
        assertEquals(configured, without.tool(tool).orElseThrow().timeout(configured), tool);
      }
      assertEquals(configured, with.tool("find_projects").orElseThrow().timeout(configured));
    }
  }

}
