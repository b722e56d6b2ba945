package io.github.sentrymcp.core.internal.tools.traces;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** get_span_details: get_trace_details' span-focused view, with traceId and spanId required. */
class GetSpanDetailsToolTest {
  static final String TOOL = "get_span_details";
  static final String ORG = GetTraceDetailsToolTest.ORG;
  static final String TRACE = GetTraceDetailsToolTest.TRACE;

  static FakeSentry fake;
  SentryMcp mcp;
  Session session;

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
    session = ToolTestSupport.session();
  }

  String render(ToolResult r) {
    return mcp.sanitizer().render(r).text();
  }

  @Test
  void descriptorMatchesTheReferenceRow() {
    ToolDescriptor d = mcp.allTools().stream().map(t -> t.descriptor()).filter(t -> t.name().equals(TOOL))
        .findFirst().orElseThrow();
    assertEquals(Set.of(Scope.EVENT_READ), d.requiredScopes());
    assertEquals(Set.of(Skill.INSPECT), d.skills());
    assertEquals(new io.github.sentrymcp.api.ToolAnnotations(true, false, null, true), d.annotations());
    assertEquals(List.of("organizationSlug", "regionUrl", "traceId", "spanId"),
        List.copyOf(((Map<?, ?>) d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug", "traceId", "spanId"), d.inputSchema().get("required"));
    assertNull(d.outputSchema());
    assertTrue(d.description().length() < 600, d.description());
  }

  @Test
  void theSpanViewWithTheRequestsOfTheTraceTool() throws Exception {
    String spanId = GetTraceDetailsToolTest.rootSpanId();
    String text = render(mcp.call(TOOL, args("organizationSlug", ORG, "traceId",
        TRACE.toUpperCase(java.util.Locale.ROOT), "spanId", spanId.toUpperCase(java.util.Locale.ROOT)), session));
    List<RecordedRequest> reqs = fake.journal();
    assertEquals(3, reqs.size(), reqs.toString());
    assertEquals("/api/0/organizations/sentry-mcp-evals/", reqs.get(0).rawPath());
    assertEquals("/api/0/organizations/sentry-mcp-evals/trace-meta/" + TRACE + "/", reqs.get(1).rawPath());
    assertEquals("statsPeriod=14d", reqs.get(1).rawQuery());
    assertEquals("/api/0/organizations/sentry-mcp-evals/trace/" + TRACE + "/", reqs.get(2).rawPath());
    assertEquals("limit=112&project=-1&statsPeriod=14d", reqs.get(2).rawQuery());

    assertTrue(text.contains("# Span `" + spanId + "` in Trace `" + TRACE + "`"), text);
    assertTrue(text.contains("\nDuration: 1840ms\n"), text);
    assertTrue(text.contains("\nParent Span ID: none (root span)\n"), text);
    assertTrue(text.contains("*Child snapshot shows 40 of 120 descendant spans.*"), text);
    Sanitized.assertInData(text, "Operation: http.server\n");
    Sanitized.assertNotOutsideData(text, "http.server");
    assertTrue(text.contains("- Whole trace: `get_trace_details` without spanId."), text);
    assertFalse(text.contains("## Overview"), "not the trace overview: " + text);
    Sanitized.assertWellFormed(text);
    // the same text as get_trace_details with the span
    fake.reset();
    String viaTrace = render(mcp.call("get_trace_details", args("organizationSlug", ORG, "traceId", TRACE,
        "spanId", spanId), ToolTestSupport.session()));
    assertEquals(Sanitized.outside(viaTrace), Sanitized.outside(text));
  }

  @Test
  void anUnknownSpanIsNotFound() {
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL,
        args("organizationSlug", ORG, "traceId", TRACE, "spanId", "ffffffffffffffff"), session));
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("ffffffffffffffff"), e.getMessage());
  }

  @Test
  void badOrMissingIdsAreRefusedBeforeAnyRequest() {
    for (Map<String, Object> bad : List.of(
        args("organizationSlug", ORG, "traceId", TRACE),
        args("organizationSlug", ORG, "spanId", "aa8e7f3384ef4ff5"),
        args("traceId", TRACE, "spanId", "aa8e7f3384ef4ff5"),
        args("organizationSlug", ORG, "traceId", "../../../victim-org/trace/" + TRACE, "spanId", "aa8e7f3384ef4ff5"),
        args("organizationSlug", ORG, "traceId", TRACE, "spanId", "../x"),
        args("organizationSlug", ORG, "traceId", TRACE, "spanId", ".."),
        args("organizationSlug", ORG, "traceId", TRACE, "spanId", ""),
        args("organizationSlug", "../victim", "traceId", TRACE, "spanId", "aa8e7f3384ef4ff5"))) {
      SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, bad, session));
      assertEquals(ErrorKind.INVALID_INPUT, e.kind(), bad.toString());
    }
    assertTrue(fake.journal().isEmpty(), fake.journal().toString());
  }

  @Test
  void underAConstraintTheConstrainedOrganizationIsUsedAndTheTraceStaysOrgLevel() throws Exception {
    session = ToolTestSupport.session(b -> b.organizationSlug(ORG).projectSlug("cloudflare-mcp"));
    String text = render(mcp.call(TOOL, args("organizationSlug", "victim-org", "traceId", TRACE,
        "spanId", GetTraceDetailsToolTest.rootSpanId()), session));
    for (RecordedRequest r : fake.journal()) {
      assertTrue(r.rawPath().startsWith("/api/0/organizations/sentry-mcp-evals/"), r.toString());
    }
    assertTrue(text.contains("spans from projects other than cloudflare-mcp can appear"), text);
  }

  @Test
  void withoutTheInspectSkillNothingIsSent() {
    Session pm = ToolTestSupport.session(b -> b.skills("project-management"));
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL,
        args("organizationSlug", ORG, "traceId", TRACE, "spanId", "aa8e7f3384ef4ff5"), pm));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind(), e.getMessage());
    assertTrue(fake.journal().isEmpty(), fake.journal().toString());
  }
}
