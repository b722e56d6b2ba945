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

  private static final String WORKFLOWS = "/api/0/organizations/sentry-mcp-evals/workflows/";
  private static final String DETECTORS = "/api/0/organizations/sentry-mcp-evals/detectors/";

  @Test
  void organizationWideListsAlertsAndMetricMonitors() {
    RenderedResult r = call(mcp, "find_alert_rules", args("organizationSlug", ORG), session());
    List<RecordedRequest> all = journal();
    assertEquals(2, all.size(), () -> "requests: " + all);
    assertEquals(WORKFLOWS, all.get(0).rawPath());
    assertEquals("sortBy=-id&per_page=10", all.get(0).rawQuery());
    assertEquals(DETECTORS, all.get(1).rawPath());
    assertEquals("project=-1&type=metric_issue&per_page=10", all.get(1).rawQuery());

    String text = r.text();
    assertTrue(text.startsWith("# Alert Rules in sentry-mcp-evals\n"), text);
    assertTrue(text.contains("## Alerts"), text);
    assertTrue(text.contains("## Metric Monitors"), text);
    assertData(text, "Notify backend team");
    assertData(text, "Org level workflow");
    assertData(text, "High error count");
    assertData(text, "level:error");
    Sanitized.assertNotOutsideData(text, "High error count");
    assertTrue(text.contains("| 4509100000009001 | 4509100000002001 | enabled |"), text);
    assertTrue(text.contains("| detector:4509100000002003 | 4509100000002003 | disabled |"), text);
    assertTrue(text.contains(FindAlertRulesTool.METRIC_MONITOR_HINT), text);

    Map<String, Object> sc = structured(r);
    // every workflow is an Alert, the one without connected sources too
    assertEquals(List.of("101", "102", "103", "104"),
        list(sc.get("issueRules")).stream().map(i -> map(i).get("id")).toList());
    List<Object> metric = list(sc.get("metricRules"));
    // the uptime detector is left out
    assertEquals(2, metric.size());
    Map<String, Object> first = map(metric.get(0));
    assertEquals("4509100000009001", first.get("id"));
    assertEquals("4509100000002001", first.get("monitorId"));
    assertEquals("4509109104082945", first.get("projectId"));
    assertEquals(true, first.get("enabled"));
    assertEquals("enabled", first.get("status"));
    assertEquals("High error count", first.get("name"));
    assertEquals("events", first.get("dataset"));
    assertEquals("count()", first.get("aggregate"));
    assertEquals("level:error", first.get("query"));
    assertEquals(5L, ((Number) first.get("timeWindowMinutes")).longValue());
    assertEquals("production", first.get("environment"));
    assertEquals("the-goats", first.get("owner"));
    assertTrue(String.valueOf(first.get("dateCreated")).startsWith("2025-06-01T10:00:00"), first.toString());
    assertEquals(fake.baseUrl() + "/organizations/sentry-mcp-evals/monitors/4509100000002001/", first.get("webUrl"));
    Map<String, Object> second = map(metric.get(1));
    assertEquals("detector:4509100000002003", second.get("id"));
    assertEquals("4509100000002003", second.get("monitorId"));
    assertEquals("4509109104082946", second.get("projectId"));
    assertEquals(false, second.get("enabled"));
    assertEquals("disabled", second.get("status"));
    assertNull(second.get("owner"));
    assertEquals(FindAlertRulesTool.METRIC_MONITOR_HINT, sc.get("metricMonitorHint"));
    assertNull(map(map(sc.get("pagination")).get("issue")).get("nextCursor"));
    assertNull(map(map(sc.get("pagination")).get("metric")).get("nextCursor"));
    assertConforms(descriptor(mcp, "find_alert_rules").outputSchema(), sc);
  }

  @Test
  void projectFiltersBothFamiliesWithExactRequests() {
    RenderedResult r = call(mcp, "find_alert_rules", args("organizationSlug", ORG, "projectSlug", PROJECT),
        session());
    List<RecordedRequest> all = journal();
    assertEquals(3, all.size(), () -> "requests: " + all);
    assertEquals(WORKFLOWS, all.get(0).rawPath());
    assertEquals("sortBy=-id&projectSlug=cloudflare-mcp&per_page=10", all.get(0).rawQuery());
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(1).rawPath());
    assertEquals(DETECTORS, all.get(2).rawPath());
    assertEquals("project=4509109104082945&type=metric_issue&per_page=10", all.get(2).rawQuery());

    Map<String, Object> sc = structured(r);
    List<Object> issue = list(sc.get("issueRules"));
    Map<String, Object> first = map(issue.get(0));
    assertEquals("101", first.get("id"));
    assertEquals("active", first.get("status"));
    assertEquals(30L, ((Number) first.get("frequencyMinutes")).longValue());
    assertEquals("production", first.get("environment"));
    assertEquals(fake.baseUrl() + "/organizations/sentry-mcp-evals/monitors/alerts/101/", first.get("webUrl"));
    Map<String, Object> second = map(issue.get(1));
    assertEquals("disabled", second.get("status"));
    assertEquals(60L, ((Number) second.get("frequencyMinutes")).longValue());
    assertEquals("Jane Doe", second.get("owner"));
    assertNull(second.get("filterMatch"));
    // the other project's monitor is left out
    assertEquals(List.of("4509100000009001"),
        list(sc.get("metricRules")).stream().map(i -> map(i).get("id")).toList());
    assertTrue(r.text().startsWith("# Alert Rules in sentry-mcp-evals/cloudflare-mcp\n"), r.text());
    assertData(r.text(), "Notify backend team");
    assertConforms(descriptor(mcp, "find_alert_rules").outputSchema(), sc);
  }

  @Test
  void kindIssueListsAlertsOrganizationWideWithTheWorkflowNameSearch() {
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "kind", "issue", "query", "crit\"ical"), session());
    RecordedRequest req = onlyGet(fake, WORKFLOWS);
    assertEquals("sortBy=-id&query=name%3A%22%2Acrit%5C%22ical%2A%22&per_page=10", req.rawQuery());
    assertEquals("name:\"*crit\\\"ical*\"", req.queryParam("query"));
    Map<String, Object> sc = structured(r);
    assertEquals(List.of(), list(sc.get("issueRules")));
    assertEquals(List.of(), list(sc.get("metricRules")));
    assertNull(map(sc.get("pagination")).get("metric"));
    assertNull(sc.get("metricMonitorHint"));
    assertFalse(r.text().contains("## Metric Monitors"), r.text());
    assertConforms(descriptor(mcp, "find_alert_rules").outputSchema(), sc);
  }

  @Test
  void kindIssuePagesWithItsOwnCursor() {
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "kind", "issue", "limit", 1), session());
    assertEquals("sortBy=-id&projectSlug=cloudflare-mcp&per_page=1", onlyGet(fake, WORKFLOWS).rawQuery());
    Map<String, Object> sc = structured(r);
    assertEquals(1, list(sc.get("issueRules")).size());
    assertEquals("0:1:0", map(map(sc.get("pagination")).get("issue")).get("nextCursor"));
    assertTrue(Sanitized.outside(r.text()).contains("kind='issue' and `cursor` = 0:1:0"), r.text());

    fake.reset();
    r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "kind", "issue", "limit", 1, "cursor", "0:1:0"),
        session());
    assertEquals("sortBy=-id&projectSlug=cloudflare-mcp&cursor=0%3A1%3A0&per_page=1",
        onlyGet(fake, WORKFLOWS).rawQuery());
    assertEquals("102", map(list(structured(r).get("issueRules")).get(0)).get("id"));
  }

  @Test
  void moreWorkflowsThanAskedAreCutWithoutACursor() {
    fake.override("GET", "/api/0/organizations/*/workflows/",
        "[{\"id\":\"1\",\"name\":\"a\"},{\"id\":\"2\",\"name\":\"b\"},{\"id\":\"3\",\"name\":\"c\"}]");
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "kind", "issue", "limit", 2), session());
    Map<String, Object> sc = structured(r);
    assertEquals(List.of("1", "2"), list(sc.get("issueRules")).stream().map(i -> map(i).get("id")).toList());
    assertNull(map(map(sc.get("pagination")).get("issue")).get("nextCursor"));
  }

  @Test
  void kindMetricSearchesMetricMonitorsByName() {
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "kind", "metric", "query", "error \"count\""), session());
    RecordedRequest req = onlyGet(fake, DETECTORS);
    assertEquals("name:\"*error \\\"count\\\"*\"", req.queryParam("query"));
    assertEquals("project=-1&type=metric_issue&query=name%3A%22%2Aerror%20%5C%22count%5C%22%2A%22&per_page=10",
        req.rawQuery());
    Map<String, Object> sc = structured(r);
    assertNull(map(sc.get("pagination")).get("issue"));
    assertEquals(List.of(), list(sc.get("issueRules")));
    assertFalse(r.text().contains("## Alerts"), r.text());
    assertConforms(descriptor(mcp, "find_alert_rules").outputSchema(), sc);
  }

  @Test
  void kindMetricPagesWithItsOwnCursor() {
    RenderedResult r = call(mcp, "find_alert_rules",
        args("organizationSlug", ORG, "kind", "metric", "limit", 1, "cursor", "0:1:0"), session());
    assertEquals("project=-1&type=metric_issue&cursor=0%3A1%3A0&per_page=1", onlyGet(fake, DETECTORS).rawQuery());
    assertEquals("detector:4509100000002003",
        map(list(structured(r).get("metricRules")).get(0)).get("id"));
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
  void aConstrainedSessionListsItsProject() {
    RenderedResult r = call(mcp, "find_alert_rules", args("organizationSlug", ORG, "kind", "issue"),
        projectConstrained(ORG, PROJECT));
    RecordedRequest req = onlyGet(fake, WORKFLOWS);
    assertEquals("sortBy=-id&projectSlug=cloudflare-mcp&per_page=10", req.rawQuery());
    assertTrue(r.text().startsWith("# Alert Rules in sentry-mcp-evals/cloudflare-mcp\n"), r.text());
  }

  @Test
  void anotherProjectInAConstrainedSessionIsRefusedWithoutRequests() {
    for (String project : List.of("other", "all")) {
      SentryMcpException e = failure(mcp, "find_alert_rules", args("organizationSlug", ORG, "projectSlug", project),
          projectConstrained(ORG, PROJECT));
      assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    }
    assertTrue(journal().isEmpty());
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
    fake.override("GET", "/api/0/organizations/*/detectors/",
        "[{\"id\":7,\"name\":null,\"enabled\":null,\"dataSources\":null,\"alertRuleId\":null},"
            + "{\"name\":\"no id\"},{\"id\":\"8\",\"dataSources\":[{\"type\":\"snuba_query_subscription\","
            + "\"queryObj\":{\"snubaQuery\":{\"dataset\":\"events\",\"timeWindow\":90}}}]}]");
    fake.override("GET", "/api/0/organizations/*/workflows/", "[{\"id\":5,\"name\":null,\"config\":null}]");
    RenderedResult r = call(mcp, "find_alert_rules", args("organizationSlug", ORG), session());
    List<Object> metric = list(structured(r).get("metricRules"));
    assertEquals(2, metric.size());
    assertEquals("detector:7", map(metric.get(0)).get("id"));
    assertNull(map(metric.get(0)).get("status"));
    assertEquals(1.5, ((Number) map(metric.get(1)).get("timeWindowMinutes")).doubleValue());
    assertEquals(1, list(structured(r).get("issueRules")).size());
    assertConforms(descriptor(mcp, "find_alert_rules").outputSchema(), structured(r));
  }
}
