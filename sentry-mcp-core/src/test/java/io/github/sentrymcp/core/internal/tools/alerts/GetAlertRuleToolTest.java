package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertData;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
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
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetAlertRuleToolTest {
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

  private static RenderedResult md(String tool, java.util.Map<String, ?> args, io.github.sentrymcp.api.Session s) {
    RenderedResult r = mcp.sanitizer().render(mcp.call(tool, args, s));
    assertFalse(r.isError(), r.text());
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, "get_alert_rule");
    assertTrue(d.description().contains("<examples>"));
    assertNull(d.outputSchema());
    assertTrue(d.annotations().readOnly());
    assertEquals(Set.of(Scope.ORG_READ, Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(Set.of("organizationSlug", "regionUrl", "kind", "projectSlug", "ruleIdOrName"),
        map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug", "ruleIdOrName"), d.inputSchema().get("required"));
  }

  private static final String ORG_API = "/api/0/organizations/sentry-mcp-evals/";
  private static final String MONITOR = "4509100000002001";
  private static final String LEGACY = "4509100000009001";

  private static List<String> paths() {
    return fake.journal().stream().map(RecordedRequest::rawPath).toList();
  }

  @Test
  void issueRuleByIdInAProjectChecksItsScopeAndShowsItsSources() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "projectSlug", PROJECT, "ruleIdOrName", "101"), session());
    assertEquals(List.of("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", ORG_API + "workflows/101/project-scope/",
        ORG_API + "workflows/101/", ORG_API + "detectors/9001/"), paths());
    String text = r.text();
    assertTrue(text.startsWith("# Alert Rule in sentry-mcp-evals/cloudflare-mcp\n"), text);
    assertTrue(text.contains("## Issue Alert Rule"), text);
    assertData(text, "Notify backend team");
    assertFalse(Sanitized.outside(text).contains("#backend"), text);
    assertTrue(text.contains("Frequency: 30 minutes"), text);
    assertTrue(text.contains("Condition: First seen event (comparison: true, result: true)"), text);
    assertTrue(text.contains("Filter: Tagged event (key: region, match: eq, value: eu)"), text);
    assertTrue(text.contains("Action: Slack (target: #backend, target type: specific, integration id: 40)"), text);
    assertFalse(text.contains("target display"), "targetDisplay 'unknown' is left out");
    assertTrue(text.contains("### Triggers"), text);
    assertTrue(text.contains("### Action Filters"), text);
    assertTrue(text.contains(fake.baseUrl() + "/organizations/sentry-mcp-evals/monitors/alerts/101/"), text);
    assertTrue(text.contains("Project Scope: "), text);
    assertData(text, "4509109104082945");
    assertTrue(text.contains("### Sources"), text);
    assertTrue(text.contains("9001 | unavailable (not found or not accessible) |"), text);
  }

  @Test
  void issueRuleByIdOrganizationWideReadsTheRuleThenItsScope() {
    fake.override("GET", "/api/0/organizations/*/detectors/9001/",
        "{\"id\":\"9001\",\"name\":\"Backend issues\",\"type\":\"issue_stream\",\"projectId\":\"4509109104082945\","
            + "\"enabled\":true}");
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "ruleIdOrName", "101"), session());
    assertEquals(List.of(ORG_API + "workflows/101/", ORG_API + "workflows/101/project-scope/",
        ORG_API + "detectors/9001/"), paths());
    String text = r.text();
    assertTrue(text.startsWith("# Alert Rule in sentry-mcp-evals\n"), text);
    assertTrue(text.contains("9001 | available |"), text);
    assertData(text, "Backend issues");
    assertData(text, "issue_stream");
  }

  @Test
  void anAlertWithoutSourcesIsShownOrganizationWideButNotInAConstrainedSession() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "ruleIdOrName", "103"), session());
    assertTrue(r.text().contains("Project Scope: no project"), r.text());
    assertTrue(r.text().contains("No connected sources."), r.text());

    fake.reset();
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "ruleIdOrName", "103"), projectConstrained(ORG, PROJECT));
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    // the scope does not cover the project: the id is not read, the name search finds nothing
    assertEquals(List.of("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", ORG_API + "workflows/103/project-scope/",
        ORG_API + "workflows/"), paths());
    assertEquals("sortBy=-id&projectSlug=cloudflare-mcp&query=name%3A%22%2A103%2A%22&per_page=100",
        fake.journal().get(2).rawQuery());
  }

  @Test
  void aSourceOutsideTheSessionsProjectIsMarkedWithoutItsDetails() {
    fake.override("GET", "/api/0/organizations/*/detectors/9001/",
        "{\"id\":\"9001\",\"name\":\"Secret source\",\"type\":\"metric_issue\",\"projectId\":\"99\"}");
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "ruleIdOrName", "101"), projectConstrained(ORG, PROJECT));
    assertTrue(r.text().contains("9001 | outside this session's project |"), r.text());
    assertFalse(r.text().contains("Secret source"), r.text());
  }

  @Test
  void issueRuleByNameIsFetchedAgainByItsId() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "ruleIdOrName", "notify BACKEND team"), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(List.of(ORG_API + "workflows/", ORG_API + "workflows/101/", ORG_API + "workflows/101/project-scope/",
        ORG_API + "detectors/9001/"), paths());
    assertEquals("sortBy=-id&query=name%3A%22%2Anotify%20BACKEND%20team%2A%22&per_page=100", all.get(0).rawQuery());
    assertData(r.text(), "Notify backend team");
  }

  @Test
  void ambiguousIssueNameIsAnError() {
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "projectSlug", PROJECT, "ruleIdOrName", "Critical errors"),
        session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertEquals(2, e.details().size());
  }

  @Test
  void metricDetectorReferenceReadsTheMonitorOnly() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", "detector:" + MONITOR), session());
    assertEquals(List.of(ORG_API + "detectors/" + MONITOR + "/"), paths());
    String text = r.text();
    assertTrue(text.startsWith("# Alert Rule in sentry-mcp-evals\n"), text);
    assertTrue(text.contains("## Metric Monitor"), text);
    assertData(text, "High error count");
    assertData(text, "level:error");
    assertData(text, "count()");
    assertTrue(text.contains("Time Window: 300s"), text);
    assertTrue(text.contains("get_metric_monitor_details"), text);
    assertTrue(text.contains(fake.baseUrl() + "/organizations/sentry-mcp-evals/monitors/" + MONITOR + "/"), text);
  }

  @Test
  void legacyMetricIdIsMappedToItsMonitor() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", LEGACY), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(List.of(ORG_API + "alert-rule-detector/", ORG_API + "detectors/" + MONITOR + "/"), paths());
    assertEquals("alert_rule_id=" + LEGACY, all.get(0).rawQuery());
    assertData(r.text(), "High error count");
  }

  @Test
  void unmappedLegacyIdIsNeverTakenForAMonitorId() {
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", MONITOR), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("find_metric_monitors"), e.getMessage());
    assertEquals(List.of(ORG_API + "alert-rule-detector/"), paths());
    assertEquals("alert_rule_id=" + MONITOR, fake.journal().get(0).rawQuery());
  }

  @Test
  void metricNameIsResolvedThroughMetricMonitors() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "projectSlug", PROJECT, "ruleIdOrName", "high ERROR count"),
        session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(List.of("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", ORG_API + "detectors/",
        ORG_API + "detectors/" + MONITOR + "/", "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/"), paths());
    assertEquals("project=4509109104082945&type=metric_issue&query=name%3A%22high%20ERROR%20count%22&per_page=100",
        all.get(1).rawQuery());
    assertData(r.text(), "High error count");
  }

  @Test
  void monitorOutsideTheSessionsProjectIsRefused() {
    fake.override("GET", "/api/0/organizations/*/detectors/" + MONITOR + "/",
        "{\"id\":\"" + MONITOR + "\",\"type\":\"metric_issue\",\"name\":\"x\",\"projectId\":\"99\"}");
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", LEGACY), projectConstrained(ORG, PROJECT));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals(List.of(ORG_API + "alert-rule-detector/", ORG_API + "detectors/" + MONITOR + "/",
        "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/"), paths());
  }

  @Test
  void allSearchesBothFamiliesByExactName() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "ruleIdOrName", "High error count"), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(List.of(ORG_API + "workflows/", ORG_API + "detectors/", ORG_API + "detectors/" + MONITOR + "/"),
        paths());
    assertEquals("sortBy=-id&query=name%3A%22%2AHigh%20error%20count%2A%22&per_page=100", all.get(0).rawQuery());
    assertEquals("project=-1&type=metric_issue&query=name%3A%22High%20error%20count%22&per_page=100",
        all.get(1).rawQuery());
    assertTrue(r.text().contains("## Metric Monitor"));
  }

  @Test
  void allWithADigitOnlyValueIsANameAndNotFoundIsAnError() {
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "ruleIdOrName", "101"), session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertEquals(List.of(ORG_API + "workflows/", ORG_API + "detectors/"), paths());
  }

  @Test
  void ambiguityAcrossFamiliesIsAnError() {
    fake.override("GET", "/api/0/organizations/*/detectors/",
        "[{\"id\":\"205\",\"type\":\"metric_issue\",\"name\":\"Notify backend team\"}]");
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "ruleIdOrName", "Notify backend team"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("1 issue, 1 metric"), e.getMessage());
    assertEquals(2, e.details().size());
  }

  @Test
  void anotherProjectInAConstrainedSessionIsRefusedWithoutRequests() {
    for (String kind : List.of("issue", "metric", "all")) {
      SentryMcpException e = failure(mcp, "get_alert_rule",
          args("organizationSlug", ORG, "kind", kind, "projectSlug", "other", "ruleIdOrName", "detector:1"),
          projectConstrained(ORG, PROJECT));
      assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
      assertTrue(e.getMessage().contains("(cloudflare-mcp)"), e.getMessage());
    }
    assertTrue(fake.journal().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../victim", "..", "1/../2", "%2e%2e", "detector:../1", "detector:1/../2"})
  void pathTraversalIdsNeverBecomePathSegments(String id) {
    for (String kind : List.of("metric", "issue")) {
      fake.reset();
      failure(mcp, "get_alert_rule", args("organizationSlug", ORG, "kind", kind, "ruleIdOrName", id), session());
      for (RecordedRequest r : fake.journal()) {
        assertTrue(r.rawPath().equals(ORG_API + "detectors/") || r.rawPath().equals(ORG_API + "workflows/"),
            r.rawPath());
      }
    }
  }

  @Test
  void missingFieldsDoNotBreakTheDetails() {
    fake.override("GET", "/api/0/organizations/*/detectors/5/",
        "{\"id\":5,\"type\":\"metric_issue\",\"name\":null,\"dataSources\":[null,{\"queryObj\":null}],"
            + "\"conditionGroup\":null,\"config\":null}");
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", "detector:5"), session());
    assertTrue(r.text().contains("## Metric Monitor"));
    fake.override("GET", "/api/0/organizations/*/workflows/7/",
        "{\"id\":7,\"name\":null,\"triggers\":null,\"actionFilters\":[null],\"detectorIds\":null}");
    fake.override("GET", "/api/0/organizations/*/workflows/7/project-scope/", "{\"projectIds\":null}");
    r = md("get_alert_rule", args("organizationSlug", ORG, "kind", "issue", "ruleIdOrName", "7"), session());
    assertTrue(r.text().contains("## Issue Alert Rule"));
  }
}
