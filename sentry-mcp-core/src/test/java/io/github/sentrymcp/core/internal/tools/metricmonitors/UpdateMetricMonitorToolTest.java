package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoWrites;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.DETECTOR;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.ID;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.MONITOR;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.assertRejected;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.monitorWith;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpdateMetricMonitorToolTest {
  private static final String TOOL = "update_metric_monitor";
  private static final String PROJECT_PATH = MetricMonitorStubs.PROJECT;

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.ALERTS_WRITE);

  private static Map<String, Object> valid(Object... changes) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("organizationSlug", ORG);
    a.put("monitorId", ID);
    for (int i = 0; i < changes.length; i += 2) {
      a.put((String) changes[i], changes[i + 1]);
    }
    return a;
  }

  private static Map<String, Object> condition(String id, String type, Object comparison, int result) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("type", type);
    c.put("comparison", comparison);
    c.put("conditionResult", result);
    return c;
  }

  private static final Map<String, Object> THRESHOLDS = Map.of("id", "4509100000004001", "logicType", "any",
      "conditions", List.of(condition("4509100000005001", "gt", 110, 75),
          condition("4509100000005002", "lte", 105, 0)));
  private static final String THRESHOLDS_JSON = "{\"id\":\"4509100000004001\",\"logicType\":\"any\",\"conditions\":["
      + "{\"id\":\"4509100000005001\",\"type\":\"gt\",\"comparison\":110,\"conditionResult\":75},"
      + "{\"id\":\"4509100000005002\",\"type\":\"lte\",\"comparison\":105,\"conditionResult\":0}]}";
  private static final Map<String, Object> DYNAMIC = Map.of("logicType", "any", "conditions", List.of(Map.of(
      "type", "anomaly_detection", "comparison", Map.of("sensitivity", "high", "seasonality", "auto",
          "thresholdType", 2), "conditionResult", 75)));
  private static final String DYNAMIC_JSON = "{\"logicType\":\"any\",\"conditions\":[{\"type\":\"anomaly_detection\","
      + "\"comparison\":{\"sensitivity\":\"high\",\"seasonality\":\"auto\",\"thresholdType\":2},"
      + "\"conditionResult\":75}]}";

  /** Serves {@code stored}, calls, and checks the GET then exactly one PUT with {@code body}. */
  private static RenderedResult updated(String stored, Map<String, Object> args, String body) {
    serve(api, stored);
    api.wm().stubFor(put(urlEqualTo(DETECTOR)).willReturn(json(200, MONITOR)));
    RenderedResult r = call(api, TOOL, args);
    assertRequests(api.wm(), "GET " + DETECTOR, "PUT " + DETECTOR);
    api.wm().verify(1, putRequestedFor(urlEqualTo(DETECTOR)).withRequestBody(equalToJson(body)));
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), structured(r));
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    var d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, false, true),
        Set.of(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "monitorId", "name", "description",
        "status", "owner", "query", "config", "conditionGroup", "workflowIds"),
        List.of("organizationSlug", "monitorId"));
  }

  @Test
  void disablesWithOnlyEnabledInTheBody() {
    RenderedResult r = updated(MONITOR, valid("status", "disabled"), "{\"enabled\":false}");
    assertEquals(ID, map(structured(r).get("monitor")).get("id"));
    assertTrue(r.text().startsWith("# Updated Metric Monitor " + ID + " in sentry-mcp-evals\n"), r.text());
  }

  @Test
  void metadataAndAlertsAsGivenNullsClear() {
    Map<String, Object> args = valid("name", "Renamed", "status", "active", "workflowIds", List.of());
    args.put("owner", null);
    args.put("description", null);
    updated(MONITOR, args,
        "{\"name\":\"Renamed\",\"owner\":null,\"description\":null,\"workflowIds\":[],\"enabled\":true}");
  }

  @Test
  void queryChangesAreMergedOverTheStoredQuery() {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("query", "");
    q.put("timeWindowSeconds", 3600);
    q.put("environment", null);
    updated(MONITOR, valid("query", q), "{\"dataSources\":[{\"dataset\":\"events\",\"query\":\"\","
        + "\"aggregate\":\"count()\",\"eventTypes\":[\"error\"],\"timeWindow\":3600,\"environment\":null,"
        + "\"extrapolationMode\":null}]}");
  }

  @Test
  void percentDeltaChangesKeepTheConditionIds() {
    updated(monitorWith("\"config\":{\"detectionType\":\"percent\",\"comparisonDelta\":3600}"),
        valid("config", Map.of("comparisonDeltaSeconds", 86400), "conditionGroup", THRESHOLDS),
        "{\"config\":{\"detectionType\":\"percent\",\"comparisonDelta\":86400},\"conditionGroup\":"
            + THRESHOLDS_JSON + "}");
  }

  @Test
  void staticToDynamicWithMatchingConditions() {
    updated(MONITOR, valid("config", Map.of("detectionType", "dynamic"), "conditionGroup", DYNAMIC),
        "{\"config\":{\"detectionType\":\"dynamic\",\"comparisonDelta\":null},\"conditionGroup\":"
            + DYNAMIC_JSON + "}");
  }

  @Test
  void percentToStaticClearsTheDelta() {
    updated(monitorWith("\"config\":{\"detectionType\":\"percent\",\"comparisonDelta\":3600}"),
        valid("config", Map.of("detectionType", "static"), "conditionGroup", THRESHOLDS),
        "{\"config\":{\"detectionType\":\"static\",\"comparisonDelta\":null},\"conditionGroup\":"
            + THRESHOLDS_JSON + "}");
  }

  @Test
  void nothingToChangeSendsNothing() {
    assertRejected(api, TOOL, valid(), "at least one field");
  }

  static Stream<Arguments> incompatible() {
    return Stream.of(
        Arguments.of(MONITOR, valid("config", Map.of("comparisonDeltaSeconds", 3600)), "Percent"),
        Arguments.of(MONITOR, valid("config", Map.of("detectionType", "percent"), "conditionGroup", THRESHOLDS),
            "comparisonDeltaSeconds"),
        Arguments.of(MONITOR, valid("config", Map.of("detectionType", "dynamic")), "matching conditionGroup"),
        Arguments.of(MONITOR, valid("config", Map.of("detectionType", "dynamic"), "conditionGroup", THRESHOLDS),
            "anomaly_detection"),
        Arguments.of(MONITOR, valid("conditionGroup", DYNAMIC), "does not match"),
        Arguments.of(monitorWith("\"dataSources\":[]"), valid("query", Map.of("aggregate", "count_unique(user)")),
            "query cannot be changed"),
        Arguments.of(monitorWith("\"type\":\"uptime_domain_failure\""), valid("status", "active"),
            "does not identify a Metric Monitor"));
  }

  @ParameterizedTest
  @MethodSource("incompatible")
  void changesThatDoNotFitTheStoredMonitorWriteNothing(String stored, Map<String, Object> args, String message) {
    serve(api, stored);
    SentryMcpException e = failure(api, TOOL, args, ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertNoWrites(api.wm());
  }

  @Test
  void aMonitorOfAnotherProjectIsNotWritten() {
    serve(api, monitorWith("\"projectId\":\"4509109104082946\""));
    SentryMcpException e = failure(api, TOOL, valid("projectSlug", PROJECT, "status", "disabled"),
        ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains(PROJECT), e.getMessage());
    assertRequests(api.wm(), "GET " + DETECTOR, "GET " + PROJECT_PATH);
  }

  @Test
  void theSessionsProjectIsChecked() {
    serve(api, monitorWith("\"projectId\":null"));
    failure(api, TOOL, valid("status", "disabled"), api.projectConstrained(ORG, PROJECT),
        ErrorKind.PERMISSION_DENIED);
    assertNoWrites(api.wm());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(valid("monitorId", "../1", "status", "active"), "monitorId"),
        Arguments.of(valid("monitorId", "1/2", "status", "active"), "monitorId"),
        Arguments.of(valid("monitorId", "abc", "status", "active"), "monitorId"),
        Arguments.of(valid("status", "paused"), "status"),
        Arguments.of(valid("query", Map.of()), "query"),
        Arguments.of(valid("config", Map.of()), "config"),
        Arguments.of(valid("conditionGroup", Map.of("conditions", List.of(Map.of("type", "gt", "comparison", 1,
            "conditionResult", 75)))), "conditionGroup.logicType"),
        Arguments.of(valid("conditionGroup", Map.of("logicType", "any", "conditions", List.of(Map.of("id", "x/y",
            "type", "gt", "comparison", 1, "conditionResult", 75)))), "conditions[0].id"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidArgumentsSendNothing(Map<String, Object> args, String field) {
    assertRejected(api, TOOL, args, field);
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    MetricMonitorStubs.assertPermissionChecks(api, TOOL, valid("status", "disabled"));
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(api, TOOL, valid("projectSlug", PROJECT, "status", "disabled"));
  }

  @Test
  void aConstrainedSessionUpdatesItsProjectsMonitor() {
    serve(api, MONITOR);
    api.wm().stubFor(put(urlEqualTo(DETECTOR)).willReturn(json(200, MONITOR)));
    call(api, TOOL, valid("status", "disabled"), api.projectConstrained(ORG, PROJECT));
    assertRequests(api.wm(), "GET " + DETECTOR, "GET " + PROJECT_PATH, "PUT " + DETECTOR);
  }
}
