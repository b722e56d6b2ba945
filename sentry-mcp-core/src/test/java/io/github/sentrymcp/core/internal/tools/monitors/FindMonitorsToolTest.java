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

class FindMonitorsToolTest {
  private static final String TOOL = "find_monitors";
  private static final String LIST = "/api/0/organizations/sentry-mcp-evals/monitors/";
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
    assertEquals(Set.of(Scope.ORG_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(new ToolAnnotations(true, false, null, true), d.annotations());
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "environment", "owner", "query", "limit",
        "cursor"), List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
  }

  @Test
  void listsTheOrganizationsCronMonitors() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    assertEquals(Map.of("per_page", "10"), query(onlyGet(fake, LIST)));

    String text = r.text();
    assertTrue(text.startsWith("# Cron Monitors in sentry-mcp-evals\n"), text);
    assertData(text, "nightly-import");
    assertData(text, "Nightly Import");
    assertData(text, "0 2 * * *");
    assertData(text, "missed_checkin");
    Sanitized.assertNotOutsideData(text, "Nightly Import");
    assertTrue(text.contains("## Environments"), text);

    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    Map<String, Object> m = map(list(sc.get("monitors")).get(0));
    assertEquals("4509100000000001", m.get("id"));
    assertEquals("nightly-import", m.get("slug"));
    assertEquals("Nightly Import", m.get("name"));
    assertEquals("cloudflare-mcp", m.get("projectSlug"));
    assertEquals("ok", m.get("status"));
    assertEquals("the-goats", m.get("owner"));
    assertEquals("2025-04-14T02:00:13Z", m.get("lastCheckIn"));
    assertEquals("2025-04-15T02:00:00Z", m.get("nextCheckIn"));
    assertTrue(String.valueOf(m.get("webUrl")).endsWith("/crons/cloudflare-mcp/nightly-import/"), m.toString());
    Map<String, Object> schedule = map(m.get("schedule"));
    assertEquals("crontab", schedule.get("type"));
    assertEquals("0 2 * * *", schedule.get("value"));
    assertEquals(5L, ((Number) schedule.get("checkInMargin")).longValue());
    assertEquals(30L, ((Number) schedule.get("maxRuntime")).longValue());
    List<Object> envs = list(m.get("environments"));
    assertEquals(2, envs.size());
    assertEquals(Map.of("name", "staging", "status", "missed_checkin", "lastCheckIn", "2025-04-13T02:00:18Z"),
        envs.get(1));
    assertEquals(false, m.get("hasMoreEnvironments"));
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
  }

  @Test
  void filtersAreSentAsTheReference() {
    call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT, "environment", "production",
        "owner", "myteams", "query", "nightly", "limit", 3, "cursor", "0:3:0"), session());
    assertEquals(Map.of("projectSlug", PROJECT, "environment", "production", "owner", "myteams",
        "query", "nightly", "per_page", "3", "cursor", "0:3:0"), query(onlyGet(fake, LIST)));
  }

  @Test
  void allMeansEveryProject() {
    call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", "all"), session());
    assertEquals(Map.of("per_page", "10"), query(onlyGet(fake, LIST)));
  }

  @Test
  void schedulesIntervalsAndEnvironmentCapAndNulls() {
    StringBuilder envs = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      envs.append(i > 0 ? "," : "").append("{\"name\":\"env").append(i).append("\",\"status\":\"ok\"}");
    }
    fake.override("GET", "/api/0/organizations/*/monitors/", "["
        + "{\"slug\":\"a\",\"config\":{\"schedule\":[\"interval\",5,\"minute\"]},\"environments\":[" + envs + "]},"
        + "{\"slug\":\"b\",\"name\":null,\"project\":null,\"owner\":null,\"config\":{\"schedule\":{\"type\":\"interval\","
        + "\"value\":2,\"unit\":\"hour\"}},\"environments\":null},"
        + "{\"slug\":\"c\",\"config\":null},"
        + "{\"name\":\"no slug\"}]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    List<Object> monitors = list(sc.get("monitors"));
    assertEquals(3, monitors.size());
    Map<String, Object> a = map(monitors.get(0));
    assertEquals(Map.of("type", "interval", "value", "5 minute"), withoutNulls(map(a.get("schedule"))));
    assertEquals(5, list(a.get("environments")).size());
    assertEquals(true, a.get("hasMoreEnvironments"));
    Map<String, Object> b = map(monitors.get(1));
    assertEquals("b", b.get("name"));
    assertNull(b.get("projectSlug"));
    assertEquals("2 hour", map(b.get("schedule")).get("value"));
    assertTrue(String.valueOf(b.get("webUrl")).endsWith("/crons/b/"), b.toString());
    assertNull(map(monitors.get(2)).get("schedule"));
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    Map<String, Object> out = new java.util.HashMap<>();
    m.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  @Test
  void moreThanLimitIsHasMore() {
    fake.override("GET", "/api/0/organizations/*/monitors/", "[{\"slug\":\"a\"},{\"slug\":\"b\"},{\"slug\":\"c\"}]");
    Map<String, Object> sc = structured(call(mcp, TOOL, args("organizationSlug", ORG, "limit", 2), session()));
    assertEquals(2, list(sc.get("monitors")).size());
    assertEquals(true, sc.get("hasMore"));
  }

  @Test
  void emptyList() {
    fake.override("GET", "/api/0/organizations/*/monitors/", "[]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "owner", "unassigned"), session());
    assertTrue(r.text().contains("No cron monitors matched the filters."), r.text());
    assertEquals(List.of(), structured(r).get("monitors"));
  }

  @Test
  void projectConstraintIsTheFilter() {
    call(mcp, TOOL, args(), projectConstrained(ORG, PROJECT));
    assertEquals(PROJECT, query(onlyGet(fake, LIST)).get("projectSlug"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../other", "a/b", "%2e%2e"})
  void invalidProjectSendsNothing(String project) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", project), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100})
  void limitOutOfRangeSendsNothing(int limit) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, TOOL, args("organizationSlug", ORG, "limit", limit), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }
}
