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
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class GetMetricMonitorDetailsToolTest {
  static final String TOOL = "get_metric_monitor_details";
  static final String ID = "4509100000002001";
  static final String PATH = "/api/0/organizations/sentry-mcp-evals/detectors/" + ID + "/";
  static final String PROJECT_PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/";

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

  /** The fixture with {@code replacement} (a JSON fragment of top-level fields) put in. */
  private static String monitorWith(String replacement) {
    String fixture = FakeSentry.fixture("metric-monitor").strip();
    return fixture.substring(0, fixture.length() - 1) + "," + replacement + "}";
  }

  private static Map<String, Object> monitor(RenderedResult r) {
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    return map(sc.get("monitor"));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    assertHouseStyleWithADescriptionProperty(d);
    assertEquals(new ToolAnnotations(true, false, null, true), d.annotations());
    assertEquals(Set.of(Scope.ORG_READ, Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(Set.of(Skill.INSPECT), d.skills());
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "monitorId"),
        List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug", "monitorId"), d.inputSchema().get("required"));
  }

  @Test
  void showsQueryDetectionConditionsAndAlerts() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "monitorId", ID), session());
    RecordedRequest req = onlyGet(fake, PATH);
    assertNull(req.rawQuery());

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("id", ID);
    expected.put("name", "High error count");
    expected.put("projectId", "4509109104082945");
    expected.put("enabled", true);
    expected.put("owner", "the-goats");
    expected.put("workflowIds", List.of("4509100000003001"));
    expected.put("webUrl", fake.baseUrl() + "/organizations/sentry-mcp-evals/monitors/" + ID + "/");
    expected.put("description", "Errors in production above the usual level");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("detectionType", "static");
    config.put("comparisonDeltaSeconds", null);
    expected.put("config", config);
    expected.put("conditionGroup", Map.of("id", "4509100000004001", "logicType", "any", "conditions", List.of(
        Map.of("id", "4509100000005001", "type", "gt", "comparison", 100, "conditionResult", 75),
        Map.of("id", "4509100000005002", "type", "lte", "comparison", 50, "conditionResult", 0))));
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("dataset", "events");
    query.put("query", "level:error");
    query.put("aggregate", "count()");
    query.put("environment", "production");
    query.put("eventTypes", List.of("error"));
    query.put("extrapolationMode", null);
    query.put("timeWindowSeconds", 300);
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("type", "snuba_query_subscription");
    source.put("query", query);
    source.put("unavailableReason", null);
    expected.put("dataSources", List.of(source));
    expected.put("dateCreated", "2025-06-01T10:00:00Z");
    expected.put("dateUpdated", "2025-06-02T11:30:00Z");
    assertEquals(normalize(expected), normalize(monitor(r)));

    String text = r.text();
    assertTrue(text.startsWith("# Metric Monitor " + ID + " in sentry-mcp-evals\n"), text);
    assertData(text, "High error count");
    assertData(text, "level:error");
    assertTrue(text.contains("Time Window: 300s"), text);
    assertTrue(text.contains("75 (critical)") && text.contains("0 (resolved)"), text);
    assertTrue(text.contains("## Conditions"), text);
  }

  @Test
  void percentAndDynamicDetection() {
    fake.override("GET", PATH, monitorWith("\"config\":{\"detectionType\":\"percent\",\"comparisonDelta\":3600}"));
    Map<String, Object> m = monitor(call(mcp, TOOL, args("organizationSlug", ORG, "monitorId", ID), session()));
    assertEquals(normalize(Map.of("detectionType", "percent", "comparisonDeltaSeconds", 3600)),
        normalize(m.get("config")));

    fake.override("GET", PATH, monitorWith("\"config\":{\"detectionType\":\"dynamic\",\"comparisonDelta\":null},"
        + "\"conditionGroup\":{\"logicType\":\"any\",\"conditions\":[{\"type\":\"anomaly_detection\","
        + "\"comparison\":{\"sensitivity\":\"high\",\"seasonality\":\"auto\",\"thresholdType\":0},"
        + "\"conditionResult\":75}]}"));
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "monitorId", ID), session());
    m = monitor(r);
    Map<String, Object> condition = map(list(map(m.get("conditionGroup")).get("conditions")).get(0));
    assertEquals(normalize(Map.of("sensitivity", "high", "seasonality", "auto", "thresholdType", 0)),
        normalize(condition.get("comparison")));
    assertNull(condition.get("id"));
  }

  @Test
  void anotherDetectorTypeIsRefused() {
    fake.override("GET", PATH, monitorWith("\"type\":\"uptime_domain_failure\""));
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "monitorId", ID), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("does not identify a Metric Monitor"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"projectId\":\"4509109104082946\"", "\"projectId\":null"})
  void aMonitorOutsideTheConstrainedProjectIsRefused(String project) {
    fake.override("GET", PATH, monitorWith(project));
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "monitorId", ID),
        projectConstrained(ORG, PROJECT));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().contains("cloudflare-mcp"), e.getMessage());
    assertEquals(List.of(PATH, PROJECT_PATH), fake.journal().stream().map(RecordedRequest::rawPath).toList());
  }

  @Test
  void aMonitorInTheGivenProjectIsShown() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "monitorId", ID, "projectSlug", PROJECT),
        session());
    assertEquals(List.of(PATH, PROJECT_PATH), fake.journal().stream().map(RecordedRequest::rawPath).toList());
    assertEquals(ID, monitor(r).get("id"));
  }

  @Test
  void anUnavailableQueryIsNotInvented() {
    fake.override("GET", PATH, monitorWith("\"dataSources\":[{\"type\":\"snuba_query_subscription\",\"queryObj\":[]}]"));
    Map<String, Object> m = monitor(call(mcp, TOOL, args("organizationSlug", ORG, "monitorId", ID), session()));
    Map<String, Object> source = map(list(m.get("dataSources")).get(0));
    assertNull(source.get("query"));
    assertEquals("Source configuration is unavailable.", source.get("unavailableReason"));
  }

  @Test
  void missingFieldsAndNullsDoNotBreakIt() {
    fake.override("GET", PATH, "{\"id\":\"" + ID + "\",\"type\":\"metric_issue\",\"name\":null,\"config\":null,"
        + "\"conditionGroup\":{\"conditions\":[null,{\"comparison\":\"x\"}]},\"dataSources\":null,\"owner\":3}");
    Map<String, Object> m = monitor(call(mcp, TOOL, args("organizationSlug", ORG, "monitorId", ID), session()));
    assertEquals(ID, m.get("id"));
    assertEquals(1, list(map(m.get("conditionGroup")).get("conditions")).size());
  }

  @Test
  void unknownMonitorIsNotFoundNamingIt() {
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "monitorId", "99"), session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("monitorId='99'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../1", "1/2", "1%2F2", "abc", "", "..", "12 34", "１２"})
  void invalidIdsSendNothing(String id) {
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "monitorId", id), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("monitorId"), e.getMessage());
    assertEquals(List.of(), fake.journal());
  }

  /**
   * {@link ToolTestSupport#assertHouseStyle}, except that the monitor has a property named description (as in the
   * reference), which that check would take for a schema description.
   */
  static void assertHouseStyleWithADescriptionProperty(ToolDescriptor d) {
    assertTrue(d.description().length() < 2048);
    assertTrue(d.description().contains("<examples>") && d.description().contains("</examples>"));
    assertTrue(d.description().endsWith("\n\n" + io.github.sentrymcp.core.internal.tools.ToolSpec.REGIONS_NOTE));
    String out = String.valueOf(d.outputSchema()).replace("description={type=[string, null]}", "");
    assertTrue(!out.contains("description=") && !out.contains("$schema"), out);
  }

  /** Numbers as longs, so that 100 (Integer) equals 100 (Long). */
  @SuppressWarnings("unchecked")
  private static Object normalize(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, v == null ? null : normalize(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(v -> v == null ? null : normalize(v)).toList();
    }
    if (o instanceof Integer || o instanceof Long) {
      return ((Number) o).longValue();
    }
    return o;
  }
}
