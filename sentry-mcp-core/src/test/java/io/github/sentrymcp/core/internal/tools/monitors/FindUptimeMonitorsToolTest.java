package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertData;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FindUptimeMonitorsToolTest {
  private static final String TOOL = "find_uptime_monitors";
  private static final String LIST = "/api/0/organizations/sentry-mcp-evals/uptime/";
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

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.ORG_READ, Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(new ToolAnnotations(true, false, null, true), d.annotations());
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "environment", "owner", "query", "limit",
        "cursor"), List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
    assertEquals(10L, ((Number) map(map(d.inputSchema().get("properties")).get("limit")).get("default")).longValue());
  }

  @Test
  void listsTheOrganizationsMonitors() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    RecordedRequest req = onlyGet(fake, LIST);
    assertEquals(Map.of("per_page", "10"), query(req));

    String text = r.text();
    assertTrue(text.startsWith("# Uptime Monitors in sentry-mcp-evals\n"), text);
    assertData(text, "API Health");
    assertData(text, "https://example.com/health");
    assertData(text, "the-goats");
    Sanitized.assertNotOutsideData(text, "API Health");
    Sanitized.assertNotAnywhere(text, "should-not-appear");
    Sanitized.assertNotAnywhere(text, "secret-token");

    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    Map<String, Object> m = map(list(sc.get("monitors")).get(0));
    assertEquals("4509100000001001", m.get("id"));
    assertEquals("API Health", m.get("name"));
    assertEquals("cloudflare-mcp", m.get("projectSlug"));
    assertEquals("active", m.get("status"));
    assertEquals("ok", m.get("uptimeStatus"));
    assertEquals("https://example.com/health", m.get("url"));
    assertEquals("GET", m.get("method"));
    assertEquals(60L, ((Number) m.get("intervalSeconds")).longValue());
    assertEquals("production", m.get("environment"));
    assertEquals("the-goats", m.get("owner"));
    assertTrue(String.valueOf(m.get("webUrl")).endsWith("/monitors/4509100000001001/"), m.toString());
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
  }

  @Test
  void projectIsResolvedToItsIdAndFiltersAreSent() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT,
        "environment", "production", "owner", "team:1", "query", "api", "limit", 5, "cursor", "0:5:0"), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(2, all.size(), all::toString);
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertEquals(LIST, all.get(1).rawPath());
    Map<String, String> q = query(all.get(1));
    assertEquals(Set.of("project", "environment", "owner", "query", "per_page", "cursor"), q.keySet());
    assertTrue(q.get("project").matches("\\d+"), q.toString());
    assertEquals("production", q.get("environment"));
    assertEquals("team:1", q.get("owner"));
    assertEquals("api", q.get("query"));
    assertEquals("5", q.get("per_page"));
    assertEquals("0:5:0", q.get("cursor"));
    assertTrue(r.text().startsWith("# Uptime Monitors in sentry-mcp-evals/cloudflare-mcp\n"), r.text());
  }

  @Test
  void allMeansEveryProjectButOnlyInLowerCase() {
    call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", "all"), session());
    assertEquals(Map.of("per_page", "10"), query(onlyGet(fake, LIST)));
    fake.clearJournal();
    call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", "ALL"), session());
    assertEquals("/api/0/projects/sentry-mcp-evals/ALL/", fake.journal().get(0).rawPath());
  }

  @Test
  void pagingFollowsSentrysLinkHeaderAndKeepsAtMostLimit() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 1; i <= 4; i++) {
      json.append(i > 1 ? "," : "").append("{\"id\":\"").append(i).append("\",\"name\":\"m").append(i)
          .append("\",\"uptimeStatus\":2}");
    }
    fake.override("GET", "/api/0/organizations/*/uptime/", json.append("]").toString());
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "limit", 3), session());
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    List<Object> monitors = list(sc.get("monitors"));
    assertEquals(3, monitors.size());
    assertEquals("failed", map(monitors.get(0)).get("uptimeStatus"));
    assertNull(map(monitors.get(0)).get("owner"));
    assertEquals(true, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
    assertTrue(Sanitized.outside(r.text()).contains("Sentry reported more monitors"), r.text());
  }

  @Test
  void toleratesNullsAndMissingFields() {
    fake.override("GET", "/api/0/organizations/*/uptime/",
        "[{\"id\":\"7\",\"name\":null,\"owner\":null,\"headers\":null,\"intervalSeconds\":\"x\"},{\"name\":\"no id\"}]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    List<Object> monitors = list(sc.get("monitors"));
    assertEquals(1, monitors.size());
    assertEquals("unknown", map(monitors.get(0)).get("uptimeStatus"));
  }

  @Test
  void emptyList() {
    fake.override("GET", "/api/0/organizations/*/uptime/", "[]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "query", "zzz"), session());
    assertTrue(r.text().contains("No uptime monitors matched the filters."), r.text());
    assertEquals(List.of(), structured(r).get("monitors"));
  }

  @Test
  void projectConstraintIsTheFilter() {
    call(mcp, TOOL, args("query", "api"), projectConstrained(ORG, PROJECT));
    List<RecordedRequest> all = fake.journal();
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertTrue(query(all.get(1)).containsKey("project"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../other", "a/b", "%2e%2e"})
  void invalidProjectSendsNothing(String project) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", project), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100, -1})
  void limitOutOfRangeSendsNothing(int limit) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, TOOL, args("organizationSlug", ORG, "limit", limit), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }
}
