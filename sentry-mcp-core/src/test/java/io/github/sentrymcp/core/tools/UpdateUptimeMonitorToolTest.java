package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.tools.ToolTestSupport.list;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateUptimeMonitorToolTest {
  private static final String TOOL = "update_uptime_monitor";
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
    wm.stubFor(put(urlEqualTo(PATH)).willReturn(json(200, FakeSentry.fixture("uptime-monitor"))));
  }

  /** Organization, project and monitor id, then the given fields (null values are passed as JSON null). */
  private static Map<String, @Nullable Object> update(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("organizationSlug", ORG);
    m.put("projectSlug", PROJECT);
    m.put("uptimeMonitorId", MONITOR_ID);
    m.putAll(ToolTestSupport.args(kv));
    return m;
  }

  private static RenderedResult expectBody(String body, @Nullable Object... kv) {
    RenderedResult r = call(mcp, TOOL, update(kv));
    assertOneRequest(wm);
    wm.verify(1, putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    assertEquals(new ToolAnnotations(false, true, true, true), d.annotations());
    assertEquals(Set.of(Scope.PROJECT_WRITE), d.requiredScopes());
    assertEquals(Set.of(Skill.PROJECT_MANAGEMENT), d.skills());
    Map<String, Object> props = map(d.inputSchema().get("properties"));
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "uptimeMonitorId", "name", "url",
            "intervalSeconds", "timeoutMs", "method", "headers", "body", "status", "owner", "environment",
            "traceSampling", "responseCaptureEnabled", "recoveryThreshold", "downtimeThreshold"),
        List.copyOf(props.keySet()));
    assertEquals(List.of("organizationSlug", "projectSlug", "uptimeMonitorId"), d.inputSchema().get("required"));
    assertFalse(map(props.get("timeoutMs")).containsKey("default"), "no defaults in an update");
    for (String clearable : List.of("body", "owner", "environment")) {
      assertTrue(String.valueOf(map(props.get(clearable)).get("description")).contains("Pass `null` to clear"),
          clearable);
    }
  }

  @Test
  void onlyTheProvidedFieldsAreSent() {
    RenderedResult r = expectBody("{\"status\":\"disabled\"}", "status", "disabled");
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    assertEquals(MONITOR_ID, map(sc.get("monitor")).get("id"));
    assertTrue(r.text().contains("# Updated Uptime Monitor in **sentry-mcp-evals/cloudflare-mcp**"), r.text());
    assertEquals(List.of(Map.of("name", "Accept", "value", "application/json"),
        Map.of("name", "Authorization", "value", "[REDACTED]")), list(map(sc.get("monitor")).get("headers")));
    assertFalse(r.text().contains("secret-token"), r.text());
    assertFalse(r.text().contains("should-not-appear"), r.text());
  }

  @Test
  void intervalAndTimeoutTogether() {
    expectBody("{\"intervalSeconds\":300,\"timeoutMs\":8000}", "intervalSeconds", 300, "timeoutMs", 8000);
  }

  @Test
  void explicitNullClearsOwnerEnvironmentAndBody() {
    expectBody("{\"owner\":null,\"environment\":null,\"body\":null}",
        "owner", null, "environment", null, "body", null);
    wm.resetRequests();
    expectBody("{\"owner\":null}", "owner", null);
  }

  @Test
  void nullForAFieldThatCannotBeClearedIsLeftOut() {
    expectBody("{\"status\":\"active\"}", "status", "active", "name", null, "timeoutMs", null, "headers", null);
  }

  @Test
  void emptyHeadersRemoveAllHeaders() {
    expectBody("{\"headers\":[]}", "headers", List.of());
  }

  @Test
  void everyFieldCanBeChanged() {
    expectBody("{\"name\":\"Checkout\",\"url\":\"https://example.com/checkout\",\"intervalSeconds\":3600,"
            + "\"timeoutMs\":60000,\"method\":\"HEAD\",\"headers\":[[\"Accept\",\"*/*\"]],\"body\":\"\","
            + "\"status\":\"active\",\"owner\":\"user:123\",\"environment\":\"staging\",\"traceSampling\":false,"
            + "\"responseCaptureEnabled\":true,\"recoveryThreshold\":1,\"downtimeThreshold\":5}",
        "name", "Checkout", "url", "https://example.com/checkout", "intervalSeconds", 3600, "timeoutMs", 60_000,
        "method", "HEAD", "headers", List.of(List.of("Accept", "*/*")), "body", "", "status", "active",
        "owner", "user:123", "environment", "staging", "traceSampling", false, "responseCaptureEnabled", true,
        "recoveryThreshold", 1, "downtimeThreshold", 5);
  }

  @Test
  void atLeastOneFieldIsRequired() {
    String m = rejected(wm, mcp, TOOL, update()).getMessage();
    assertTrue(m.contains("at least one field"), m);
    rejected(wm, mcp, TOOL, update("name", null, "url", null));
  }

  @Test
  void everyRuleIsCheckedBeforeAnyRequest() {
    rejected(wm, mcp, TOOL, update("intervalSeconds", 120));
    rejected(wm, mcp, TOOL, update("intervalSeconds", 59));
    rejected(wm, mcp, TOOL, update("timeoutMs", 999));
    rejected(wm, mcp, TOOL, update("timeoutMs", 60_001));
    rejected(wm, mcp, TOOL, update("method", "TRACE"));
    rejected(wm, mcp, TOOL, update("status", "enabled"));
    rejected(wm, mcp, TOOL, update("owner", "alice"));
    rejected(wm, mcp, TOOL, update("owner", ""));
    rejected(wm, mcp, TOOL, update("environment", ""));
    rejected(wm, mcp, TOOL, update("environment", "e".repeat(65)));
    rejected(wm, mcp, TOOL, update("name", ""));
    rejected(wm, mcp, TOOL, update("name", "n".repeat(129)));
    rejected(wm, mcp, TOOL, update("url", "example.com"));
    rejected(wm, mcp, TOOL, update("recoveryThreshold", 0));
    rejected(wm, mcp, TOOL, update("downtimeThreshold", -1));
    rejected(wm, mcp, TOOL, update("headers", List.of(List.of(1, 2))));
    rejected(wm, mcp, TOOL, update("uptimeMonitorId", "", "status", "active"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/victim-proj/uptime/1", "..", ".", "1/2", "1%2F2", "1\\2", ".1"})
  void pathTraversalInTheMonitorIdSendsNothing(String id) {
    rejected(wm, mcp, TOOL, with(update("status", "active"), "uptimeMonitorId", id));
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertPermissionChecks(wm, TOOL, update("status", "disabled"));
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(wm, TOOL, update("status", "disabled"));
  }

  @Test
  void sentryValidationErrorIsAnInputErrorWithSentrysTextAsData() {
    wm.stubFor(put(urlEqualTo(PATH)).willReturn(json(400, "{\"url\": [\"Enter a valid URL.\"]}")));
    assertSentryValidationError(mcp, TOOL, update("url", "https://intranet.invalid/"), "Enter a valid URL.");
  }

  @Test
  void unknownMonitorIsNotFoundNamingTheParameters() {
    wm.stubFor(put(urlEqualTo(PATH)).willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    String m = WireMockWriteSupport.failure(mcp, TOOL, update("status", "active"), ErrorKind.NOT_FOUND)
        .getMessage();
    assertTrue(m.contains("uptimeMonitorId='" + MONITOR_ID + "'"), m);
  }
}
