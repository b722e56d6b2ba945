package io.github.sentrymcp.core.internal.tools.metricmonitors;

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
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.ArrayList;
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

class FindMetricMonitorsToolTest {
  static final String TOOL = "find_metric_monitors";
  static final String LIST = "/api/0/organizations/sentry-mcp-evals/detectors/";
  static final String PROJECT_PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/";
  static final String PROJECT_ID = "4509109104082945";

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

  private static List<String> ids(RenderedResult r) {
    List<String> ids = new ArrayList<>();
    for (Object m : list(structured(r).get("monitors"))) {
      ids.add((String) map(m).get("id"));
    }
    return ids;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(new ToolAnnotations(true, false, null, true), d.annotations());
    assertEquals(Set.of(Scope.ORG_READ, Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(Set.of(Skill.INSPECT), d.skills());
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "query", "cursor", "limit"),
        List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
    Map<String, Object> limit = map(map(d.inputSchema().get("properties")).get("limit"));
    assertEquals(1L, ((Number) limit.get("minimum")).longValue());
    assertEquals(100L, ((Number) limit.get("maximum")).longValue());
    assertEquals(10L, ((Number) limit.get("default")).longValue());
  }

  @Test
  void everyProjectWithOnlyMetricMonitors() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    List<RecordedRequest> reqs = fake.journal();
    assertEquals(1, reqs.size(), reqs::toString);
    assertEquals(LIST, reqs.get(0).rawPath());
    assertEquals("project=-1&type=metric_issue&per_page=10", reqs.get(0).rawQuery());

    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    // the uptime detector Sentry sent along is left out
    assertEquals(List.of("4509100000002001", "4509100000002003"), ids(r));
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("id", "4509100000002001");
    first.put("name", "High error count");
    first.put("projectId", PROJECT_ID);
    first.put("enabled", true);
    first.put("owner", "the-goats");
    first.put("workflowIds", List.of("4509100000003001"));
    first.put("webUrl", fake.baseUrl() + "/organizations/sentry-mcp-evals/monitors/4509100000002001/");
    assertEquals(first, map(list(sc.get("monitors")).get(0)));
    Map<String, Object> second = map(list(sc.get("monitors")).get(1));
    assertEquals(false, second.get("enabled"));
    assertNull(second.get("owner"));
    assertEquals(List.of(), second.get("workflowIds"));
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));

    assertTrue(r.text().startsWith("# Metric Monitors in sentry-mcp-evals\n"), r.text());
    assertData(r.text(), "High error count");
    assertData(r.text(), "Slow checkout p95");
    assertFalse(r.text().contains("Uptime check"), r.text());
    assertTrue(r.text().contains("get_metric_monitor_details"), r.text());
  }

  @Test
  void aProjectIsResolvedToItsIdAndFiltered() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT, "query",
        "name:\"High error\"", "limit", 25), session());
    List<RecordedRequest> reqs = fake.journal();
    assertEquals(2, reqs.size(), reqs::toString);
    assertEquals(PROJECT_PATH, reqs.get(0).rawPath());
    assertEquals(LIST, reqs.get(1).rawPath());
    assertEquals("project=" + PROJECT_ID + "&type=metric_issue&query=name%3A%22High%20error%22&per_page=25",
        reqs.get(1).rawQuery());
    // the monitor of another project that Sentry sent along is left out
    assertEquals(List.of("4509100000002001"), ids(r));
    assertTrue(r.text().startsWith("# Metric Monitors in sentry-mcp-evals/cloudflare-mcp\n"), r.text());
  }

  @Test
  void allMeansEveryProject() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", "all"), session());
    List<RecordedRequest> reqs = fake.journal();
    assertEquals(1, reqs.size(), reqs::toString);
    assertEquals("-1", reqs.get(0).queryParam("project"));
    assertEquals(2, ids(r).size());
  }

  @Test
  void theSessionsProjectIsUsed() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", "all"),
        projectConstrained(ORG, PROJECT));
    assertEquals(PROJECT_PATH, fake.journal().get(0).rawPath());
    assertEquals(PROJECT_ID, fake.journal().get(1).queryParam("project"));
    assertEquals(List.of("4509100000002001"), ids(r));
  }

  @Test
  void pagesWithTheCursor() {
    RenderedResult first = call(mcp, TOOL, args("organizationSlug", ORG, "limit", 1), session());
    Map<String, Object> sc = structured(first);
    assertEquals(List.of("4509100000002001"), ids(first));
    assertEquals(true, sc.get("hasMore"));
    String cursor = (String) sc.get("nextCursor");
    assertTrue(cursor != null && !cursor.isEmpty());
    assertTrue(first.text().contains("Next page: "), first.text());

    fake.clearJournal();
    RenderedResult second = call(mcp, TOOL, args("organizationSlug", ORG, "limit", 1, "cursor", cursor), session());
    assertEquals(cursor, fake.journal().get(0).queryParam("cursor"));
    assertEquals(List.of("4509100000002003"), ids(second));
  }

  @Test
  void emptyList() {
    fake.override("GET", LIST, "[]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "query", "nothing"), session());
    assertEquals(List.of(), ids(r));
    assertTrue(r.text().contains("No Metric Monitors matched the query."), r.text());
  }

  @Test
  void missingFieldsAndNullsDoNotBreakIt() {
    fake.override("GET", LIST, "[{\"id\":\"7\",\"type\":\"metric_issue\",\"name\":null,\"owner\":{},"
        + "\"workflowIds\":null,\"enabled\":null}, null, 3, {\"type\":\"metric_issue\"}]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG), session());
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    assertEquals(2, list(sc.get("monitors")).size());
  }

  @Test
  void unknownOrganizationIsNotFoundNamingIt() {
    fake.override("GET", LIST, 404, "{\"detail\":\"The requested resource does not exist\"}");
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG), session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("organizationSlug='sentry-mcp-evals'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=101", "cursor=a/b", "projectSlug=../x", "projectSlug=a%2Fb"})
  void invalidArgumentsSendNothing(String arg) {
    String[] kv = arg.split("=", 2);
    Object value = kv[0].equals("limit") ? (Object) Integer.parseInt(kv[1]) : kv[1];
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, kv[0], value), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains(kv[0]), e.getMessage());
    assertEquals(List.of(), fake.journal());
  }

  @Test
  void withoutProjectReadTheToolIsRefused() {
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG), session(b -> b.scopes("org:read")));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals(List.of(), fake.journal());
  }
}
