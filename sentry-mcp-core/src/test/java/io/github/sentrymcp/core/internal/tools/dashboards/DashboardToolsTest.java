package io.github.sentrymcp.core.internal.tools.dashboards;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DashboardToolsTest {
  private static final String LIST = "/api/0/organizations/sentry-mcp-evals/dashboards/";
  private static final String THREE = "[{\"id\":\"1\",\"title\":\"A\",\"projects\":[]},"
      + "{\"id\":\"2\",\"title\":\"B\",\"projects\":[42]},"
      + "{\"id\":\"3\",\"title\":\"C\",\"projects\":[1]},{\"id\":\"4\",\"title\":\"D\"}]";

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
  void descriptors() {
    ToolDescriptor f = descriptor(mcp, "find_dashboards");
    ToolTestSupport.assertHouseStyle(f);
    assertEquals(Set.of(Scope.ORG_READ), f.requiredScopes());
    assertEquals(Set.of(Skill.INSPECT), f.skills());
    assertEquals(Set.of("organizationSlug", "regionUrl", "titleQuery", "sort", "cursor", "limit"),
        map(f.inputSchema().get("properties")).keySet());
    ToolDescriptor g = descriptor(mcp, "get_dashboard_details");
    ToolTestSupport.assertHouseStyle(g);
    assertEquals(Set.of(Scope.ORG_READ), g.requiredScopes());
    assertEquals(Set.of("organizationSlug", "regionUrl", "dashboardIdOrTitle"),
        map(g.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug", "dashboardIdOrTitle"), g.inputSchema().get("required"));
  }

  @Test
  void findOrganizationWide() {
    RenderedResult r = call(mcp, "find_dashboards",
        args("organizationSlug", ORG, "titleQuery", "errors", "sort", "-dateCreated", "limit", 1), session());
    assertEquals(Map.of("per_page", "1", "query", "errors", "sort", "-dateCreated"), query(onlyGet(fake, LIST)));
    String text = r.text();
    assertTrue(text.startsWith("# Dashboards in sentry-mcp-evals\n"), text);
    assertData(text, "Errors Overview");
    assertData(text, "Jane Developer");
    Sanitized.assertNotOutsideData(text, "Errors Overview");
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, "find_dashboards").outputSchema(), sc);
    Map<String, Object> d = map(list(sc.get("dashboards")).get(0));
    assertEquals("101", d.get("id"));
    assertEquals(2L, d.get("widgetCount"));
    assertEquals(List.of("line", "table"), d.get("widgetTypes"));
    assertEquals(List.of("4509106749636608"), d.get("projects"));
    assertEquals(List.of("production"), d.get("environments"));
    assertEquals(true, sc.get("hasMore"));
    String next = (String) sc.get("nextCursor");
    assertNotNull(next);
    assertFalse(next.startsWith("mcp-dashboard-project:"), next);

    fake.clearJournal();
    RenderedResult second = call(mcp, "find_dashboards",
        args("organizationSlug", ORG, "titleQuery", "errors", "sort", "-dateCreated", "limit", 1, "cursor", next),
        session());
    assertEquals(next, query(onlyGet(fake, LIST)).get("cursor"));
    assertEquals("102", map(list(structured(second).get("dashboards")).get(0)).get("id"));
    assertNull(structured(second).get("nextCursor"));
  }

  @Test
  void underAProjectConstraintOnlyVisibleDashboardsAndOwnCursors() {
    var ctx = projectConstrained(ORG, PROJECT);
    RenderedResult r = call(mcp, "find_dashboards", args("limit", 1), ctx);
    List<RecordedRequest> reqs = fake.journal();
    assertEquals(3, reqs.size(), reqs::toString);
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", reqs.get(0).rawPath());
    assertEquals(Map.of("per_page", "1", "sort", "title"), query(reqs.get(1)));
    assertEquals("1", query(reqs.get(2)).get("per_page"));
    assertNotNull(query(reqs.get(2)).get("cursor"));
    // 101 names another project; 102 names none, so every project sees it
    List<Object> shown = list(structured(r).get("dashboards"));
    assertEquals(1, shown.size());
    assertEquals("102", map(shown.get(0)).get("id"));
    assertNull(structured(r).get("nextCursor"));
  }

  @Test
  void projectCursorResumesInsideAPage() {
    fake.override("GET", "/api/0/organizations/*/dashboards/", THREE);
    fake.override("GET", "/api/0/projects/*/*/", "{\"id\":42,\"slug\":\"cloudflare-mcp\"}");
    var ctx = projectConstrained(ORG, PROJECT);
    RenderedResult r = call(mcp, "find_dashboards", args("limit", 1), ctx);
    assertEquals("1", map(list(structured(r).get("dashboards")).get(0)).get("id"));
    String next = (String) structured(r).get("nextCursor");
    assertTrue(next.startsWith("mcp-dashboard-project:"), next);
    String json = new String(Base64.getUrlDecoder().decode(next.substring("mcp-dashboard-project:".length())),
        StandardCharsets.UTF_8);
    assertEquals("{\"v\":1,\"apiCursor\":null,\"offset\":1,\"pageLimit\":1}", json);
    assertConforms(descriptor(mcp, "find_dashboards").outputSchema(), structured(r));

    fake.clearJournal();
    RenderedResult r2 = call(mcp, "find_dashboards", args("limit", 5, "cursor", next), ctx);
    // the page size of the walk stays the cursor's; the page is asked for again and the offset skipped
    assertEquals("1", query(fake.journal().get(1)).get("per_page"));
    List<Object> items = list(structured(r2).get("dashboards"));
    assertEquals(List.of("2", "4"), items.stream().map(o -> map(o).get("id")).toList());
    assertNull(structured(r2).get("nextCursor"));
  }

  @Test
  void cursorsOfTheOtherModeAreRefusedWithoutRequests() {
    String mcpCursor = "mcp-dashboard-project:" + Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"v\":1,\"apiCursor\":null,\"offset\":1,\"pageLimit\":1}".getBytes(StandardCharsets.UTF_8));
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, "find_dashboards",
        args("organizationSlug", ORG, "cursor", mcpCursor), session()).kind());
    var ctx = projectConstrained(ORG, PROJECT);
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, "find_dashboards", args("cursor", "0:10:0"), ctx).kind());
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_dashboards", args("cursor", "mcp-dashboard-project:bm9wZQ"), ctx).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void detailsById() {
    RenderedResult r = call(mcp, "get_dashboard_details", args("organizationSlug", ORG, "dashboardIdOrTitle", "101"),
        session());
    onlyGet(fake, LIST + "101/");
    String text = r.text();
    assertTrue(text.startsWith("# Dashboard in sentry-mcp-evals\n"), text);
    assertData(text, "Errors Overview");
    assertData(text, "Handled Errors");
    assertData(text, "error.handled:true");
    Sanitized.assertNotOutsideData(text, "error.handled:true");
    assertTrue(text.contains("not live results"), text);
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, "get_dashboard_details").outputSchema(), sc);
    assertEquals("101", map(sc.get("dashboard")).get("id"));
    Map<String, Object> w = map(list(sc.get("widgets")).get(0));
    assertEquals("201", w.get("id"));
    assertEquals(List.of("error.handled:true"), w.get("conditions"));
    assertEquals(List.of("count()"), w.get("fields"));
  }

  @Test
  void detailsByExactTitleIgnoringCase() {
    RenderedResult r = call(mcp, "get_dashboard_details",
        args("organizationSlug", ORG, "dashboardIdOrTitle", "errors overview copy"), session());
    List<RecordedRequest> reqs = fake.journal();
    assertEquals(2, reqs.size(), reqs::toString);
    assertEquals(Map.of("query", "errors overview copy", "sort", "title", "per_page", "100"), query(reqs.get(0)));
    assertEquals(LIST + "102/", reqs.get(1).rawPath());
    assertEquals("102", map(structured(r).get("dashboard")).get("id"));
  }

  @Test
  void ambiguousOrUnknownTitlesAreInputErrors() {
    fake.override("GET", "/api/0/organizations/*/dashboards/", "[{\"id\":\"1\",\"title\":\"Same\"},"
        + "{\"id\":\"2\",\"title\":\"same\"}]");
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, "get_dashboard_details",
        args("organizationSlug", ORG, "dashboardIdOrTitle", "Same"), session()).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, "get_dashboard_details",
        args("organizationSlug", ORG, "dashboardIdOrTitle", "Other"), session()).kind());
    // a matching dashboard whose id could not be a path segment is never requested
    fake.override("GET", "/api/0/organizations/*/dashboards/", "[{\"id\":\"../1\",\"title\":\"Evil\"}]");
    fake.clearJournal();
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, "get_dashboard_details",
        args("organizationSlug", ORG, "dashboardIdOrTitle", "Evil"), session()).kind());
    assertEquals(1, fake.journal().size());
  }

  @Test
  void detailsUnderAProjectConstraint() {
    var ctx = projectConstrained(ORG, PROJECT);
    var e = failure(mcp, "get_dashboard_details", args("dashboardIdOrTitle", "101"), ctx);
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    fake.clearJournal();
    fake.override("GET", "/api/0/organizations/*/dashboards/102/", "{\"id\":\"102\",\"title\":\"All\","
        + "\"projects\":[],\"widgets\":[]}");
    RenderedResult r = call(mcp, "get_dashboard_details", args("dashboardIdOrTitle", "102"), ctx);
    assertEquals(2, fake.journal().size());
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", fake.journal().get(0).rawPath());
    assertTrue(r.text().contains("No widgets found."), r.text());
    // by title: a dashboard of another project is not found
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, "get_dashboard_details",
        args("dashboardIdOrTitle", "Errors Overview"), ctx).kind());
  }

  @Test
  void toleratesNulls() {
    fake.override("GET", "/api/0/organizations/*/dashboards/101/", "{\"id\":101,\"title\":null,\"widgets\":"
        + "[null,{\"id\":5,\"queries\":[null,{\"conditions\":null,\"fields\":null}]}],\"filters\":null}");
    RenderedResult r = call(mcp, "get_dashboard_details", args("organizationSlug", ORG, "dashboardIdOrTitle", "101"),
        session());
    assertConforms(descriptor(mcp, "get_dashboard_details").outputSchema(), structured(r));
    fake.override("GET", "/api/0/organizations/*/dashboards/", "[null,{\"id\":null},{\"id\":7,\"projects\":null}]");
    RenderedResult f = call(mcp, "find_dashboards", args("organizationSlug", ORG), session());
    assertConforms(descriptor(mcp, "find_dashboards").outputSchema(), structured(f));
    assertEquals(1, list(structured(f).get("dashboards")).size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim", "a/b", ".."})
  void badSlugsAreRefusedBeforeAnyRequest(String slug) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_dashboards", args("organizationSlug", slug), session()).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, "get_dashboard_details",
        args("organizationSlug", slug, "dashboardIdOrTitle", "1"), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }
}
