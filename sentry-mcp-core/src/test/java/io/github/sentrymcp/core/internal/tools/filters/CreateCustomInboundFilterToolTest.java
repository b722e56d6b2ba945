package io.github.sentrymcp.core.internal.tools.filters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertSentryValidationError;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.callWithOneRequest;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.rejected;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.render;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CreateCustomInboundFilterToolTest {
  private static final String TOOL = "create_custom_inbound_filter";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/custom-inbound-filters/";
  private static final List<Map<String, Object>> ERROR_TYPES =
      List.of(Map.of("type", "error_type", "value", List.of("ConnectionError", "TimeoutError")));

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  private static Map<String, @Nullable Object> valid(@Nullable Object... kv) {
    return with(args("organizationSlug", ORG, "projectSlug", PROJECT, "name", "Flaky connections",
        "dataType", "error", "conditions", ERROR_TYPES), kv);
  }

  private static void stubCreated() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(201, FakeSentry.fixture("custom-inbound-filter"))));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, false, null, true),
        Set.of(Scope.PROJECT_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    Map<String, Object> props = assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "name",
        "dataType", "conditions", "active"), List.of("organizationSlug", "projectSlug", "name", "dataType",
        "conditions"));
    Map<String, Object> conditions = map(props.get("conditions"));
    assertEquals("array", conditions.get("type"));
    assertEquals(10L, ((Number) conditions.get("maxItems")).longValue());
    assertEquals(List.of("type", "value"), map(conditions.get("items")).get("required"));
    assertEquals(true, map(props.get("active")).get("default"));
  }

  @Test
  void postsTheExactBodyOnceAndShowsTheFilter() {
    stubCreated();
    RenderedResult r = callWithOneRequest(api, TOOL, valid(), postRequestedFor(urlEqualTo(PATH))
        .withRequestBody(equalToJson("{\"name\":\"Flaky connections\",\"active\":true,\"dataType\":\"error\","
            + "\"conditions\":[{\"type\":\"error_type\",\"value\":[\"ConnectionError\",\"TimeoutError\"]}]}")));
    assertTrue(r.text().startsWith("# Created custom inbound filter in **sentry-mcp-evals/cloudflare-mcp**\n"),
        r.text());
    Sanitized.assertInData(r.text(), "Ignore flaky connection errors");
    Sanitized.assertNotOutsideData(r.text(), "ConnectionError");
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    Map<String, Object> filter = map(sc.get("filter"));
    assertEquals("4509100000002001", filter.get("id"));
    assertEquals("error", filter.get("dataType"));
    assertEquals(true, filter.get("active"));
  }

  @Test
  void inactiveAndTrimmedPatternsForAllData() {
    stubCreated();
    callWithOneRequest(api, TOOL, valid("name", "  Load test ", "dataType", "all", "active", false, "conditions",
            List.of(Map.of("type", "ip_address", "value", List.of(" 10.0.0.0/8 ")),
                Map.of("type", "release", "value", List.of("my-app@2.1.*")))),
        postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"name\":\"Load test\",\"active\":false,"
            + "\"dataType\":\"all\",\"conditions\":[{\"type\":\"ip_address\",\"value\":[\"10.0.0.0/8\"]},"
            + "{\"type\":\"release\",\"value\":[\"my-app@2.1.*\"]}]}")));
  }

  @Test
  void aConditionTheDataTypeHasNoFieldForSendsNothing() {
    SentryMcpException e = rejected(api, TOOL, valid("dataType", "all", "conditions",
        List.of(Map.of("type", "error_message", "value", List.of("*boom*")))));
    assertEquals("A filter on all data cannot use the error_message condition. It accepts release, ip_address.",
        e.getMessage());
    e = rejected(api, TOOL, valid("dataType", "metric", "conditions",
        List.of(Map.of("type", "log_message", "value", List.of("*DEBUG*")))));
    assertTrue(e.getMessage().contains("It accepts metric_name, release, ip_address."), e.getMessage());
  }

  @Test
  void malformedConditionsSendNothing() {
    rejected(api, TOOL, valid("conditions", List.of()));
    rejected(api, TOOL, valid("conditions", "error_type"));
    rejected(api, TOOL, valid("conditions", List.of("error_type")));
    rejected(api, TOOL, valid("conditions", List.of(Map.of("type", "message", "value", List.of("x")))));
    rejected(api, TOOL, valid("conditions", List.of(Map.of("type", "error_type", "value", List.of()))));
    rejected(api, TOOL, valid("conditions", List.of(Map.of("type", "error_type", "value", List.of("  ")))));
    rejected(api, TOOL, valid("conditions", List.of(Map.of("type", "error_type", "value", "x"))));
    rejected(api, TOOL, valid("conditions", List.of(Map.of("type", "error_type", "value", List.of(1)))));
    rejected(api, TOOL, valid("conditions", List.of(Map.of("type", "error_type", "value", List.of("x"),
        "negate", true))));
    SentryMcpException e = rejected(api, TOOL, valid("conditions", java.util.Collections.nCopies(11,
        Map.of("type", "release", "value", List.of("x")))));
    assertTrue(e.getMessage().contains("conditions: at most 10 items"), e.getMessage());
  }

  @Test
  void otherBadInputSendsNothing() {
    rejected(api, TOOL, valid("dataType", "transaction"));
    rejected(api, TOOL, valid("name", " "));
    rejected(api, TOOL, valid("name", "x".repeat(257)));
    rejected(api, TOOL, valid("active", "yes"));
    rejected(api, TOOL, valid("projectSlug", "../victim"));
    rejected(api, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT, "name", "x", "dataType", "error"));
  }

  @Test
  void aDisabledFeatureIsNamedAndNotRetried() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(400,
        "{\"detail\":\"You do not have that feature enabled\"}")));
    SentryMcpException e = failure(api, TOOL, valid(), ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("custom inbound filters are not enabled"), e.getMessage());
    assertFalse(e.getMessage().contains("You do not have"), e.getMessage());
    assertRequests(api.wm(), "POST " + PATH);
    RenderedResult r = render(api, TOOL, valid());
    Sanitized.assertInData(r.text(), "You do not have that feature enabled");
  }

  @Test
  void sentryValidationErrorsAreShownAsData() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(400,
        "{\"conditions\":[\"Condition types must be unique.\"]}")));
    assertSentryValidationError(api, TOOL, valid(), "Condition types must be unique.");
  }

  @Test
  void aServerErrorIsNotRetried() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    failure(api, TOOL, valid(), ErrorKind.UPSTREAM_ERROR);
    assertRequests(api.wm(), "POST " + PATH);
  }

  @Test
  void anUnknownProjectNamesTheParameters() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(404, "{\"detail\":\"The requested resource does not"
        + " exist\"}")));
    SentryMcpException e = failure(api, TOOL, valid(), ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("projectSlug='cloudflare-mcp'"), e.getMessage());
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertPermissionChecks(api, TOOL, valid());
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(api, TOOL, valid());
  }

  @Test
  void constrainedSessionCreatesInItsProject() {
    stubCreated();
    Map<String, @Nullable Object> a = valid();
    a.remove("organizationSlug");
    a.remove("projectSlug");
    call(api, TOOL, a, api.projectConstrained(ORG, PROJECT));
    api.wm().verify(1, postRequestedFor(urlEqualTo(PATH)));
  }
}
