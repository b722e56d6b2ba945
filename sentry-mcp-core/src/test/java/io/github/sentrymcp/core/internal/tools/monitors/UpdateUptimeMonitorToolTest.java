package io.github.sentrymcp.core.internal.tools.monitors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertPermissionChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertSentryValidationError;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.callWithOneRequest;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.rejected;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateUptimeMonitorToolTest {
  private static final String TOOL = "update_uptime_monitor";
  private static final String MONITOR_ID = "4509100000001001";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/uptime/" + MONITOR_ID + "/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  @BeforeEach
  void stub() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(200, FakeSentry.fixture("uptime-monitor"))));
  }

  /** Organization, project and monitor id, then the given fields (null values are passed as JSON null). */
  private static Map<String, @Nullable Object> update(@Nullable Object... kv) {
    return with(args("organizationSlug", ORG, "projectSlug", PROJECT, "uptimeMonitorId", MONITOR_ID), kv);
  }

  private static RenderedResult expectBody(String body, @Nullable Object... kv) {
    return callWithOneRequest(api, TOOL, update(kv),
        putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, true, true),
        Set.of(Scope.PROJECT_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    Map<String, Object> props = assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug",
            "uptimeMonitorId", "name", "url", "intervalSeconds", "timeoutMs", "method", "headers", "body", "status",
            "owner", "environment", "traceSampling", "responseCaptureEnabled", "recoveryThreshold",
            "downtimeThreshold"),
        List.of("organizationSlug", "projectSlug", "uptimeMonitorId"));
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
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    assertEquals(MONITOR_ID, map(sc.get("monitor")).get("id"));
    assertTrue(r.text().contains("# Updated Uptime Monitor in sentry-mcp-evals/cloudflare-mcp\n"), r.text());
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
    api.wm().resetRequests();
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
    String m = rejected(api, TOOL, update()).getMessage();
    assertTrue(m.contains("at least one field"), m);
    rejected(api, TOOL, update("name", null, "url", null));
  }

  @Test
  void everyRuleIsCheckedBeforeAnyRequest() {
    rejected(api, TOOL, update("intervalSeconds", 120));
    rejected(api, TOOL, update("intervalSeconds", 59));
    rejected(api, TOOL, update("timeoutMs", 999));
    rejected(api, TOOL, update("timeoutMs", 60_001));
    rejected(api, TOOL, update("method", "TRACE"));
    rejected(api, TOOL, update("status", "enabled"));
    rejected(api, TOOL, update("owner", "alice"));
    rejected(api, TOOL, update("owner", ""));
    rejected(api, TOOL, update("environment", ""));
    rejected(api, TOOL, update("environment", "e".repeat(65)));
    rejected(api, TOOL, update("name", ""));
    rejected(api, TOOL, update("name", "n".repeat(129)));
    rejected(api, TOOL, update("url", "example.com"));
    rejected(api, TOOL, update("recoveryThreshold", 0));
    rejected(api, TOOL, update("downtimeThreshold", -1));
    rejected(api, TOOL, update("headers", List.of(List.of(1, 2))));
    rejected(api, TOOL, update("uptimeMonitorId", "", "status", "active"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/victim-proj/uptime/1", "..", ".", "1/2", "1%2F2", "1\\2", ".1"})
  void pathTraversalInTheMonitorIdSendsNothing(String id) {
    rejected(api, TOOL, with(update("status", "active"), "uptimeMonitorId", id));
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertPermissionChecks(api, TOOL, update("status", "disabled"));
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(api, TOOL, update("status", "disabled"));
  }

  @Test
  void sentryValidationErrorIsAnInputErrorWithSentrysTextAsData() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(400, "{\"url\": [\"Enter a valid URL.\"]}")));
    assertSentryValidationError(api, TOOL, update("url", "https://intranet.invalid/"), "Enter a valid URL.");
  }

  @Test
  void unknownMonitorIsNotFoundNamingTheParameters() {
    api.wm().stubFor(put(urlEqualTo(PATH))
        .willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    String m = failure(api, TOOL, update("status", "active"), ErrorKind.NOT_FOUND).getMessage();
    assertTrue(m.contains("uptimeMonitorId='" + MONITOR_ID + "'"), m);
  }
}
