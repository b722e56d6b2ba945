package io.github.sentrymcp.core.internal.tools.alerts;

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

class FindAlertRulesToolTest {
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

  private static List<RecordedRequest> journal() {
    return fake.journal();
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, "find_alert_rules");
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.ORG_READ, Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(Set.of("organizationSlug", "regionUrl", "kind", "projectSlug", "query", "cursor", "limit"),
        map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
  }

  @Test
  void organizationWideListsMetricRulesOnly() {
    RenderedResult r = call(mcp, "find_alert_rules", args("organizationSlug", ORG), session());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/alert-rules/");
    assertEquals("per_page=10", req.rawQuery());
    String text = r.text();
    assertTrue(text.startsWith("# Alert Rules in sentry-mcp-evals\n"), text);
    assertTrue(text.contains("## Metric Alert Rules"), text);
    assertFalse(text.contains("## Issue Alert Rules"), text);
    assertTrue(text.contains("pass projectSlug to include them"), text);
    assertData(text, "P95 latency");
    assertData(text, "p95(transaction.duration)");
    Sanitized.assertNotOutsideData(text, "P95 latency");

    Map<String, Object> sc = structured(r);
    assertEquals(List.of(), sc.get("issueRules"));
    List<Object> metric = list(sc.get("metricRules"));
    assertEquals(2, metric.size());
    Map<String, Object> first = map(metric.get(0));
    assertEquals("201", first.get("id"));
    assertEquals("P95 latency", first.get("name"));
    assertEquals("0", first.get("status"));
    assertEquals(5L, ((Number) first.get("timeWindowMinutes")).longValue());
    assertEquals(List.of("cloudflare-mcp"), first.get("projects"));
    assertEquals(fake.baseUrl() + "/organizations/sentry-mcp-evals/issues/alerts/rules/details/201/", first.get("webUrl"));
    assertNull(map(sc.get("pagination")).get("issue"));
    assertEquals(Map.of(), withoutNull(map(map(sc.get("pagination")).get("metric"))));
    assertConforms(descriptor(mcp, "find_alert_rules").outputSchema(), sc);
  }

  private static Map<String, Object> withoutNull(Map<String, Object> m) {
    Map<String, Object> out = new java.util.HashMap<>(m);
    out.values().removeIf(v -> v == null);
    return out;
  }

  @Test
  void projectListsBothFamiliesWithExactRequests() {
    RenderedResult r = call(mcp, "find_alert_rules", args("organizationSlug", ORG, "projectSlug", PROJECT),
        session());
    List<RecordedRequest> all = journal();
    assertEquals(3, all.size(), () -> "requests: " + all);
    assertEquals("/api/0/organizations/sentry-mcp-evals/workflows/", all.get(0).rawPath());
    assertEquals("projectSlug=cloudflare-mcp&sortBy=-id&per_page=10", all.get(0).rawQuery());
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(1).rawPath());
    assertEquals("/api/0/organizations/sentry-mcp-evals/alert-rules/", all.get(2).rawPath());
    assertEquals("per_page=10&project=4509109104082945", all.get(2).rawQuery());

