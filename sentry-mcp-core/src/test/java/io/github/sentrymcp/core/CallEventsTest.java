package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ApiExchange;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.CallObserver;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.ModelExchange;
import io.github.sentrymcp.api.Notice;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.model.QueryTranslation;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine reports while a call runs, to its listener and to the transport's observer: each Sentry attempt by
 * its endpoint template, model requests, notices (retries, refusals, cut results), asked-for arguments, always
 * redacted.
 */
class CallEventsTest {
  private static final String TOKEN = "sntrys_" + "callEventsTest0123456789abcdefABCDEF";
  private static final String ORG = "sentry-mcp-evals";
  private static FakeSentry fake;
  private final Recorder recorder = new Recorder(Set.of());

  /** Records everything, with the call each came for. */
  static final class Recorder implements ToolCallListener, CallObserver {
    final Set<String> asked;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<Notice> notices = new CopyOnWriteArrayList<>();
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    Recorder(Set<String> asked) {
      this.asked = asked;
    }

    @Override
    public Set<String> recordedArguments() {
      return asked;
    }

    @Override
    public void callStarted(Call call) {
      calls.add(call);
    }

    @Override
    public void callEnded(Call call, Outcome outcome) {
      assertSame(calls.get(calls.size() - 1), call, "the same Call instance for every callback");
      outcomes.add(outcome);
    }

    @Override
    public void apiExchange(Call call, ApiExchange exchange) {
      assertSame(calls.get(calls.size() - 1), call);
      events.add(exchange);
    }

    @Override
    public void modelExchange(Call call, ModelExchange exchange) {
      events.add(exchange);
    }

    @Override
    public void notice(Call call, Notice notice) {
      notices.add(notice);
    }
  }

  /** A transport's observer. */
  static final class Transport implements CallObserver {
    final List<Notice> notices = new CopyOnWriteArrayList<>();
    final List<ApiExchange> exchanges = new CopyOnWriteArrayList<>();

    @Override
    public void notice(Notice notice) {
      notices.add(notice);
    }

    @Override
    public void apiExchange(ApiExchange exchange) {
      exchanges.add(exchange);
    }
  }

  @BeforeAll
  static void startFake() {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private static SentryMcpConfig.Builder config() {
    return SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).maxRetries(2);
  }

  private static final Session SESSION = Session.of(AccessToken.of(TOKEN));

