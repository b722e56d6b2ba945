package io.github.sentrymcp.core.internal.tools.monitors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
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
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertPermissionChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.callWithOneRequest;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.rejected;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
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

class DeleteMonitorEnvironmentToolTest {
  private static final String TOOL = "delete_monitor_environment";
  private static final String BASE = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/monitors/nightly-import/"
      + "environments/";
  private static final String PATH = BASE + "production/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  private static Map<String, Object> valid() {
    return Map.of("organizationSlug", ORG, "projectSlug", PROJECT, "monitorSlug", "nightly-import",
        "environment", "production");
  }

  private static RenderedResult deleted(Map<String, ?> args, String path) {
    RenderedResult r = callWithOneRequest(api, TOOL, args, deleteRequestedFor(urlEqualTo(path))
        .withRequestBody(absent()));
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, true, true),
        Set.of(Scope.PROJECT_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    Map<String, Object> props = assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug",
        "monitorSlug", "environment"), List.of("organizationSlug", "projectSlug", "monitorSlug", "environment"));
    assertEquals(1L, ((Number) map(props.get("environment")).get("minLength")).longValue());
  }

  @Test
  void deletesWithOneRequestWithoutBody() {
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(202)));
    RenderedResult r = deleted(valid(), PATH);
    assertEquals(Map.of("success", true, "monitorSlug", "nightly-import", "projectSlug", PROJECT,
        "environment", "production"), structured(r));
    assertTrue(r.text().startsWith("# Deleted cron monitor environment in sentry-mcp-evals/cloudflare-mcp\n"),
        r.text());
    assertTrue(r.text().contains("Sentry is deleting the environment"), r.text());
  }

  @Test
  void theExactNameIsSentAsOneEncodedSegment() {
    String path = BASE + "%20Production%20%23%3F%20/";
    api.wm().stubFor(delete(urlEqualTo(path)).willReturn(aResponse().withStatus(202)));
    RenderedResult r = deleted(with(valid(), "environment", " Production #? "), path);
    assertEquals(" Production #? ", structured(r).get("environment"));
  }

  @Test
  void notFoundIsSuccess() {
    api.wm().stubFor(delete(urlEqualTo(PATH))
        .willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    RenderedResult r = deleted(valid(), PATH);
    assertEquals(true, structured(r).get("success"));
    assertTrue(r.text().contains("HTTP 404"), r.text());
  }

  @Test
  void otherFailuresAreErrors() {
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(json(403, "{\"detail\":\"You do not have permission.\"}")));
    failure(api, TOOL, valid(), ErrorKind.PERMISSION_DENIED);
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(json(500, "{\"detail\":\"boom\"}")));
    failure(api, TOOL, valid(), ErrorKind.UPSTREAM_ERROR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a/b", "../../victim", "a\\b", "line\nbreak", "tab\there", "", "   ",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
  void badEnvironmentNamesSendNothing(String environment) {
    rejected(api, TOOL, with(valid(), "environment", environment));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a/b", "../../victim", "1%2F2", ".x", ""})
  void pathTraversalInTheMonitorSlugSendsNothing(String slug) {
    rejected(api, TOOL, with(valid(), "monitorSlug", slug));
  }

  @Test
  void requiredParameters() {
    rejected(api, TOOL, Map.of("organizationSlug", ORG, "projectSlug", PROJECT, "monitorSlug", "nightly-import"));
    rejected(api, TOOL, Map.of("organizationSlug", ORG, "projectSlug", PROJECT, "environment", "production"));
    rejected(api, TOOL, Map.of("organizationSlug", ORG, "monitorSlug", "nightly-import", "environment", "x"));
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
  void constrainedSessionDeletesInItsProject() {
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(202)));
    call(api, TOOL, Map.of("monitorSlug", "nightly-import", "environment", "production"),
        api.projectConstrained(ORG, PROJECT));
    assertRequests(api.wm(), "DELETE " + PATH);
  }
}
