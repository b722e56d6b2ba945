package io.github.sentrymcp.opentelemetry;

import static io.github.sentrymcp.opentelemetry.TestSdk.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.Redactor;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.model.QueryTranslation;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener on a real engine against FakeSentry, exporting through a real OpenTelemetry SDK into memory: the
 * spans, their parents and links, their attributes exactly, the metrics and their attributes, argument opt-in and
 * redaction, and that no secret reaches any exported item.
 */
class SentryMcpTelemetryTest {
  /** The session's credential, the only token FakeSentry accepts: a secret that must never be exported. */
  static final String TOKEN_BODY = "Zq7Lx2Vw9Pk4Rm1Tn8Bs3Hd6Jf5Gc0Ya2Ue7Wo4K";
  static final String TOKEN = "sntrys_" + TOKEN_BODY;
  static final String ORG = "sentry-mcp-evals";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
  static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01";
  static final List<Double> BUCKETS =
      List.of(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);
  /** Attributes a metric point must never have: unbounded or identifying values. */
  static final List<String> NEVER_ON_METRICS = List.of("mcp.session.id", "jsonrpc.request.id", "client.address",
      "client.port", "gen_ai.tool.call.arguments.query", "gen_ai.tool.call.arguments.organizationSlug");

  static FakeSentry fake;

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

  static SentryMcpConfig config() {
    return SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build();
  }

  static SentryMcp engine(ToolCallListener listener) {
    return engine(listener, b -> b);
  }

  static SentryMcp engine(ToolCallListener listener, UnaryOperator<SentryMcp.Builder> customize) {
    return customize.apply(SentryMcp.builder(config()).listener(listener)).build();
  }

  static Session session() {
    return Session.builder(AccessToken.of(TOKEN)).id("alice").build();
  }

  /** The origin an HTTP transport would give a {@code tools/call} request carrying {@code traceparent}. */
  static RequestOrigin.Builder httpOrigin() {
    return RequestOrigin.builder("tools/call").requestId("7").protocolVersion("2025-11-25").mcpSessionId("abc")
        .networkTransport("tcp").networkProtocol("http", "1.1").client("127.0.0.1", 5555);
  }

  static CallContext mcpCall(RequestOrigin origin) {
    return CallContext.of(session()).withTransport("http").withOrigin(origin);
  }

  static RenderedResult ok(RenderedResult r) {
    assertFalse(r.isError(), r.text());
    return r;
  }

  // ------------------------------------------------------------------------------------------------ spans

  @Test
  void aPlainJavaCallIsAnInternalSpanWithAClientSpanPerSentryRequest() {
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      ok(mcp.callAndRender("whoami", Map.of(), session()));

      assertEquals(2, otel.spans().size(), () -> TestSdk.names(otel.spans()).toString());
      SpanData call = otel.only(SpanKind.INTERNAL);
      assertEquals("execute_tool whoami", call.getName());
      assertEquals(Map.of("gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "whoami",
          "sentry_mcp.transport", "java"), map(call.getAttributes()));
      assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());
      assertFalse(call.getParentSpanContext().isValid(), "nothing was current: a root span");
      assertTrue(call.getLinks().isEmpty());
      assertEquals(McpTelemetryConventions.INSTRUMENTATION_SCOPE, call.getInstrumentationScopeInfo().getName());
      assertEquals(SentryMcp.version(), call.getInstrumentationScopeInfo().getVersion());

