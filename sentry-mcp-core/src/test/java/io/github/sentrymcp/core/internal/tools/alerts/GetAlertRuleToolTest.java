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

  @Test
  void issueRuleByIdIsHumanised() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "projectSlug", PROJECT, "ruleIdOrName", "101"), session());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/workflows/");
    assertEquals("projectSlug=cloudflare-mcp&id=101&per_page=1", req.rawQuery());
    String text = r.text();
    assertTrue(text.startsWith("# Alert Rule in sentry-mcp-evals/cloudflare-mcp\n"), text);
    assertTrue(text.contains("## Issue Alert Rule"), text);
    assertData(text, "Notify backend team");
    assertFalse(Sanitized.outside(text).contains("#backend"), text);
    assertTrue(text.contains("Frequency: 30 minutes"), text);
    assertTrue(text.contains("### Conditions"), text);
    assertTrue(text.contains("Condition: First seen event (comparison: true, result: true)"), text);
    assertTrue(text.contains("Condition: Event frequency count (comparison: {\"value\":100,\"interval\":\"1h\"})"), text);
    assertTrue(text.contains("### Filters"), text);
    assertTrue(text.contains("Filter: Tagged event (key: region, match: eq, value: eu)"), text);
    assertTrue(text.contains("### Actions"), text);
    assertTrue(text.contains("Action: Slack (target: #backend, target type: specific, integration id: 40)"), text);
    assertTrue(text.contains("Notify backend team"), text);
    assertFalse(text.contains("target display"), "targetDisplay 'unknown' is left out");
    assertTrue(text.contains("### Triggers"), text);
    assertTrue(text.contains("Conditions: Regression event (comparison: "), text);
    assertTrue(text.contains("### Action Filters"), text);
    assertTrue(text.contains("Actions: Email (target type: "), text);
    assertTrue(text.contains(fake.baseUrl() + "/organizations/sentry-mcp-evals/monitors/alerts/101/"), text);
  }

  @Test
  void issueRuleByNameFallsBackToTheNameSearch() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "projectSlug", PROJECT, "ruleIdOrName", "notify BACKEND team"),
        session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(2, all.size(), () -> "requests: " + all);
    assertEquals("projectSlug=cloudflare-mcp&sortBy=-id&query=name%3A%22%2Anotify%20BACKEND%20team%2A%22"
        + "&per_page=100", all.get(0).rawQuery());
    assertEquals("projectSlug=cloudflare-mcp&id=101&per_page=1", all.get(1).rawQuery());
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
  void metricRuleByIdWithTriggers() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", "201"), session());
    onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/alert-rules/201/");
    String text = r.text();
    assertTrue(text.contains("## Metric Alert Rule"), text);
    assertTrue(text.contains("Time Window: 5 minutes"), text);
    assertData(text, "p95(transaction.duration)");
    assertTrue(text.contains("### Triggers"), text);
    assertTrue(text.contains(" threshold: "), text);
    assertTrue(text.contains("Trigger: critical threshold: 1500; resolves below: 1000"), text);
    assertTrue(text.contains("Actions: Slack (target type: specific, target: #alerts)"), text);
    assertTrue(text.contains(fake.baseUrl() + "/organizations/sentry-mcp-evals/issues/alerts/rules/details/201/"), text);
  }

  @Test
  void unknownMetricIdFallsBackToNameSearch() {
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", "999"), session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    List<RecordedRequest> all = fake.journal();
    assertEquals(2, all.size(), () -> "requests: " + all);
    assertEquals("/api/0/organizations/sentry-mcp-evals/alert-rules/999/", all.get(0).rawPath());
    assertEquals("/api/0/organizations/sentry-mcp-evals/combined-rules/", all.get(1).rawPath());
    assertEquals("name=999&alertType=alert_rule&per_page=100", all.get(1).rawQuery());
  }

  @Test
  void metricRuleOutsideTheProjectIsRefused() {
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", "202"), projectConstrained(ORG, PROJECT));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("outside project cloudflare-mcp"), e.getMessage());
  }

  @Test
  void allSearchesBothFamiliesByExactName() {
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "ruleIdOrName", "p95 LATENCY"), session());
    List<RecordedRequest> all = fake.journal();
    assertEquals(List.of("/api/0/organizations/sentry-mcp-evals/workflows/",
        "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/",
        "/api/0/organizations/sentry-mcp-evals/combined-rules/",
        "/api/0/organizations/sentry-mcp-evals/alert-rules/201/"),
        all.stream().map(RecordedRequest::rawPath).toList());
    assertEquals("name=p95%20LATENCY&alertType=alert_rule&project=4509109104082945&per_page=100",
        all.get(2).rawQuery());
    assertTrue(r.text().contains("## Metric Alert Rule"));
  }

  @Test
  void allWithADigitOnlyValueIsANameAndNotFoundIsAnError() {
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "ruleIdOrName", "201"), session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/combined-rules/");
    assertEquals("name=201&alertType=alert_rule&per_page=100", req.rawQuery());
  }

  @Test
  void ambiguityAcrossFamiliesIsAnError() {
    fake.override("GET", "/api/0/organizations/*/combined-rules/",
        "[{\"id\":\"205\",\"name\":\"Notify backend team\",\"projects\":[\"cloudflare-mcp\"]}]");
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "projectSlug", PROJECT, "ruleIdOrName", "Notify backend team"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("1 issue, 1 metric"), e.getMessage());
    assertEquals(2, e.details().size());
  }

  @Test
  void issueKindNeedsAProjectAndMakesNoRequest() {
    SentryMcpException e = failure(mcp, "get_alert_rule",
        args("organizationSlug", ORG, "kind", "issue", "ruleIdOrName", "101"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../victim", "..", "1/../2", "%2e%2e"})
  void pathTraversalIdsNeverBecomePathSegments(String id) {
    failure(mcp, "get_alert_rule", args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", id), session());
    for (RecordedRequest r : fake.journal()) {
      assertEquals("/api/0/organizations/sentry-mcp-evals/combined-rules/", r.rawPath());
    }
  }

  @Test
  void missingFieldsDoNotBreakTheDetails() {
    fake.override("GET", "/api/0/organizations/*/alert-rules/*/",
        "{\"id\":5,\"name\":null,\"triggers\":[null,{\"actions\":null}],\"projects\":null}");
    RenderedResult r = md("get_alert_rule",
        args("organizationSlug", ORG, "kind", "metric", "ruleIdOrName", "5"), session());
    assertTrue(r.text().contains("## Metric Alert Rule"));
  }
}