  @Test
  void eachAttemptIsReportedByItsTemplateAndRetriesAreNotices() {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1).respond(Fault.status(503)));
    Transport transport = new Transport();
    try (SentryMcp mcp = SentryMcp.builder(config().build()).listener(recorder).build()) {
      RenderedResult r = mcp.callAndRender("whoami", Map.of(), CallContext.of(SESSION).withObserver(transport)
          .withOrigin(RequestOrigin.builder("tools/call").requestId("4").build()));
      assertFalse(r.isError(), r.text());
    }
    assertEquals("4", recorder.calls.get(0).origin().requestId());
    List<ApiExchange> exchanges = recorder.events.stream().map(e -> (ApiExchange) e).toList();
    assertEquals(2, exchanges.size(), exchanges.toString());
    ApiExchange first = exchanges.get(0);
    assertEquals("GET", first.method());
    assertEquals("/api/0/auth/", first.urlTemplate());
    assertEquals(fake.hostAndPort(), first.serverAddress() + ":" + first.serverPort());
    assertEquals(0, first.resendCount());
    assertEquals(503, first.statusCode());
    assertEquals(ErrorKind.UPSTREAM_ERROR, first.failure());
    ApiExchange second = exchanges.get(1);
    assertEquals(1, second.resendCount());
    assertEquals(200, second.statusCode());
    assertNull(second.failure());
    assertEquals(exchanges, transport.exchanges, "the transport's observer hears them too");
    assertEquals(1, recorder.notices.size());
    Notice retry = recorder.notices.get(0);
    assertEquals(Notice.Level.INFO, retry.level());
    assertEquals("sentry_mcp.api", retry.logger());
    assertTrue(retry.message().startsWith("Sentry request failed (HTTP 503): GET /auth/; retry 1 of 2 in "),
        retry.message());
    assertEquals(recorder.notices, transport.notices);
    assertEquals(2, recorder.outcomes.get(0).apiRequests());
  }

  @Test
  void refusedAndUnknownCallsAreNoticesWithRedactedText() {
    Transport transport = new Transport();
    Session denied = Session.builder(AccessToken.of(TOKEN)).disableTools("whoami").build();
    try (SentryMcp mcp = SentryMcp.builder(config().build()).listener(recorder).build()) {
      assertTrue(mcp.callAndRender("whoami", Map.of(), CallContext.of(denied).withObserver(transport)).isError());
      String planted = "Bearer 0123456789abcdefABCDEF0123456789";
      assertTrue(mcp.callAndRender(planted, Map.of(), CallContext.of(SESSION).withObserver(transport)).isError());
    }
    assertEquals(2, transport.notices.size(), transport.notices.toString());
    Notice refused = transport.notices.get(0);
    assertEquals(Notice.Level.WARNING, refused.level());
    assertEquals("sentry_mcp.engine", refused.logger());
    assertTrue(refused.message().startsWith("Call to whoami refused (permission_denied)"), refused.message());
    Notice unknown = transport.notices.get(1);
    assertTrue(unknown.message().contains("Bearer " + Redactor.MARKER), unknown.message());
    assertFalse(unknown.message().contains("0123456789abcdef"), unknown.message());
    assertEquals(List.of(ErrorKind.PERMISSION_DENIED, ErrorKind.INVALID_INPUT),
        recorder.outcomes.stream().map(ToolCallListener.Outcome::errorKind).toList());
    assertFalse(recorder.outcomes.get(0).alerting());
  }

  @Test
  void aCutResultIsANoticeToTheTransport() {
    Transport transport = new Transport();
    try (SentryMcp mcp = SentryMcp.builder(config().maxResultChars(1024).build()).build()) {
      RenderedResult r = mcp.callAndRender("get_issue_details", Map.of("organizationSlug", ORG, "issueId",
          "CLOUDFLARE-MCP-41"), CallContext.of(SESSION).withObserver(transport));
      assertFalse(r.isError(), r.text());
      assertEquals(1, transport.notices.size(), transport.notices.toString());
      assertEquals("The result of get_issue_details was cut to fit the size limit (1024 characters per result,"
          + " values shortened or items left out); ask for less to see all of it.",
          transport.notices.get(0).message());
      // and an uncut result says nothing
      transport.notices.clear();
      mcp.callAndRender("whoami", Map.of(), CallContext.of(SESSION).withObserver(transport));
      assertEquals(List.of(), transport.notices);
    }
  }

  @Test
  void onlyAskedForArgumentsAreSeenAndTheyAreRedacted() {
    Recorder asking = new Recorder(Set.of("query", "limit"));
    String secretQuery = "message:\"" + TOKEN + "\" url:https://x.example/cb?token=SECRETVALUE123";
    try (SentryMcp mcp = SentryMcp.builder(config().build()).listener(asking).build()) {
      mcp.callAndRender("search_issues", Map.of("organizationSlug", ORG, "query", secretQuery, "limit", 5),
          SESSION);
      mcp.callAndRender("whoami", Map.of(), SESSION);
    }
    Map<String, String> seen = asking.calls.get(0).arguments();
    assertEquals(Set.of("query", "limit"), seen.keySet(), "organizationSlug was not asked for");
    assertEquals("5", seen.get("limit"));
    assertFalse(seen.get("query").contains(TOKEN.substring(7)), seen.get("query"));
    assertFalse(seen.get("query").contains("SECRETVALUE123"), seen.get("query"));
    assertTrue(seen.get("query").contains("sntrys_" + Redactor.MARKER), seen.get("query"));
    assertEquals(Map.of(), asking.calls.get(1).arguments());
    assertEquals(Map.of(), recorder.calls.isEmpty() ? Map.of() : recorder.calls.get(0).arguments());
  }

  @Test
  void modelRequestsAreReportedWithProviderModelAndTokens() {
    LanguageModel model = new LanguageModel() {
      @Override
      public String name() {
        return "openai gpt-test";
      }

      @Override
      public ModelResponse generate(ModelRequest request) {
        return new ModelResponse("{\"query\": \"is:unresolved level:error\", \"sort\": \"date\"}", List.of(),
            new ModelResponse.Usage(321, 12), ModelResponse.Stop.END);
      }
    };
    try (SentryMcp mcp = SentryMcp.builder(config().build()).listener(recorder)
        .queryTranslation(QueryTranslation.builder(model).build()).build()) {
      RenderedResult r = mcp.callAndRender("search_issues", Map.of("organizationSlug", ORG, "query",
          "unresolved errors from today please"), SESSION);
      assertFalse(r.isError(), r.text());
    }
    List<ModelExchange> models = recorder.events.stream().filter(e -> e instanceof ModelExchange)
        .map(e -> (ModelExchange) e).toList();
    assertEquals(1, models.size(), recorder.events.toString());
    ModelExchange m = models.get(0);
    assertEquals("openai", m.provider());
    assertEquals("gpt-test", m.model());
    assertEquals(321L, m.inputTokens());
    assertEquals(12L, m.outputTokens());
    assertNull(m.failure());
  }

  @Test
  void aThrowingListenerDoesNotBreakTheCall() {
    ToolCallListener throwing = new ToolCallListener() {
      @Override
      public Set<String> recordedArguments() {
        throw new IllegalStateException("boom");
      }

      @Override
      public void apiExchange(Call call, ApiExchange exchange) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void notice(Call call, Notice notice) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void sessionEnded(SessionEnded session) {
        throw new IllegalStateException("boom");
      }
    };
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1).respond(Fault.status(503)));
    try (SentryMcp mcp = SentryMcp.builder(config().build()).listener(throwing).build()) {
      assertFalse(mcp.callAndRender("whoami", Map.of(), SESSION).isError());
      mcp.reportSessionEnded(new ToolCallListener.SessionEnded("pipe", null, java.time.Duration.ZERO, null));
    }
  }
}