      SpanData http = otel.only(SpanKind.CLIENT);
      assertEquals("GET /api/0/auth/", http.getName());
      assertEquals(Map.of("http.request.method", "GET", "url.template", "/api/0/auth/", "server.address",
          "127.0.0.1", "server.port", (long) fake.port(), "http.response.status_code", 200L),
          map(http.getAttributes()));
      assertNull(http.getAttributes().get(AttributeKey.stringKey("url.full")));
      assertEquals(StatusCode.UNSET, http.getStatus().getStatusCode());
      assertEquals(call.getTraceId(), http.getTraceId());
      assertEquals(call.getSpanId(), http.getParentSpanId());
      assertTrue(http.getEndEpochNanos() >= http.getStartEpochNanos());
    }
  }

  @Test
  void anMcpRequestIsAServerSpanUnderItsMetaTraceContextLinkedToTheAmbientSpan() {
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      RequestOrigin origin = httpOrigin().traceContext("traceparent", TRACEPARENT)
          .traceContext("tracestate", "rojo=00f067aa0ba902b7").build();
      // the transport's own span (an HTTP server instrumentation's) is current when the call runs
      Span transport = otel.testTracer().spanBuilder("POST /mcp").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = transport.makeCurrent()) {
        ok(mcp.callAndRender("whoami", Map.of(), mcpCall(origin)));
        assertSame(transport, Span.current(), "the ambient context is restored when the call ends");
      } finally {
        transport.end();
      }

      SpanData server = otel.spans(SpanKind.SERVER).stream().filter(s -> s.getName().startsWith("tools/call"))
          .findFirst().orElseThrow();
      assertEquals("tools/call whoami", server.getName());
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("mcp.method.name", "tools/call");
      expected.put("gen_ai.tool.name", "whoami");
      expected.put("gen_ai.operation.name", "execute_tool");
      expected.put("jsonrpc.request.id", "7");
      expected.put("mcp.protocol.version", "2025-11-25");
      expected.put("mcp.session.id", "abc");
      expected.put("network.transport", "tcp");
      expected.put("network.protocol.name", "http");
      expected.put("network.protocol.version", "1.1");
      expected.put("client.address", "127.0.0.1");
      expected.put("client.port", 5555L);
      expected.put("sentry_mcp.transport", "http");
      assertEquals(expected, map(server.getAttributes()));

      SpanContext parent = server.getParentSpanContext();
      assertEquals(TRACE_ID, server.getTraceId());
      assertEquals(TRACE_ID, parent.getTraceId());
      assertEquals(PARENT_SPAN_ID, parent.getSpanId());
      assertTrue(parent.isRemote());
      assertEquals("00f067aa0ba902b7", parent.getTraceState().get("rojo"));
      assertEquals(1, server.getLinks().size());
      assertEquals(transport.getSpanContext(), server.getLinks().get(0).getSpanContext());

      SpanData http = otel.only(SpanKind.CLIENT);
      assertEquals(TRACE_ID, http.getTraceId());
      assertEquals(server.getSpanId(), http.getParentSpanId());
    }
  }

  @Test
  void withoutMetaTraceContextTheServerSpanIsAChildOfTheAmbientSpan() {
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      Span transport = otel.testTracer().spanBuilder("POST /mcp").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = transport.makeCurrent()) {
        ok(mcp.callAndRender("whoami", Map.of(), mcpCall(httpOrigin().build())));
        // an unreadable traceparent is no parent either
        ok(mcp.callAndRender("whoami", Map.of(),
            mcpCall(httpOrigin().traceContext("traceparent", "00-not-a-trace-01").build())));
      } finally {
        transport.end();
      }
      List<SpanData> calls = otel.spans(SpanKind.SERVER).stream().filter(s -> s.getName().startsWith("tools/call"))
          .toList();
      assertEquals(2, calls.size());
      for (SpanData server : calls) {
        assertEquals(transport.getSpanContext().getTraceId(), server.getTraceId());
        assertEquals(transport.getSpanContext().getSpanId(), server.getParentSpanId());
        assertTrue(server.getLinks().isEmpty(), "the parent is not linked as well");
      }
    }
  }

  @Test
  void theCallSpanAndTheRequestsBaggageAreCurrentWhileTheToolRuns() {
    AtomicReference<SpanContext> seen = new AtomicReference<>();
    AtomicReference<String> baggage = new AtomicReference<>();
    try (TestSdk otel = new TestSdk();
        SentryMcp mcp = engine(otel.telemetry(), b -> b.tool(probe(otel, seen, baggage)))) {
      RequestOrigin origin = httpOrigin().traceContext("traceparent", TRACEPARENT)
          .traceContext("baggage", "tenant=acme").build();
      ok(mcp.callAndRender("host_probe", Map.of(), mcpCall(origin)));

      SpanData server = otel.only(SpanKind.SERVER);
      // a host tool is not built in: its name joins the span name once the call shows the tool exists
      assertEquals("tools/call host_probe", server.getName());
      assertEquals(server.getSpanContext(), seen.get());
      assertEquals("acme", baggage.get());
      SpanData nested = otel.only(SpanKind.INTERNAL);
      assertEquals("host work", nested.getName());
      assertEquals(server.getSpanId(), nested.getParentSpanId(), "other instrumentation nests under the call");
      assertFalse(Span.current().getSpanContext().isValid(), "nothing stays current after the call");
    }
  }

  /** A host tool that notes the current span and baggage and makes a span of its own. */
  static SentryTool probe(TestSdk otel, AtomicReference<SpanContext> seen, AtomicReference<String> baggage) {
    return new SentryTool() {
      @Override
      public ToolDescriptor descriptor() {
        return new ToolDescriptor("host_probe", "Host probe", "Notes the current span.", Map.of("type", "object"),
            null, ToolAnnotations.READ_ONLY, Set.of(), EnumSet.of(Skill.INSPECT));
      }

      @Override
      public ToolResult call(Map<String, ?> arguments, CallContext context) {
        seen.set(Span.current().getSpanContext());
        baggage.set(Baggage.current().getEntryValue("tenant"));
        otel.testTracer().spanBuilder("host work").startSpan().end();
        return ToolResult.builder().paragraph("done").build();
      }
    };
  }

  @Test
  void aSentry500IsAnAlertingToolErrorWithTheStatusOnItsClientSpan() {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.status(500)));
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      assertTrue(mcp.callAndRender("whoami", Map.of(), session()).isError());

      SpanData call = otel.only(SpanKind.INTERNAL);
      assertEquals(Map.of("gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "whoami",
          "sentry_mcp.transport", "java", "error.type", "tool_error", "sentry_mcp.error.kind", "upstream_error",
          "sentry_mcp.error.alerting", true), map(call.getAttributes()));
      assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
      assertEquals("upstream_error", call.getStatus().getDescription());

      SpanData http = otel.only(SpanKind.CLIENT); // a 500 is not retried
      assertEquals(Map.of("http.request.method", "GET", "url.template", "/api/0/auth/", "server.address",
          "127.0.0.1", "server.port", (long) fake.port(), "http.response.status_code", 500L, "error.type", "500"),
          map(http.getAttributes()));
      assertEquals(StatusCode.ERROR, http.getStatus().getStatusCode());
    }
  }

  @Test
  void eachRetryIsAClientSpanWithItsResendCountAndANoticeEvent() {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.status(503)));
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      assertTrue(mcp.callAndRender("whoami", Map.of(), session()).isError());

      List<SpanData> attempts = new ArrayList<>(otel.spans(SpanKind.CLIENT));
      assertEquals(3, attempts.size(), "the first attempt and two retries");
      attempts.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
      AttributeKey<Long> resend = AttributeKey.longKey("http.request.resend_count");
      assertNull(attempts.get(0).getAttributes().get(resend), "the first attempt is no resend");
      assertEquals(1L, attempts.get(1).getAttributes().get(resend));
      assertEquals(2L, attempts.get(2).getAttributes().get(resend));
      SpanData call = otel.only(SpanKind.INTERNAL);
      for (SpanData a : attempts) {
        assertEquals("503", a.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(503L, a.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(StatusCode.ERROR, a.getStatus().getStatusCode());
        assertEquals(call.getSpanId(), a.getParentSpanId());
      }
      assertEquals("upstream_error", call.getAttributes().get(AttributeKey.stringKey("sentry_mcp.error.kind")));
      assertEquals(true, call.getAttributes().get(AttributeKey.booleanKey("sentry_mcp.error.alerting")));

      List<EventData> notices = call.getEvents().stream()
          .filter(e -> e.getName().equals("sentry_mcp.notice")).toList();
      assertEquals(2, notices.size(), () -> call.getEvents().toString());
      EventData first = notices.get(0);
      assertEquals("info", first.getAttributes().get(AttributeKey.stringKey("sentry_mcp.notice.level")));
      assertEquals("sentry_mcp.api", first.getAttributes().get(AttributeKey.stringKey("sentry_mcp.notice.logger")));
      String message = first.getAttributes().get(AttributeKey.stringKey("sentry_mcp.notice.message"));
      assertTrue(message.contains("retry 1 of 2"), message);
    }
  }

  @Test
  void refusalsAndInvalidInputAreToolErrorsThatDoNotAlert() {
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      // update_issue needs event:write, which the default grant does not have: refused before any request
      assertTrue(mcp.callAndRender("update_issue",
          Map.of("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41", "status", "resolved"), session())
          .isError());
      assertTrue(mcp.callAndRender("find_projects", Map.of("organizationSlug", "../evil"), session()).isError());

      assertTrue(otel.spans(SpanKind.CLIENT).isEmpty(), "nothing was sent");
      List<SpanData> calls = otel.spans(SpanKind.INTERNAL);
      assertEquals(List.of("execute_tool update_issue", "execute_tool find_projects"),
          calls.stream().map(SpanData::getName).toList());
      SpanData denied = calls.get(0);
      assertEquals("tool_error", denied.getAttributes().get(AttributeKey.stringKey("error.type")));
      assertEquals("permission_denied", denied.getAttributes().get(AttributeKey.stringKey("sentry_mcp.error.kind")));
      assertEquals(false, denied.getAttributes().get(AttributeKey.booleanKey("sentry_mcp.error.alerting")));
      assertEquals(StatusCode.ERROR, denied.getStatus().getStatusCode());
      EventData refusal = denied.getEvents().stream().filter(e -> e.getName().equals("sentry_mcp.notice"))
          .findFirst().orElseThrow(() -> new AssertionError("no notice: " + denied.getEvents()));
      assertEquals("warning", refusal.getAttributes().get(AttributeKey.stringKey("sentry_mcp.notice.level")));
      assertEquals("sentry_mcp.engine", refusal.getAttributes().get(AttributeKey.stringKey("sentry_mcp.notice.logger")));

      SpanData invalid = calls.get(1);
      assertEquals("invalid_input", invalid.getAttributes().get(AttributeKey.stringKey("sentry_mcp.error.kind")));
      assertEquals(false, invalid.getAttributes().get(AttributeKey.booleanKey("sentry_mcp.error.alerting")));
    }
  }

  @Test
  void anUnknownToolNameStaysOutOfSpanNamesAndMetrics() {
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      assertTrue(mcp.callAndRender("no_such_tool_4711", Map.of(), session()).isError());
      assertTrue(mcp.callAndRender("no_such_tool_4711", Map.of(), mcpCall(httpOrigin().build())).isError());

      SpanData plain = otel.only(SpanKind.INTERNAL);
      assertEquals("execute_tool", plain.getName());
      assertEquals("no_such_tool_4711", plain.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")));
      assertEquals("tools/call", otel.only(SpanKind.SERVER).getName());
      for (String metric : List.of("sentry_mcp.tool.duration", "mcp.server.operation.duration")) {
        List<HistogramPointData> points = otel.histogram(metric);
        assertEquals(1, points.size(), metric);
        assertEquals("_OTHER", points.get(0).getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")));
        assertEquals("invalid_input",
            points.get(0).getAttributes().get(AttributeKey.stringKey("sentry_mcp.error.kind")));
      }
    }
  }

  @Test
  void sentryApiSpansCanBeLeftToAnHttpClientInstrumentation() {
    try (TestSdk otel = new TestSdk();
        SentryMcp mcp = engine(SentryMcpTelemetry.builder(otel.sdk).sentryApiSpans(false).build())) {
      ok(mcp.callAndRender("whoami", Map.of(), session()));
      assertEquals(List.of("INTERNAL execute_tool whoami"), TestSdk.names(otel.spans()));
    }
  }

  @Test
  void aModelRequestIsAChatSpanAndNamesTheModelOnTheCallSpan() {
    LanguageModel model = new LanguageModel() {
      @Override
      public String name() {
        return "openai gpt-test";
      }

      @Override
      public ModelResponse generate(ModelRequest request) {
        return new ModelResponse("{\"query\": \"is:unresolved level:error\"}", List.of(),
            new ModelResponse.Usage(100, 20), ModelResponse.Stop.END);
      }
    };
    Map<String, Object> search = Map.of("organizationSlug", ORG, "query", "show me unresolved errors from today");
    for (boolean modelSpans : new boolean[] {true, false}) {
      try (TestSdk otel = new TestSdk();
          SentryMcp mcp = engine(SentryMcpTelemetry.builder(otel.sdk).modelSpans(modelSpans).build(),
              b -> b.queryTranslation(QueryTranslation.builder(model).build()))) {
        ok(mcp.callAndRender("search_issues", search, session()));

        SpanData call = otel.only(SpanKind.INTERNAL);
        assertEquals("openai", call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")));
        assertEquals("gpt-test", call.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")));
        List<SpanData> chats = otel.spans(SpanKind.CLIENT).stream().filter(s -> s.getName().startsWith("chat"))
            .toList();
        if (!modelSpans) {
          assertTrue(chats.isEmpty(), () -> TestSdk.names(otel.spans()).toString());
          continue;
        }
        assertEquals(1, chats.size(), () -> TestSdk.names(otel.spans()).toString());
        SpanData chat = chats.get(0);
        assertEquals("chat gpt-test", chat.getName());
        assertEquals(Map.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
            "gen_ai.request.model", "gpt-test", "gen_ai.usage.input_tokens", 100L, "gen_ai.usage.output_tokens", 20L),
            map(chat.getAttributes()));
        assertEquals(call.getSpanId(), chat.getParentSpanId());
        assertTrue(otel.spans(SpanKind.CLIENT).stream().anyMatch(s -> s.getName().startsWith("GET /api/0/")),
            "the search itself");
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ metrics

  @Test
  void theOperationDurationHasTheAdvisedBucketsAndOnlyLowCardinalityAttributes() {
    try (TestSdk otel = new TestSdk();
        SentryMcp mcp = engine(SentryMcpTelemetry.builder(otel.sdk).recordArguments("query", "organizationSlug")
            .build())) {
      ok(mcp.callAndRender("find_teams", Map.of("organizationSlug", ORG, "query", "backend"),
          mcpCall(httpOrigin().build())));
      ok(mcp.callAndRender("find_teams", Map.of("organizationSlug", ORG, "query", "frontend"),
          mcpCall(httpOrigin().requestId("8").mcpSessionId("other-session").client("10.0.0.9", 6000).build())));

      MetricData metric = otel.metric("mcp.server.operation.duration");
      assertEquals("s", metric.getUnit());
      List<HistogramPointData> points = otel.histogram("mcp.server.operation.duration");
      assertEquals(1, points.size(), "ids, addresses and arguments do not split the series: " + points);
      HistogramPointData point = points.get(0);
      assertEquals(BUCKETS, point.getBoundaries());
      assertEquals(BUCKETS, McpTelemetryConventions.OPERATION_DURATION_BUCKETS);
      assertEquals(2, point.getCount());
      assertTrue(point.getSum() > 0 && point.getSum() < 60, () -> "seconds: " + point.getSum());
      assertEquals(Map.of("mcp.method.name", "tools/call", "gen_ai.tool.name", "find_teams",
          "gen_ai.operation.name", "execute_tool", "mcp.protocol.version", "2025-11-25", "network.transport", "tcp",
          "network.protocol.name", "http", "network.protocol.version", "1.1"), map(point.getAttributes()));
      assertTrue(otel.histogram("sentry_mcp.tool.duration").isEmpty(), "an MCP request is measured once");

      // a failure is a series of its own, with the error attributes
      fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*/teams/").respond(Fault.status(500)));
      assertTrue(mcp.callAndRender("find_teams", Map.of("organizationSlug", ORG), mcpCall(httpOrigin().build()))
          .isError());
      List<HistogramPointData> after = otel.histogram("mcp.server.operation.duration");
      assertEquals(2, after.size());
      HistogramPointData failed = after.stream()
          .filter(p -> p.getAttributes().get(AttributeKey.stringKey("error.type")) != null).findFirst().orElseThrow();
      assertEquals("tool_error", failed.getAttributes().get(AttributeKey.stringKey("error.type")));
      assertEquals("upstream_error", failed.getAttributes().get(AttributeKey.stringKey("sentry_mcp.error.kind")));
      assertEquals(true, failed.getAttributes().get(AttributeKey.booleanKey("sentry_mcp.error.alerting")));
      for (HistogramPointData p : after) {
        for (String key : NEVER_ON_METRICS) {
          assertFalse(map(p.getAttributes()).containsKey(key), key + " on " + p.getAttributes());
        }
        assertFalse(map(p.getAttributes()).keySet().stream().anyMatch(k -> k.startsWith("gen_ai.tool.call.")),
            p.getAttributes().toString());
      }
    }
  }

  @Test
  void aPlainJavaCallIsMeasuredAsAToolDurationNotAsAnMcpOperation() {
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      ok(mcp.callAndRender("whoami", Map.of(), session()));
      assertTrue(otel.histogram("mcp.server.operation.duration").isEmpty());
      MetricData metric = otel.metric("sentry_mcp.tool.duration");
      assertEquals("s", metric.getUnit());
      HistogramPointData point = otel.histogram("sentry_mcp.tool.duration").get(0);
      assertEquals(BUCKETS, point.getBoundaries());
      assertEquals(Map.of("gen_ai.tool.name", "whoami", "gen_ai.operation.name", "execute_tool",
          "sentry_mcp.transport", "java"), map(point.getAttributes()));
    }
  }

  @Test
  void anEndedSessionIsRecordedInTheSessionDuration() {
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      mcp.reportSessionEnded(new ToolCallListener.SessionEnded("pipe", "2025-11-25", Duration.ofSeconds(42), null));
      mcp.reportSessionEnded(new ToolCallListener.SessionEnded("tcp", null, Duration.ofMillis(1500), "expired"));

      MetricData metric = otel.metric("mcp.server.session.duration");
      assertEquals("s", metric.getUnit());
      Map<Map<String, Object>, HistogramPointData> byAttributes = new LinkedHashMap<>();
      for (HistogramPointData p : otel.histogram("mcp.server.session.duration")) {
        byAttributes.put(map(p.getAttributes()), p);
        assertEquals(BUCKETS, p.getBoundaries());
      }
      HistogramPointData stdio =
          byAttributes.get(Map.of("network.transport", "pipe", "mcp.protocol.version", "2025-11-25"));
      assertNotNull(stdio, byAttributes.keySet().toString());
      assertEquals(42.0, stdio.getSum(), 1e-9);
      HistogramPointData expired = byAttributes.get(Map.of("network.transport", "tcp", "error.type", "expired"));
      assertNotNull(expired, byAttributes.keySet().toString());
      assertEquals(1.5, expired.getSum(), 1e-9);
      assertEquals(2, byAttributes.size());
    }
  }

  // ------------------------------------------------------------------------------------------------ arguments, secrets

  @Test
  void argumentsAreRecordedOnlyWhenNamedAndRedacted() {
    Map<String, Object> args = Map.of("organizationSlug", ORG, "query", "team " + TOKEN);
    try (TestSdk otel = new TestSdk(); SentryMcp mcp = engine(otel.telemetry())) {
      mcp.callAndRender("find_teams", args, session());
      SpanData call = otel.only(SpanKind.INTERNAL);
      assertTrue(map(call.getAttributes()).keySet().stream().noneMatch(k -> k.startsWith("gen_ai.tool.call")),
          call.getAttributes().toString());
    }
    try (TestSdk otel = new TestSdk();
        SentryMcp mcp = engine(SentryMcpTelemetry.builder(otel.sdk).recordArguments("query").build())) {
      mcp.callAndRender("find_teams", args, session());
      SpanData call = otel.only(SpanKind.INTERNAL);
      List<String> recorded = map(call.getAttributes()).keySet().stream()
          .filter(k -> k.startsWith("gen_ai.tool.call")).toList();
      assertEquals(List.of("gen_ai.tool.call.arguments.query"), recorded);
      assertEquals("team sntrys_" + Redactor.MARKER,
          call.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.arguments.query")));
    }
  }

  @Test
  void noPlantedSecretReachesAnyExportedSpanEventLinkOrMetric() {
    String bearer = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQtOTk5.sig0123456789";
    String providerKey = "Wm3Qp8Rt2Yx7Lk4Hs9Dv1Bn6Fg5Jc0Ae3Ui8Oz2P";
    String urlSecret = "urlsecret0123456789abcdef";
    String otherToken = "Kd8Fh3Jm6Ns1Qv4Tx9Wb2Ze7Gc5Ly0Rp3Uk8Oa1M";
    List<String> secrets = List.of(TOKEN_BODY, bearer, providerKey, urlSecret, otherToken);
    String query = "Bearer " + bearer + " sk-proj-" + providerKey + " https://hooks.example.com/cb?token=" + urlSecret
        + " sntrys_" + otherToken;
    // Sentry's answer carries secrets too (the listener never sees results, but nothing should leak them either)
    fake.override("GET", "/api/0/auth/", "{\"id\": \"1\", \"name\": \"Bearer " + bearer + "\", \"email\":"
        + " \"u@example.com\", \"username\": \"sk-proj-" + providerKey + "\"}");

    try (TestSdk otel = new TestSdk();
        SentryMcp mcp = engine(SentryMcpTelemetry.builder(otel.sdk).recordArguments("query", "organizationSlug")
            .build())) {
      mcp.callAndRender("find_teams", Map.of("organizationSlug", ORG, "query", query), session());
      mcp.callAndRender("find_teams", Map.of("organizationSlug", ORG, "query", query),
          mcpCall(httpOrigin().requestId("Bearer " + bearer).traceContext("traceparent", TRACEPARENT)
              .traceContext("baggage", "key=" + urlSecret).build()));
      mcp.callAndRender("whoami", Map.of(), session());
      // a client may call any name: a token or a URL with a query as the tool's name
      mcp.callAndRender("sntrys_" + otherToken, Map.of(), session());
      mcp.callAndRender("https://x.example/?k=" + urlSecret, Map.of(), mcpCall(httpOrigin().build()));
      mcp.reportSessionEnded(new ToolCallListener.SessionEnded("tcp", "2025-11-25", Duration.ofSeconds(1),
          "sk-proj-" + providerKey));

      StringBuilder exported = new StringBuilder();
      for (SpanData s : otel.spans()) {
        exported.append(s).append('\n'); // name, attributes, events, links, status, scope, resource
      }
      for (MetricData m : otel.metrics()) {
        exported.append(m).append('\n'); // every point with its attributes and exemplars
      }
      String text = exported.toString();
      assertTrue(otel.spans().size() >= 7, () -> TestSdk.names(otel.spans()).toString());
      assertTrue(text.contains("gen_ai.tool.call.arguments.query"), "the argument was recorded");
      assertTrue(text.contains(Redactor.MARKER), "and redacted");
      for (String secret : secrets) {
        assertFalse(text.contains(secret), () -> "exported a secret: " + secret);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ robustness

  @Test
  void oddSequencesNeitherThrowNorLeaveStateBehind() {
    try (TestSdk otel = new TestSdk()) {
      SentryMcpTelemetry t = otel.telemetry();
      ToolCallListener.Call never = new ToolCallListener.Call("whoami", "s", "java", java.time.Instant.now());
      ToolCallListener.Outcome ok = new ToolCallListener.Outcome(null, Duration.ofMillis(5), 0);
      // callbacks for a call that never started
      t.notice(never, new io.github.sentrymcp.api.Notice(io.github.sentrymcp.api.Notice.Level.INFO, "x", "y"));
      t.apiExchange(never, new io.github.sentrymcp.api.ApiExchange("GET", "/api/0/auth/", "h", 1, 0, 200, null,
          java.time.Instant.now(), Duration.ZERO));
      t.modelExchange(never, new io.github.sentrymcp.api.ModelExchange("openai", "m", java.time.Instant.now(),
          Duration.ZERO, null, null, null));
      t.callEnded(never, ok);
      t.callEnded(never, ok);
      assertTrue(otel.spans().isEmpty(), () -> TestSdk.names(otel.spans()).toString());

      // a second start of the same call is ignored; equal records are still different calls
      ToolCallListener.Call one = new ToolCallListener.Call("whoami", "s", "java", java.time.Instant.EPOCH);
      ToolCallListener.Call twin = new ToolCallListener.Call("whoami", "s", "java", java.time.Instant.EPOCH);
      assertEquals(one, twin);
      t.callStarted(one);
      t.callStarted(one);
      t.callStarted(twin);
      assertEquals(2, t.openCalls());
      // calls on one thread nest (a tool calling the engine), so they end in reverse order
      t.callEnded(twin, ok);
      t.callEnded(one, ok);
      t.callEnded(one, ok);
      assertEquals(2, otel.spans().size());
      assertEquals(0, t.openCalls());
      assertFalse(Span.current().getSpanContext().isValid(), "every scope was closed");
    }
  }

  @Test
  void aCallEndedOnAnotherThreadEndsItsSpanWithoutTouchingThatThreadsContext() throws Exception {
    try (TestSdk otel = new TestSdk()) {
      SentryMcpTelemetry t = otel.telemetry();
      ToolCallListener.Call call = new ToolCallListener.Call("whoami", "s", "java", java.time.Instant.now());
      Thread starter = new Thread(() -> t.callStarted(call));
      starter.start();
      starter.join();
      Span mine = otel.testTracer().spanBuilder("mine").startSpan();
      try (Scope ignored = mine.makeCurrent()) {
        t.callEnded(call, new ToolCallListener.Outcome(null, Duration.ofMillis(1), 0));
        assertSame(mine, Span.current());
      } finally {
        mine.end();
      }
      assertEquals(List.of("INTERNAL execute_tool whoami", "INTERNAL mine"), TestSdk.names(otel.spans()));
    }
  }

  @Test
  void aThrowingTracerFailsNoCallAndMetricsStillCount() {
    try (TestSdk otel = new TestSdk()) {
      io.opentelemetry.api.OpenTelemetry broken = new io.opentelemetry.api.OpenTelemetry() {
        @Override
        public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
          return new io.opentelemetry.api.trace.TracerProvider() {
            @Override
            public io.opentelemetry.api.trace.Tracer get(String name) {
              return span -> {
                throw new IllegalStateException("tracer bug");
              };
            }

            @Override
            public io.opentelemetry.api.trace.Tracer get(String name, String version) {
              return get(name);
            }

            @Override
            public io.opentelemetry.api.trace.TracerBuilder tracerBuilder(String name) {
              io.opentelemetry.api.trace.TracerProvider provider = this;
              return new io.opentelemetry.api.trace.TracerBuilder() {
                @Override
                public io.opentelemetry.api.trace.TracerBuilder setSchemaUrl(String url) {
                  return this;
                }

                @Override
                public io.opentelemetry.api.trace.TracerBuilder setInstrumentationVersion(String version) {
                  return this;
                }

                @Override
                public io.opentelemetry.api.trace.Tracer build() {
                  return provider.get(name);
                }
              };
            }
          };
        }

        @Override
        public io.opentelemetry.api.metrics.MeterProvider getMeterProvider() {
          return otel.sdk.getMeterProvider();
        }

        @Override
        public io.opentelemetry.context.propagation.ContextPropagators getPropagators() {
          return io.opentelemetry.context.propagation.ContextPropagators.noop();
        }
      };
      SentryMcpTelemetry t = SentryMcpTelemetry.create(broken);
      try (SentryMcp mcp = engine(t)) {
        ok(mcp.callAndRender("whoami", Map.of(), session()));
        ok(mcp.callAndRender("whoami", Map.of(), mcpCall(httpOrigin().build())));
      }
      assertEquals(1, otel.histogram("sentry_mcp.tool.duration").size());
      assertEquals(1, otel.histogram("mcp.server.operation.duration").size());
      assertEquals(0, t.openCalls());
    }
  }

  @Test
  void theNoopOpenTelemetryWorks() {
    SentryMcpTelemetry t = SentryMcpTelemetry.create(io.opentelemetry.api.OpenTelemetry.noop());
    try (SentryMcp mcp = engine(t)) {
      ok(mcp.callAndRender("whoami", Map.of(), session()));
      ok(mcp.callAndRender("whoami", Map.of(), mcpCall(httpOrigin().traceContext("traceparent", TRACEPARENT)
          .build())));
    }
    assertEquals(0, t.openCalls());
  }

  @Test
  void theBuilderTakesArgumentNamesAndRefusesBlankOnes() {
    SentryMcpTelemetry none = SentryMcpTelemetry.create(io.opentelemetry.api.OpenTelemetry.noop());
    assertEquals(Set.of(), none.recordedArguments());
    SentryMcpTelemetry some = SentryMcpTelemetry.builder(io.opentelemetry.api.OpenTelemetry.noop())
        .recordArguments("query", "sort").recordArguments(List.of("query")).build();
    assertEquals(Set.of("query"), some.recordedArguments(), "the last call wins");
    assertThrows(IllegalArgumentException.class,
        () -> SentryMcpTelemetry.builder(io.opentelemetry.api.OpenTelemetry.noop()).recordArguments(" "));
    assertThrows(NullPointerException.class, () -> SentryMcpTelemetry.builder(null));
  }
}
