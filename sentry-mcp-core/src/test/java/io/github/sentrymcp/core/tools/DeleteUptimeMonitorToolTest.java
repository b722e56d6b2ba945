package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.ORG;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.PROJECT;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.assertOneRequest;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.assertPermissionChecks;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.assertSentryValidationError;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.call;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.json;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.rejected;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeleteUptimeMonitorToolTest {
  private static final String TOOL = "delete_uptime_monitor";
  private static final String MONITOR_ID = "4509100000001001";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/uptime/" + MONITOR_ID + "/";

  private static WireMockServer wm;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    wm = WireMockWriteSupport.startWireMock();
    mcp = WireMockWriteSupport.writeEngine(wm);
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  private static Map<String, Object> valid() {
    return Map.of("organizationSlug", ORG, "projectSlug", PROJECT, "uptimeMonitorId", MONITOR_ID);
  }

  private static RenderedResult deleted() {
    RenderedResult r = call(mcp, TOOL, valid());
    assertOneRequest(wm);
    wm.verify(1, deleteRequestedFor(urlEqualTo(PATH)).withRequestBody(absent()));
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    assertEquals(Map.of("success", true, "uptimeMonitorId", MONITOR_ID, "projectSlug", PROJECT), sc);
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    assertEquals(new ToolAnnotations(false, true, true, true), d.annotations());
    assertEquals(Set.of(Scope.PROJECT_WRITE), d.requiredScopes());
    assertEquals(Set.of(Skill.PROJECT_MANAGEMENT), d.skills());
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "uptimeMonitorId"),
        List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug", "projectSlug", "uptimeMonitorId"), d.inputSchema().get("required"));
  }

  @Test
  void deletesWithOneRequestWithoutBody() {
    wm.stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(202)));
    RenderedResult r = deleted();
    assertTrue(r.text().contains("# Deleted Uptime Monitor in **sentry-mcp-evals/cloudflare-mcp**"), r.text());
    assertTrue(r.text().contains("The uptime monitor was deleted."), r.text());
  }

  @Test
  void noContentIsSuccessToo() {
    wm.stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));
    deleted();
  }

  @Test
  void notFoundIsSuccess() {
    wm.stubFor(delete(urlEqualTo(PATH)).willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    RenderedResult r = deleted();
    assertTrue(r.text().contains("HTTP 404"), r.text());
    assertTrue(r.text().contains("nothing left to delete"), r.text());
  }

  @Test
  void otherFailuresAreErrors() {
    wm.stubFor(delete(urlEqualTo(PATH)).willReturn(json(403, "{\"detail\":\"You do not have permission.\"}")));
    WireMockWriteSupport.failure(mcp, TOOL, valid(), ErrorKind.PERMISSION_DENIED);
    wm.stubFor(delete(urlEqualTo(PATH)).willReturn(json(500, "{\"detail\":\"boom\"}")));
    WireMockWriteSupport.failure(mcp, TOOL, valid(), ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void sentryValidationErrorIsAnInputErrorWithSentrysTextAsData() {
    wm.stubFor(delete(urlEqualTo(PATH)).willReturn(json(400,
        "{\"detail\":\"Cannot delete a monitor that is being migrated.\"}")));
    assertSentryValidationError(mcp, TOOL, valid(), "Cannot delete a monitor that is being migrated.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/victim-proj/uptime/1", "..", ".", "1/2", "1%2F2", "1\\2", ".1", ""})
  void pathTraversalInTheMonitorIdSendsNothing(String id) {
    rejected(wm, mcp, TOOL, with(valid(), "uptimeMonitorId", id));
  }

  @Test
  void monitorIdIsRequired() {
    rejected(wm, mcp, TOOL, Map.of("organizationSlug", ORG, "projectSlug", PROJECT));
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertPermissionChecks(wm, TOOL, valid());
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(wm, TOOL, valid());
  }

  @Test
  void constrainedSessionDeletesInItsProject() {
    wm.stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(202)));
    call(WireMockWriteSupport.projectConstrainedEngine(wm), TOOL, Map.of("uptimeMonitorId", MONITOR_ID));
    wm.verify(1, deleteRequestedFor(urlEqualTo(PATH)));
  }
}
