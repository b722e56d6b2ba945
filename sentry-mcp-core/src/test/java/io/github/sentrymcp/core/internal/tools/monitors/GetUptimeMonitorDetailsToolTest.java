package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertData;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.query;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetUptimeMonitorDetailsToolTest {
  private static final String TOOL = "get_uptime_monitor_details";
  private static final String ID = "4509100000001001";
  private static final String MONITOR = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/uptime/" + ID + "/";
  private static FakeSentry fake;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().build();
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

  private static Map<String, Object> valid(Object... more) {
    Map<String, Object> a = new java.util.LinkedHashMap<>(
        Map.of("organizationSlug", ORG, "projectSlug", PROJECT, "uptimeMonitorId", ID));
    for (int i = 0; i < more.length; i += 2) {
      a.put((String) more[i], more[i + 1]);
    }
    return a;
  }

  private static RenderedResult call(Map<String, ?> args, Session session) {
    RenderedResult r = mcp.sanitizer().render(mcp.call(TOOL, args, session));
    assertFalse(r.isError(), r.text());
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    // markdown only (no output schema), so the house-style checks of the structured tools less the schema
    assertTrue(d.description().length() < 2048);
    assertTrue(d.description().contains("Use this tool when you need to:\n- "), d.description());
    assertTrue(d.description().contains("<examples>") && d.description().contains("</examples>"));
    assertTrue(d.description().contains("<hints>") && d.description().contains("</hints>"));
    assertEquals(Set.of(Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(new ToolAnnotations(true, false, null, true), d.annotations());
    assertNull(d.outputSchema());
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "uptimeMonitorId", "period", "start", "end",
        "checkLimit"), List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug", "projectSlug", "uptimeMonitorId"), d.inputSchema().get("required"));
  }

  @Test
  void monitorAndRecentChecks() {
    RenderedResult r = call(valid(), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(2, all.size(), all::toString);
    assertEquals(MONITOR, all.get(0).rawPath());
    assertEquals(Map.of(), query(all.get(0)));
    assertEquals(MONITOR + "checks/", all.get(1).rawPath());
    assertEquals(Map.of("per_page", "10", "statsPeriod", "24h"), query(all.get(1)));

    String text = r.text();
    assertTrue(text.startsWith("# Uptime Monitor " + ID + " in sentry-mcp-evals\n"), text);
    assertData(text, "API Health");
    assertData(text, "https://example.com/health");
    assertData(text, "application/json");
    Sanitized.assertNotOutsideData(text, "API Health");
    // the body is never shown, secret header values are redacted
    Sanitized.assertNotAnywhere(text, "should-not-appear");
    Sanitized.assertNotAnywhere(text, "secret-token");
    assertTrue(text.contains("[REDACTED]"), text);
    assertTrue(text.contains("A request body is configured; it is never shown."), text);
    assertTrue(text.contains("## Recent Checks (last 24h)"), text);
    assertData(text, "failure_incident");
    assertData(text, "timeout");
    assertData(text, "US East");
    assertTrue(text.contains("`uptime_rule:" + ID + "`"), text);
    assertFalse(text.contains("## Assertion"), text);
  }

  @Test
  void absoluteRangeAndLimit() {
    call(valid("start", "2025-04-01T00:00:00Z", "end", "2025-04-02T00:00:00Z", "checkLimit", 1), session());
    RecordedRequest checks = fake.journal().get(1);
    assertEquals(Map.of("per_page", "1", "start", "2025-04-01T00:00:00Z", "end", "2025-04-02T00:00:00Z"),
        query(checks));
  }

  @Test
  void periodIsPassed() {
    RenderedResult r = call(valid("period", "7d"), session());
    assertEquals(Map.of("per_page", "10", "statsPeriod", "7d"), query(fake.journal().get(1)));
    assertTrue(r.text().contains("## Recent Checks (last 7d)"), r.text());
  }

  @Test
  void assertionIsAJsonDataBlockAndNullsAreTolerated() {
    fake.override("GET", "/api/0/projects/*/*/uptime/*/",
        "{\"id\":\"" + ID + "\",\"name\":null,\"projectSlug\":null,\"headers\":null,\"body\":null,"
            + "\"assertion\":{\"op\":\"status_code\",\"value\":200},\"owner\":null,\"uptimeStatus\":null}");
    fake.override("GET", "/api/0/projects/*/*/uptime/*/checks/", "[{\"checkStatus\":null}]");
    RenderedResult r = call(valid(), session());
    assertTrue(r.text().contains("## Assertion"), r.text());
    assertTrue(r.text().contains("\"op\" : \"status_code\""), r.text());
    assertFalse(Sanitized.outside(r.text()).contains("status_code"), r.text());
    assertFalse(r.text().contains("request body is configured"), r.text());
    assertTrue(r.text().contains("Uptime Status: unknown"), r.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"period\":\"7d\",\"start\":\"2025-04-01T00:00:00Z\",\"end\":\"2025-04-02T00:00:00Z\"}",
      "{\"start\":\"2025-04-01T00:00:00Z\"}", "{\"end\":\"2025-04-02T00:00:00Z\"}",
      "{\"start\":\"2025-04-02T00:00:00Z\",\"end\":\"2025-04-01T00:00:00Z\"}", "{\"start\":\"yesterday\"}",
      "{\"period\":\"1y\"}", "{\"checkLimit\":51}", "{\"checkLimit\":0}"})
  void badTimeRangeOrLimitSendsNothing(String json) throws Exception {
    Map<String, Object> extra = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    Map<String, Object> a = valid();
    a.putAll(extra);
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, TOOL, a, session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "1/2", "1%2F2", "../../other/uptime/1", ""})
  void pathTraversalInTheMonitorIdSendsNothing(String id) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, TOOL, valid("uptimeMonitorId", id), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void constrainedSessionUsesItsProjectAndRefusesAMonitorOfAnother() {
    call(args("uptimeMonitorId", ID), projectConstrained(ORG, PROJECT));
    assertEquals(MONITOR, fake.journal().get(0).rawPath());
    fake.reset();
    fake.override("GET", "/api/0/projects/*/*/uptime/*/", "{\"id\":\"" + ID + "\",\"projectSlug\":\"other\"}");
    assertEquals(ErrorKind.PERMISSION_DENIED,
        failure(mcp, TOOL, args("uptimeMonitorId", ID), projectConstrained(ORG, PROJECT)).kind());
    assertEquals(1, fake.journal().size(), "no checks request for a monitor of another project");
  }

  @Test
  void unknownMonitorIsNotFound() {
    assertEquals(ErrorKind.NOT_FOUND, failure(mcp, TOOL, valid("uptimeMonitorId", "999"), session()).kind());
  }
}
