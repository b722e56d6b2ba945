package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoWrites;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeleteMetricMonitorToolTest {
  private static final String TOOL = "delete_metric_monitor";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.ALERTS_WRITE);

  private static Map<String, Object> valid() {
    return Map.of("organizationSlug", ORG, "monitorId", ID);
  }

  private static RenderedResult deleted(Map<String, Object> args) {
    RenderedResult r = call(api, TOOL, args);
    api.wm().verify(1, deleteRequestedFor(urlEqualTo(DETECTOR)).withRequestBody(absent()));
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    assertEquals(Map.of("success", true, "monitorId", ID), sc);
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    var d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, true, true),
        Set.of(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "monitorId"),
        List.of("organizationSlug", "monitorId"));
  }

  @Test
  void checksTheMonitorThenDeletesIt() {
    serve(api, MONITOR);
    api.wm().stubFor(delete(urlEqualTo(DETECTOR)).willReturn(aResponse().withStatus(204)));
    RenderedResult r = deleted(valid());
    assertRequests(api.wm(), "GET " + DETECTOR, "DELETE " + DETECTOR);
    assertTrue(r.text().startsWith("# Deleted Metric Monitor in sentry-mcp-evals\n"), r.text());
    assertTrue(r.text().contains("its connected Alerts were not"), r.text());
  }

  @Test
  void goneBetweenCheckAndDeleteIsDeleted() {
    serve(api, MONITOR);
    api.wm().stubFor(delete(urlEqualTo(DETECTOR))
        .willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    RenderedResult r = deleted(valid());
    assertTrue(r.text().contains("HTTP 404"), r.text());
  }

  @Test
  void anUnknownMonitorIsNotFoundAndNothingIsDeleted() {
    api.wm().stubFor(get(urlEqualTo(DETECTOR))
        .willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    SentryMcpException e = failure(api, TOOL, valid(), ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("monitorId='" + ID + "'"), e.getMessage());
    assertNoWrites(api.wm());
  }

  @Test
  void anotherDetectorTypeIsNotDeleted() {
    serve(api, monitorWith("\"type\":\"uptime_domain_failure\""));
    failure(api, TOOL, valid(), ErrorKind.INVALID_INPUT);
    assertNoWrites(api.wm());
  }

  @Test
  void aMonitorOutsideTheSessionsProjectIsNotDeleted() {
    serve(api, monitorWith("\"projectId\":\"4509109104082946\""));
    SentryMcpException e = failure(api, TOOL, valid(), api.projectConstrained(ORG, PROJECT),
        ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains(PROJECT), e.getMessage());
    assertRequests(api.wm(), "GET " + DETECTOR, "GET " + MetricMonitorStubs.PROJECT);
  }

  @Test
  void otherFailuresAreErrors() {
    serve(api, MONITOR);
    api.wm().stubFor(delete(urlEqualTo(DETECTOR)).willReturn(json(403, "{\"detail\":\"No permission.\"}")));
    failure(api, TOOL, valid(), ErrorKind.PERMISSION_DENIED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/detectors/1", "..", "1/2", "1%2F2", "1\\2", "abc", ""})
  void pathTraversalInTheMonitorIdSendsNothing(String id) {
    assertRejected(api, TOOL, Map.of("organizationSlug", ORG, "monitorId", id), "monitorId");
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    MetricMonitorStubs.assertPermissionChecks(api, TOOL, valid());
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(api, TOOL, Map.of("organizationSlug", ORG, "monitorId", ID, "projectSlug", PROJECT));
  }
}
