package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertSentryValidationError;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.callWithOneRequest;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.MONITOR;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.assertRejected;
import static io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorStubs.monitorWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class CreateMetricMonitorToolTest {
  private static final String TOOL = "create_metric_monitor";
  private static final String PATH = "/api/0/organizations/sentry-mcp-evals/projects/cloudflare-mcp/detectors/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.ALERTS_WRITE);

  private static Map<String, Object> query() {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("dataset", "events");
    q.put("query", "level:error");
    q.put("aggregate", "count()");
    q.put("eventTypes", List.of("error"));
    q.put("timeWindowSeconds", 300);
    return q;
  }

  private static Map<String, Object> threshold(String type, Object comparison, int result) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("comparison", comparison);
    c.put("conditionResult", result);
    return c;
  }

  private static Map<String, Object> anomaly() {
    return threshold("anomaly_detection",
        Map.of("sensitivity", "high", "seasonality", "auto", "thresholdType", 2), 75);
  }

  /** Copied from get_metric_monitor_details: group and condition ids, which create drops. */
  private static Map<String, Object> copiedGroup() {
    Map<String, Object> gt = new LinkedHashMap<>(threshold("gt", 100, 75));
    gt.put("id", "4509100000005001");
    Map<String, Object> lte = new LinkedHashMap<>(threshold("lte", 50, 0));
    lte.put("id", "4509100000005002");
    return Map.of("id", "4509100000004001", "logicType", "any", "conditions", List.of(gt, lte));
  }

  private static Map<String, Object> valid() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("organizationSlug", ORG);
    a.put("projectSlug", PROJECT);
    a.put("name", "High error count");
    a.put("query", query());
    a.put("config", Map.of("detectionType", "static"));
    a.put("conditionGroup", copiedGroup());
    return a;
  }

  private static final String STATIC_BODY = "{\"type\":\"metric_issue\",\"name\":\"High error count\","
      + "\"config\":{\"detectionType\":\"static\",\"comparisonDelta\":null},"
      + "\"conditionGroup\":{\"logicType\":\"any\",\"conditions\":["
      + "{\"type\":\"gt\",\"comparison\":100,\"conditionResult\":75},"
      + "{\"type\":\"lte\",\"comparison\":50,\"conditionResult\":0}]},"
      + "\"dataSources\":[{\"dataset\":\"events\",\"query\":\"level:error\",\"aggregate\":\"count()\","
      + "\"eventTypes\":[\"error\"],\"timeWindow\":300,\"environment\":null}],"
      + "\"workflowIds\":[]}";

  private static RenderedResult created(Map<String, ?> args, String body, String answer) {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(201, answer)));
    RenderedResult r = callWithOneRequest(api, TOOL, args,
        postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), structured(r));
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    var d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, false, false, true),
        Set.of(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "name", "description", "owner", "query",
            "config", "conditionGroup", "workflowIds"),
        List.of("organizationSlug", "projectSlug", "name", "query", "config", "conditionGroup"));
  }

  @Test
  void createsAStaticMonitorWithoutAlertsAndDropsCopiedIds() {
    RenderedResult r = created(valid(), STATIC_BODY, monitorWith("\"workflowIds\":[]"));
    Map<String, Object> sc = structured(r);
    assertEquals(CreateMetricMonitorTool.NO_ALERTS, sc.get("guidance"));
    assertEquals("4509100000002001", map(sc.get("monitor")).get("id"));
    assertTrue(r.text().startsWith("# Created Metric Monitor in sentry-mcp-evals/cloudflare-mcp\n"), r.text());
    assertTrue(r.text().contains("No Alerts are connected"), r.text());
  }

  @Test
  void createsAPercentMonitorWithMetadataAndAlerts() {
    Map<String, Object> args = with(valid(),
        "config", Map.of("detectionType", "percent", "comparisonDeltaSeconds", 86400),
        "conditionGroup", Map.of("conditions", List.of(threshold("gt", 110, 75), threshold("lte", 105.5, 0))),
        "owner", "team:7", "description", "Production errors", "workflowIds", List.of("456"));
    String body = "{\"type\":\"metric_issue\",\"name\":\"High error count\",\"description\":\"Production errors\","
        + "\"owner\":\"team:7\",\"config\":{\"detectionType\":\"percent\",\"comparisonDelta\":86400},"
        + "\"conditionGroup\":{\"logicType\":\"any\",\"conditions\":["
        + "{\"type\":\"gt\",\"comparison\":110,\"conditionResult\":75},"
        + "{\"type\":\"lte\",\"comparison\":105.5,\"conditionResult\":0}]},"
        + "\"dataSources\":[{\"dataset\":\"events\",\"query\":\"level:error\",\"aggregate\":\"count()\","
        + "\"eventTypes\":[\"error\"],\"timeWindow\":300,\"environment\":null}],\"workflowIds\":[\"456\"]}";
    RenderedResult r = created(args, body, MONITOR);
    assertNull(structured(r).get("guidance"));
  }

  @Test
  void createsADynamicMonitorInAnEnvironment() {
    Map<String, Object> q = query();
    q.put("environment", "production");
    q.put("extrapolationMode", null);
    Map<String, Object> args = with(valid(), "query", q, "config", Map.of("detectionType", "dynamic"),
        "conditionGroup", Map.of("logicType", "any", "conditions", List.of(anomaly())));
    String body = "{\"type\":\"metric_issue\",\"name\":\"High error count\","
        + "\"config\":{\"detectionType\":\"dynamic\",\"comparisonDelta\":null},"
        + "\"conditionGroup\":{\"logicType\":\"any\",\"conditions\":[{\"type\":\"anomaly_detection\","
        + "\"comparison\":{\"sensitivity\":\"high\",\"seasonality\":\"auto\",\"thresholdType\":2},"
        + "\"conditionResult\":75}]},"
        + "\"dataSources\":[{\"dataset\":\"events\",\"query\":\"level:error\",\"aggregate\":\"count()\","
        + "\"eventTypes\":[\"error\"],\"timeWindow\":300,\"environment\":\"production\","
        + "\"extrapolationMode\":null}],\"workflowIds\":[]}";
    created(args, body, MONITOR);
  }

  static Stream<Arguments> invalid() {
    Map<String, Object> noAggregate = query();
    noAggregate.remove("aggregate");
    Map<String, Object> badDataset = query();
    badDataset.put("dataset", "evil-dataset-value");
    Map<String, Object> extra = query();
    extra.put("interval", 5);
    Map<String, Object> zeroWindow = query();
    zeroWindow.put("timeWindowSeconds", 0);
    return Stream.of(
        Arguments.of(with(valid(), "query", noAggregate), "query.aggregate"),
        Arguments.of(with(valid(), "query", badDataset), "query.dataset"),
        Arguments.of(with(valid(), "query", extra), "query: unknown field"),
        Arguments.of(with(valid(), "query", zeroWindow), "query.timeWindowSeconds"),
        Arguments.of(with(valid(), "config", Map.of("detectionType", "percent")), "comparisonDeltaSeconds"),
        Arguments.of(with(valid(), "config", Map.of("detectionType", "static", "comparisonDeltaSeconds", 60)),
            "only used by Percent"),
        Arguments.of(with(valid(), "config", Map.of("detectionType", "fuzzy")), "config.detectionType"),
        Arguments.of(with(valid(), "conditionGroup", Map.of("conditions", List.of(anomaly()))), "conditionGroup"),
        Arguments.of(with(valid(), "config", Map.of("detectionType", "dynamic")), "anomaly_detection"),
        Arguments.of(with(valid(), "config", Map.of("detectionType", "dynamic"),
            "conditionGroup", Map.of("conditions", List.of(anomaly(), anomaly()))), "exactly one"),
        Arguments.of(with(valid(), "conditionGroup", Map.of("conditions", List.of())), "1 to 3"),
        Arguments.of(with(valid(), "conditionGroup", Map.of("conditions", List.of(threshold("gt", 1, 75),
            threshold("gt", 2, 75), threshold("gt", 3, 75), threshold("lte", 0, 0)))), "1 to 3"),
        Arguments.of(with(valid(), "conditionGroup", Map.of("conditions", List.of(threshold("gt", 1, 10)))),
            "conditionResult"),
        Arguments.of(with(valid(), "conditionGroup", Map.of("conditions", List.of(threshold("gt", "1", 75)))),
            "comparison"),
        Arguments.of(with(valid(), "conditionGroup", Map.of("logicType", "all",
            "conditions", List.of(threshold("gt", 1, 75)))), "logicType"),
        Arguments.of(with(valid(), "owner", "bob"), "owner"),
        Arguments.of(with(valid(), "workflowIds", List.of("../1")), "workflowIds"),
        Arguments.of(with(valid(), "name", ""), "name"),
        Arguments.of(with(valid(), "projectSlug", "../x"), "projectSlug"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidArgumentsSendNothing(Map<String, Object> args, String field) {
    assertRejected(api, TOOL, args, field);
  }

  @Test
  void problemsDoNotRepeatTheValue() {
    Map<String, Object> q = query();
    q.put("dataset", "evil-dataset-value");
    SentryMcpException e = failure(api, TOOL, with(valid(), "query", q), ErrorKind.INVALID_INPUT);
    assertTrue(!e.getMessage().contains("evil"), e.getMessage());
  }

  @Test
  void aServerFailureIsNotRetriedAndSaysHowToFindAPartialMonitor() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(503, "{\"detail\":\"Seer unavailable\"}")));
    SentryMcpException e = failure(api, TOOL, valid());
    assertTrue(e.getMessage().contains("find_metric_monitors"), e.getMessage());
    assertRequests(api.wm(), "POST " + PATH);
  }

  @Test
  void sentryValidationErrorIsAnInputErrorWithSentrysTextAsData() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(400,
        "{\"dataSources\":[\"Invalid aggregate for this dataset.\"]}")));
    assertSentryValidationError(api, TOOL, valid(), "Invalid aggregate for this dataset.");
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    MetricMonitorStubs.assertPermissionChecks(api, TOOL, valid());
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(api, TOOL, valid());
  }
}
