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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetMonitorDetailsToolTest {
  private static final String TOOL = "get_monitor_details";
  private static final String SLUG = "nightly-import";
  private static final String ORG_MONITOR = "/api/0/organizations/sentry-mcp-evals/monitors/" + SLUG + "/";
  private static final String PROJECT_MONITOR =
      "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/monitors/" + SLUG + "/";
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
    Map<String, Object> a = new LinkedHashMap<>(Map.of("organizationSlug", ORG, "monitorSlug", SLUG));
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
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlugOrId", "monitorSlug", "environment", "period",
        "start", "end", "checkInLimit", "includeStats", "rollupSeconds"),
        List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug", "monitorSlug"), d.inputSchema().get("required"));
  }

  @Test
  void monitorCheckInsAndStatsByOrganization() {
    RenderedResult r = call(valid(), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(3, all.size(), all::toString);
    assertEquals(ORG_MONITOR, all.get(0).rawPath());
    assertEquals(Map.of(), query(all.get(0)));
    assertEquals(ORG_MONITOR + "checkins/", all.get(1).rawPath());
    assertEquals(Map.of("per_page", "10", "statsPeriod", "24h"), query(all.get(1)));
    assertEquals(ORG_MONITOR + "stats/", all.get(2).rawPath());
    Map<String, String> stats = query(all.get(2));
    assertEquals(Set.of("since", "until"), stats.keySet());
    assertEquals(86_400L, Long.parseLong(stats.get("until")) - Long.parseLong(stats.get("since")));

    String text = r.text();
    assertTrue(text.startsWith("# Cron Monitor nightly-import in sentry-mcp-evals\n"), text);
    assertData(text, "Nightly Import");
    assertData(text, "0 2 * * *");
    assertData(text, "missed_checkin");
    assertData(text, "the-goats");
    Sanitized.assertNotOutsideData(text, "Nightly Import");
    assertTrue(text.contains("Check-In Margin: 5 min"), text);
    assertTrue(text.contains("## Recent Check-Ins (last 24h)"), text);
    assertTrue(text.contains("## Stats (last 10 buckets)"), text);
    assertTrue(text.contains("2025-04-15T02:00:00Z | 0 | 0 | 1 | 0"), text);
  }

  @Test
  void projectPathEnvironmentAbsoluteRangeAndRollup() {
    call(valid("projectSlugOrId", PROJECT, "environment", "production", "start", "2025-04-01T00:00:00Z",
        "end", "2025-04-02T00:00:00Z", "checkInLimit", 5, "rollupSeconds", 3600), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(PROJECT_MONITOR, all.get(0).rawPath());
    assertEquals(Map.of("environment", "production"), query(all.get(0)));
    assertEquals(PROJECT_MONITOR + "checkins/", all.get(1).rawPath());
    assertEquals(Map.of("environment", "production", "per_page", "5", "start", "2025-04-01T00:00:00Z",
        "end", "2025-04-02T00:00:00Z"), query(all.get(1)));
    assertEquals(PROJECT_MONITOR + "stats/", all.get(2).rawPath());
    assertEquals(Map.of("environment", "production", "since", "1743465600", "until", "1743552000",
        "resolution", "3600s"), query(all.get(2)));
  }

  @Test
  void statsCanBeLeftOut() {
    RenderedResult r = call(valid("includeStats", false, "period", "7d"), session());
    assertEquals(2, fake.journal().size());
    assertEquals(Map.of("per_page", "10", "statsPeriod", "7d"), query(fake.journal().get(1)));
    assertFalse(r.text().contains("## Stats"), r.text());
  }

  @Test
  void toleratesNulls() {
    fake.override("GET", "/api/0/organizations/*/monitors/*/", "{\"slug\":\"" + SLUG + "\",\"name\":null,"
        + "\"project\":null,\"config\":null,\"environments\":null,\"owner\":null,\"lastCheckIn\":null}");
    fake.override("GET", "/api/0/organizations/*/monitors/*/checkins/", "[{\"status\":null,\"duration\":null}]");
    fake.override("GET", "/api/0/organizations/*/monitors/*/stats/", "[{\"ts\":null}]");
    RenderedResult r = call(valid(), session());
    assertTrue(r.text().contains("Sentry returned no schedule."), r.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a/b", "%2e%2e", "../../x"})
  void pathTraversalSendsNothing(String bad) {
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, TOOL, valid("monitorSlug", bad), session()).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, TOOL, valid("projectSlugOrId", bad), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"period\":\"7d\",\"start\":\"2025-04-01T00:00:00Z\",\"end\":\"2025-04-02T00:00:00Z\"}",
      "{\"start\":\"2025-04-01T00:00:00Z\"}", "{\"checkInLimit\":51}", "{\"rollupSeconds\":0}"})
  void badRangeSendsNothing(String json) throws Exception {
    Map<String, Object> a = valid();
    a.putAll(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, TOOL, a, session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void constrainedSessionUsesItsProjectAndRefusesAMonitorOfAnother() {
    call(args("monitorSlug", SLUG), projectConstrained(ORG, PROJECT));
    assertEquals(PROJECT_MONITOR, fake.journal().get(0).rawPath());
    fake.reset();
    fake.override("GET", "/api/0/projects/*/*/monitors/*/",
        "{\"slug\":\"" + SLUG + "\",\"project\":{\"slug\":\"other\"}}");
    assertEquals(ErrorKind.PERMISSION_DENIED,
        failure(mcp, TOOL, args("monitorSlug", SLUG), projectConstrained(ORG, PROJECT)).kind());
    assertEquals(1, fake.journal().size());
  }

  @Test
  void unknownMonitorIsNotFound() {
    assertEquals(ErrorKind.NOT_FOUND, failure(mcp, TOOL, valid("monitorSlug", "nope"), session()).kind());
  }
}
