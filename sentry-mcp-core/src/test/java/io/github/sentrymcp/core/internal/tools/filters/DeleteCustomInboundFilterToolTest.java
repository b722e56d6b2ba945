package io.github.sentrymcp.core.internal.tools.filters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertPermissionChecks;
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
import io.github.sentrymcp.api.SentryMcpException;
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

class DeleteCustomInboundFilterToolTest {
  private static final String TOOL = "delete_custom_inbound_filter";
  private static final String ID = "4509100000002001";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/custom-inbound-filters/"
      + ID + "/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  private static Map<String, Object> valid() {
    return Map.of("organizationSlug", ORG, "projectSlug", PROJECT, "filterId", ID);
  }

  private static RenderedResult deleted() {
    RenderedResult r = callWithOneRequest(api, TOOL, valid(), deleteRequestedFor(urlEqualTo(PATH))
        .withRequestBody(absent()));
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    assertEquals(Map.of("success", true, "filterId", ID, "projectSlug", PROJECT), sc);
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, true, true),
        Set.of(Scope.PROJECT_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "filterId"),
        List.of("organizationSlug", "projectSlug", "filterId"));
  }

  @Test
  void deletesWithOneRequestWithoutBody() {
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));
    RenderedResult r = deleted();
    assertTrue(r.text().startsWith("# Deleted custom inbound filter in **sentry-mcp-evals/cloudflare-mcp**\n"),
        r.text());
    assertTrue(r.text().contains("The filter was deleted."), r.text());
  }

  @Test
  void notFoundIsSuccess() {
    api.wm().stubFor(delete(urlEqualTo(PATH))
        .willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    RenderedResult r = deleted();
    assertTrue(r.text().contains("HTTP 404"), r.text());
    assertTrue(r.text().contains("nothing left to delete"), r.text());
  }

  @Test
  void otherFailuresAreErrors() {
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(json(403, "{\"detail\":\"You do not have permission.\"}")));
    failure(api, TOOL, valid(), ErrorKind.PERMISSION_DENIED);
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(json(500, "{\"detail\":\"boom\"}")));
    failure(api, TOOL, valid(), ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void aDisabledFeatureIsNamed() {
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(json(400,
        "{\"detail\":\"You do not have that feature enabled\"}")));
    SentryMcpException e = failure(api, TOOL, valid(), ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("custom inbound filters are not enabled"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/victim-proj/custom-inbound-filters/1", "..", ".", "1/2", "1%2F2",
      "1\\2", ".1", ""})
  void pathTraversalInTheFilterIdSendsNothing(String id) {
    rejected(api, TOOL, with(valid(), "filterId", id));
  }

  @Test
  void filterIdIsRequired() {
    rejected(api, TOOL, Map.of("organizationSlug", ORG, "projectSlug", PROJECT));
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
    api.wm().stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));
    call(api, TOOL, Map.of("filterId", ID), api.projectConstrained(ORG, PROJECT));
    api.wm().verify(1, deleteRequestedFor(urlEqualTo(PATH)));
  }
}