    Map<String, Object> sc = structured(r);
    List<Object> issue = list(sc.get("issueRules"));
    // the org-level workflow without detectors is not an issue alert rule
    assertEquals(List.of("101", "102", "104"), issue.stream().map(i -> map(i).get("id")).toList());
    Map<String, Object> first = map(issue.get(0));
    assertEquals("active", first.get("status"));
    assertEquals(30L, ((Number) first.get("frequencyMinutes")).longValue());
    assertEquals("production", first.get("environment"));
    assertEquals(fake.baseUrl() + "/organizations/sentry-mcp-evals/monitors/alerts/101/", first.get("webUrl"));
    Map<String, Object> second = map(issue.get(1));
    assertEquals("disabled", second.get("status"));
    assertEquals(60L, ((Number) second.get("frequencyMinutes")).longValue());
    assertEquals("Jane Doe", second.get("owner"));
    assertNull(second.get("filterMatch"));
    assertTrue(r.text().contains("## Issue Alert Rules"), r.text());
    assertData(r.text(), "Notify backend team");
    assertConforms(descriptor(mcp, "find_alert_rules").outputSchema(), sc);
  }

  @Test
  void issueQueryUsesTheWorkflowNameSearchAndPagesPerFamily() {
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "kind", "issue", "query", "crit\"ical", "limit", 1),
        session());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/workflows/");
    assertEquals("name:\"*crit\\\"ical*\"", req.queryParam("query"));
    assertEquals(List.of(), list(structured(r).get("issueRules")));

    fake.reset();
    r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "kind", "issue", "limit", 1), session());
    Map<String, Object> sc = structured(r);
    assertEquals(1, list(sc.get("issueRules")).size());
    assertEquals("0:1:0", map(map(sc.get("pagination")).get("issue")).get("nextCursor"));
    assertNull(map(sc.get("pagination")).get("metric"));
    assertTrue(Sanitized.outside(r.text()).contains("kind='issue' and `cursor` = 0:1:0"), r.text());

    fake.reset();
    r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "kind", "issue", "limit", 1, "cursor", "0:1:0"),
        session());
    RecordedRequest second = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/workflows/");
    assertEquals("projectSlug=cloudflare-mcp&sortBy=-id&cursor=0%3A1%3A0&per_page=1", second.rawQuery());
    assertEquals("102", map(list(structured(r).get("issueRules")).get(0)).get("id"));
  }

  @Test
  void workflowPagesAreFollowedPastUnattachedOnes() {
    // the first page (3 workflows) holds the unattached workflow 103: the tool asks for one more
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "kind", "issue", "limit", 3), session());
    assertEquals(List.of("101", "102", "104"),
        list(structured(r).get("issueRules")).stream().map(i -> map(i).get("id")).toList());
    assertEquals(2, journal().size());
    assertEquals("projectSlug=cloudflare-mcp&sortBy=-id&per_page=3", journal().get(0).rawQuery());
    assertEquals("projectSlug=cloudflare-mcp&sortBy=-id&cursor=0%3A3%3A0&per_page=1", journal().get(1).rawQuery());
  }

  @Test
  void metricQueryUsesCombinedRules() {
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "kind", "metric", "query", "latency"), session());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/combined-rules/");
    assertEquals("name=latency&alertType=alert_rule&per_page=10", req.rawQuery());
    assertEquals(List.of("201"),
        list(structured(r).get("metricRules")).stream().map(i -> map(i).get("id")).toList());
  }

  @Test
  void cursorWithBothFamiliesIsRefusedBeforeAnyRequest() {
    SentryMcpException e = failure(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "cursor", "0:10:0"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("kind='issue' or kind='metric'"), e.getMessage());
    assertTrue(journal().isEmpty());
  }

  @Test
  void issueKindNeedsAProject() {
    SentryMcpException e = failure(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "kind", "issue"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(journal().isEmpty());
    e = failure(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "kind", "issue", "projectSlug", "all"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(journal().isEmpty());
  }

  @Test
  void projectConstraintWins() {
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", "other", "kind", "issue"),
        projectConstrained(ORG, PROJECT));
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/workflows/");
    assertEquals("cloudflare-mcp", req.queryParam("projectSlug"));
    assertTrue(r.text().startsWith("# Alert Rules in sentry-mcp-evals/cloudflare-mcp\n"), r.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim", "a/b", "..", "%2e%2e", "p?x=1"})
  void invalidProjectIsRefusedBeforeAnyRequest(String slug) {
    SentryMcpException e = failure(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", slug), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(journal().isEmpty());
  }

  @Test
  void invalidKindAndLimitAreRefused() {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_alert_rules", args("organizationSlug", ORG, "kind", "cron"), session()).kind());
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_alert_rules", args("organizationSlug", ORG, "limit", 101), session()).kind());
    assertTrue(journal().isEmpty());
  }

  @Test
  void missingScopeIsRefused() {
    var orgOnly = ToolTestSupport.session(b -> b.scopes(Set.of(Scope.ORG_READ)).skills(Skill.active()));
    assertEquals(ErrorKind.PERMISSION_DENIED,
        failure(mcp, "find_alert_rules", args("organizationSlug", ORG), orgOnly).kind());
    assertTrue(journal().isEmpty());
  }

  @Test
  void nullsAndMissingFieldsDoNotBreakTheList() {
    fake.override("GET", "/api/0/organizations/*/alert-rules/",
        "[{\"id\":7,\"name\":null,\"projects\":null,\"triggers\":null,\"status\":null},{\"name\":\"no id\"}]");
    RenderedResult r = call(mcp, "find_alert_rules", args("organizationSlug", ORG), session());
    List<Object> metric = list(structured(r).get("metricRules"));
    assertEquals(1, metric.size());
    assertEquals("7", map(metric.get(0)).get("id"));
    assertConforms(descriptor(mcp, "find_alert_rules").outputSchema(), structured(r));
  }
}
