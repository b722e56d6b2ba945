package io.github.sentrymcp.core.internal.tools.outcomes;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.query;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
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

class FindDroppedEventsToolTest {
  private static final String TOOL = "find_dropped_events";
  private static final String PATH = "/api/0/organizations/sentry-mcp-evals/events-dropped/";
  private static FakeSentry fake;
  private static SentryMcp mcp;

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

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.EVENT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(Set.of("organizationSlug", "regionUrl", "dataset", "projectSlug", "statsPeriod", "start", "end",
        "interval", "outcome", "reason"), map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
  }

  @Test
  void organizationWideDropsSummedAndBucketed() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "statsPeriod", "24h"), session());

    RecordedRequest req = onlyGet(fake, PATH);
    assertEquals(Map.of("dataset", "spans", "statsPeriod", "24h", "referrer", "api.mcp.search-events"), query(req));
    assertEquals("dataset=spans&statsPeriod=24h&referrer=api.mcp.search-events", req.rawQuery());

    String text = r.text();
    assertTrue(text.startsWith("# Dropped spans in sentry-mcp-evals\n"), text);
    String outside = Sanitized.outside(text);
    assertTrue(outside.contains("Window: last 24h, buckets of 1h"), text);
    assertTrue(outside.contains("Accepted: 3300"), text);
    assertTrue(outside.contains("Dropped: 625 (15.9% of received)"), text);
    // summed by outcome and reason: key_quota 400 + 150
    assertTrue(text.contains("rate_limited | key_quota | span | 550\n"), text);
    Sanitized.assertInData(text, "rate_limited");
    Sanitized.assertInData(text, "key_quota");
    Sanitized.assertInData(text, "sample_rate");
    Sanitized.assertNotOutsideData(text, "key_quota");
    // a zero bucket is not a row
    Sanitized.assertNotAnywhere(text, "release-version");
    assertTrue(text.contains("2023-11-14T22:13:20Z | rate_limited | key_quota | 400\n"), text);

    Map<String, Object> sc = structured(r);
    assertEquals("spans", sc.get("dataset"));
    assertEquals(3600000L, ((Number) sc.get("interval")).longValue());
    assertEquals(625L, ((Number) sc.get("droppedTotal")).longValue());
    assertEquals(3300L, ((Number) sc.get("acceptedTotal")).longValue());
    List<Object> dropped = list(sc.get("droppedEvents"));
    assertEquals(4, dropped.size());
    assertEquals(Map.of("outcome", "rate_limited", "reason", "key_quota", "category", "span", "start",
        1700000000000L, "end", 1700003600000L, "count", 400L), normalise(map(dropped.get(0))));
    assertEquals(3, list(sc.get("acceptedEvents")).size());
    assertEquals(false, sc.get("truncated"));
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
  }

  @Test
  void projectDatasetWindowAndFiltersReachTheRequest() {
    call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT, "dataset", "metrics", "start",
        "2025-04-01T00:00:00Z", "end", "2025-04-02T00:00:00Z", "interval", "1d", "outcome", "rate_limited",
        "reason", "spike_protection"), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(2, all.size(), all::toString);
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertEquals(PATH, all.get(1).rawPath());
    assertEquals("dataset=tracemetrics&interval=1d&start=2025-04-01T00%3A00%3A00Z&end=2025-04-02T00%3A00%3A00Z"
        + "&project=4509109104082945&outcome=rate_limited&reason=spike_protection&referrer=api.mcp.search-events",
        all.get(1).rawQuery());
  }

  @Test
  void noDropsSaysTheDataIsComplete() {
    fake.override("GET", "/api/0/organizations/*/events-dropped/",
        "{\"meta\":{\"dataset\":\"errors\",\"interval\":null},\"droppedEvents\":[],\"acceptedEvents\":[]}");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "dataset", "errors"), session());
    assertEquals("dataset=errors&referrer=api.mcp.search-events", onlyGet(fake, PATH).rawQuery());
    assertTrue(r.text().contains("No drops in this window: the stored data is complete."), r.text());
    assertTrue(r.text().contains("Window: Sentry's default"), r.text());
    Map<String, Object> sc = structured(r);
    assertEquals(null, sc.get("interval"));
    assertEquals(List.of(), sc.get("droppedEvents"));
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
  }

  @Test
  void nullsAndMissingFieldsNeverBreakIt() {
    fake.override("GET", "/api/0/organizations/*/events-dropped/",
        "{\"droppedEvents\":[null,{\"count\":\"x\"},{\"outcome\":\"invalid\",\"count\":2.0}],\"acceptedEvents\":null}");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    Map<String, Object> sc = structured(r);
    assertEquals(2L, ((Number) sc.get("droppedTotal")).longValue());
    assertEquals(2, list(sc.get("droppedEvents")).size());
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    Sanitized.assertInData(r.text(), "invalid");
  }

  @Test
  void theConstrainedProjectIsUsed() {
    call(mcp, TOOL, args("organizationSlug", ORG), projectConstrained(ORG, PROJECT));
    List<RecordedRequest> all = fake.journal();
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertTrue(all.get(1).rawQuery().contains("project=4509109104082945"), all.get(1).rawQuery());
  }

  @Test
  void badInputIsRefusedWithoutRequests() {
    for (Map<String, Object> a : List.<Map<String, Object>>of(
        args("organizationSlug", ORG, "statsPeriod", "24h", "start", "2025-04-01T00:00:00Z", "end",
            "2025-04-02T00:00:00Z"),
        args("organizationSlug", ORG, "start", "2025-04-01T00:00:00Z"),
        args("organizationSlug", ORG, "start", "2025-04-02T00:00:00Z", "end", "2025-04-01T00:00:00Z"),
        args("organizationSlug", ORG, "start", "yesterday", "end", "2025-04-01T00:00:00Z"),
        args("organizationSlug", ORG, "statsPeriod", "1 day"),
        args("organizationSlug", ORG, "interval", "1h&x=1"),
        args("organizationSlug", ORG, "dataset", "transactions"),
        args("organizationSlug", ORG, "outcome", "accepted"),
        args("organizationSlug", ORG, "reason", "../x"),
        args("organizationSlug", ORG, "projectSlug", "../../victim-org"),
        args("organizationSlug", "../victim"))) {
      SentryMcpException e = failure(mcp, TOOL, a, session());
      assertEquals(ErrorKind.INVALID_INPUT, e.kind(), () -> a + ": " + e.getMessage());
      assertTrue(fake.journal().isEmpty(), () -> a + " sent " + fake.journal());
    }
  }

  @Test
  void anUnknownProjectNamesTheParameter() {
    fake.override("GET", "/api/0/projects/*/*/", 404, "{\"detail\": \"The requested resource does not exist\"}");
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", "no-such-project"),
        session());
    assertEquals(1, fake.journal().size());
    assertEquals(ErrorKind.NOT_FOUND, e.kind(), e::getMessage);
    assertTrue(e.getMessage().contains("projectSlug"), e.getMessage());
  }

  @Test
  void notAvailableWithoutEventRead() {
    assertFalse(ToolTestSupport.available(mcp, session(b -> b.scopes(EnumSet.of(Scope.ORG_READ,
        Scope.PROJECT_READ)))).contains(TOOL));
  }

  private static Map<String, Object> normalise(Map<String, Object> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Number n ? (Object) n.longValue() : v));
    return out;
  }
}
