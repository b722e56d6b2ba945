package io.github.sentrymcp.core.internal.tools.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.SLUG_TAKEN;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertSlugTaken;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UpdateProjectToolTest {
  private static final String ORG = "acme";
  private static final String PATH = "/api/0/projects/acme/checkout/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_AND_TEAM_WRITE);

  private static String project(String slug, String name, String platform) {
    return "{\"id\":\"4509109104082999\",\"slug\":\"" + slug + "\",\"name\":\"" + name + "\",\"platform\":"
        + (platform == null ? "null" : "\"" + platform + "\"") + ",\"teams\":[{\"slug\":\"backend\"}]}";
  }

  @Test
  void putsOnlyTheGivenFields() {
    String body = "{\"name\":\"Checkout Service\",\"platform\":\"python\"}";
    api.wm().stubFor(put(urlEqualTo(PATH)).withRequestBody(equalToJson(body))
        .willReturn(okJson(project("checkout", "Checkout Service", "python"))));
    RenderedResult r = call(api, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout",
        "name", "Checkout Service", "platform", "python"));
    assertRequests(api.wm(), "PUT " + PATH);
    api.wm().verify(putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));

    Map<String, Object> project = map(map(r.structuredContent()).get("project"));
    assertEquals(Map.of("id", "4509109104082999", "slug", "checkout", "name", "Checkout Service",
        "platform", "python"), project);
    assertConforms(UpdateProjectTool.OUTPUT_SCHEMA, r.structuredContent());
    assertTrue(r.text().contains("# Updated Project in acme\n"), r.text());
    assertTrue(r.text().contains("name, platform"), r.text());
    Sanitized.assertInData(r.text(), "Checkout Service");
  }

  @Test
  void blankFieldsAreLeftOutAndAMissingPlatformIsNull() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(okJson(project("checkout", "Checkout", null))));
    RenderedResult r = call(api, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout",
        "name", "Checkout", "slug", "  ", "platform", ""));
    api.wm().verify(putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"name\":\"Checkout\"}")));
    Map<String, Object> project = map(map(r.structuredContent()).get("project"));
    assertTrue(project.containsKey("platform") && project.get("platform") == null, project.toString());
    assertConforms(UpdateProjectTool.OUTPUT_SCHEMA, r.structuredContent());
  }

  @Test
  void nothingToUpdateSendsNothing() {
    SentryMcpException e = failure(api, "update_project",
        args("organizationSlug", ORG, "projectSlug", "checkout"), ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("at least one of name, slug and platform"), e.getMessage());
    failure(api, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout", "name", " ",
        "slug", null, "platform", ""), ErrorKind.INVALID_INPUT);
    assertNoRequests(api.wm());
  }

  @Test
  void aSlugRenameIsSentAndTheNewSlugReported() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(okJson(project("checkout-service", "Checkout", "python"))));
    RenderedResult r = call(api, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout",
        "slug", "checkout-service"));
    api.wm().verify(putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"slug\":\"checkout-service\"}")));
    assertEquals("checkout-service", map(map(r.structuredContent()).get("project")).get("slug"));
    assertTrue(r.text().contains("no longer checkout"), r.text());
  }

  @Test
  void aProjectConstrainedSessionCannotRenameTheSlug() {
    Session pinned = api.constrained(new SessionConstraints(ORG, "checkout", null));
    SentryMcpException e = failure(api, "update_project", args("slug", "renamed", "name", "Checkout"), pinned,
        ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains("cannot change its slug"), e.getMessage());
    assertNoRequests(api.wm());

    // other fields, and the unchanged slug, are fine; the project comes from the constraint
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(okJson(project("checkout", "Checkout", "python"))));
    call(api, "update_project", args("name", "Checkout", "slug", "checkout"), pinned);
    api.wm().verify(putRequestedFor(urlEqualTo(PATH))
        .withRequestBody(equalToJson("{\"name\":\"Checkout\",\"slug\":\"checkout\"}")));
    assertRequests(api.wm(), "PUT " + PATH);
  }

  @Test
  void anOrganizationConstraintAloneAllowsARename() {
    api.wm().stubFor(put(urlEqualTo("/api/0/projects/pinned-org/checkout/"))
        .willReturn(okJson(project("renamed", "Checkout", "python"))));
    call(api, "update_project", args("projectSlug", "checkout", "slug", "renamed"),
        api.constrained(new SessionConstraints("pinned-org", null, null)));
    assertRequests(api.wm(), "PUT /api/0/projects/pinned-org/checkout/");
  }

  @Test
  void aTakenSlugIsAClearInputErrorWithSentrysTextFenced() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(400, SLUG_TAKEN)));
    Map<String, Object> a = new HashMap<>(args("organizationSlug", ORG, "projectSlug", "checkout",
        "slug", "taken"));
    assertSlugTaken(api, "update_project", a);
    // a 400 answer is not retried
    assertRequests(api.wm(), "PUT " + PATH, "PUT " + PATH);
  }

  @Test
  void anUnknownProjectNamesTheParameters() {
    api.wm().stubFor(put(urlEqualTo("/api/0/projects/acme/nope/")).willReturn(json(404, "{\"detail\":\"not found\"}")));
    SentryMcpException e = failure(api, "update_project", args("organizationSlug", ORG, "projectSlug", "nope",
        "name", "x"), ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("projectSlug='nope'"), e.getMessage());
  }
}
