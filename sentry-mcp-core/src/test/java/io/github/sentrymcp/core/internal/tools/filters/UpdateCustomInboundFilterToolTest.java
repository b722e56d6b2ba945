package io.github.sentrymcp.core.internal.tools.filters;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
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
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
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

class UpdateCustomInboundFilterToolTest {
  private static final String TOOL = "update_custom_inbound_filter";
  private static final String ID = "4509100000002001";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/custom-inbound-filters/"
      + ID + "/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  @BeforeEach
  void stub() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(200, FakeSentry.fixture("custom-inbound-filter"))));
  }

  private static Map<String, @Nullable Object> update(@Nullable Object... kv) {
    return with(args("organizationSlug", ORG, "projectSlug", PROJECT, "filterId", ID), kv);
  }

  private static RenderedResult expectBody(String body, @Nullable Object... kv) {
    return callWithOneRequest(api, TOOL, update(kv),
        putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, true, true),
        Set.of(Scope.PROJECT_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    Map<String, Object> props = assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "filterId",
        "name", "active", "dataType", "conditions"), List.of("organizationSlug", "projectSlug", "filterId"));
    assertFalse(map(props.get("active")).containsKey("default"), "no defaults in an update");
  }

  @Test
  void onlyTheProvidedFieldsAreSent() {
    RenderedResult r = expectBody("{\"active\":false}", "active", false);
    assertTrue(r.text().startsWith("# Updated custom inbound filter in **sentry-mcp-evals/cloudflare-mcp**\n"),
        r.text());
    Sanitized.assertInData(r.text(), "Ignore flaky connection errors");
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    assertEquals(ID, map(sc.get("filter")).get("id"));
  }

  @Test
  void conditionsReplaceTheList() {
    expectBody("{\"conditions\":[{\"type\":\"error_message\",\"value\":[\"*ConnectionError*\",\"*Timeout*\"]}]}",
        "conditions", List.of(Map.of("type", "error_message", "value", List.of("*ConnectionError*", "*Timeout*"))));
  }

  @Test
  void everyFieldCanBeChanged() {
    expectBody("{\"name\":\"Drop debug logs\",\"active\":true,\"dataType\":\"log\","
            + "\"conditions\":[{\"type\":\"log_message\",\"value\":[\"*DEBUG*\"]}]}",
        "name", "Drop debug logs", "active", true, "dataType", "log",
        "conditions", List.of(Map.of("type", "log_message", "value", List.of("*DEBUG*"))));
  }

  @Test
  void aNewDataTypeAloneIsLeftToSentry() {
    expectBody("{\"dataType\":\"span\"}", "dataType", "span");
  }

  @Test
  void atLeastOneFieldIsRequired() {
    String m = rejected(api, TOOL, update()).getMessage();
    assertTrue(m.contains("at least one of name, active, dataType or conditions"), m);
    rejected(api, TOOL, update("name", null, "active", null, "dataType", null, "conditions", null));
  }

  @Test
  void conditionsTheNewDataTypeCannotCarrySendNothing() {
    SentryMcpException e = rejected(api, TOOL, update("dataType", "metric",
        "conditions", List.of(Map.of("type", "log_message", "value", List.of("*DEBUG*")))));
    assertEquals("A filter on metric data cannot use the log_message condition. It accepts metric_name, release,"
        + " ip_address.", e.getMessage());
  }

  @Test
  void badInputSendsNothing() {
    rejected(api, TOOL, update("dataType", "errors"));
    rejected(api, TOOL, update("conditions", List.of()));
    rejected(api, TOOL, update("conditions", List.of(Map.of("type", "release"))));
    rejected(api, TOOL, update("name", ""));
    rejected(api, TOOL, update("active", "false"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/victim-proj/custom-inbound-filters/1", "..", ".", "1/2", "1%2F2",
      "1\\2", ".1", ""})
  void pathTraversalInTheFilterIdSendsNothing(String id) {
    rejected(api, TOOL, update("filterId", id, "active", false));
  }

  @Test
  void anUnknownFilterNamesTheParameters() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(404, "{\"detail\":\"The requested resource does not"
        + " exist\"}")));
    SentryMcpException e = failure(api, TOOL, update("active", false), ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("filterId='" + ID + "'"), e.getMessage());
  }

  @Test
  void sentryValidationErrorsAreShownAsData() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(400,
        "{\"conditions\":[\"Only one of error_message, log_message, or metric_name can be used in a filter.\"]}")));
    assertSentryValidationError(api, TOOL, update("active", true),
        "Only one of error_message, log_message, or metric_name can be used in a filter.");
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertPermissionChecks(api, TOOL, update("active", false));
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(api, TOOL, update("active", false));
  }
}
