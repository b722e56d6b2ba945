package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.SLUG_TAKEN;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.assertNoRequests;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.call;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.constrained;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.failure;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.requests;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.startServer;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.writer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpdateProjectToolTest {
  private static final String ORG = "acme";
  private static final String PATH = "/api/0/projects/acme/checkout/";

  private static WireMockServer wm;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    wm = startServer();
    mcp = writer(wm);
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  private static String project(String slug, String name, String platform) {
    return "{\"id\":\"4509109104082999\",\"slug\":\"" + slug + "\",\"name\":\"" + name + "\",\"platform\":"
        + (platform == null ? "null" : "\"" + platform + "\"") + ",\"teams\":[{\"slug\":\"backend\"}]}";
  }

  @Test
  void putsOnlyTheGivenFields() {
    String body = "{\"name\":\"Checkout Service\",\"platform\":\"python\"}";
    wm.stubFor(put(urlEqualTo(PATH)).withRequestBody(equalToJson(body))
        .willReturn(okJson(project("checkout", "Checkout Service", "python"))));
    RenderedResult r = call(mcp, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout",
        "name", "Checkout Service", "platform", "python"));
    assertEquals(List.of("PUT " + PATH), requests(wm));
    wm.verify(putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));

    Map<String, Object> project = map(map(r.structuredContent()).get("project"));
    assertEquals(Map.of("id", "4509109104082999", "slug", "checkout", "name", "Checkout Service",
        "platform", "python"), project);
    assertConforms(UpdateProjectTool.OUTPUT_SCHEMA, r.structuredContent());
    assertTrue(r.text().contains("# Updated Project in **acme**"), r.text());
    assertTrue(r.text().contains("name, platform"), r.text());
    Sanitized.assertInData(r.text(), "Checkout Service");
  }

  @Test
  void blankFieldsAreLeftOutAndAMissingPlatformIsNull() {
    wm.stubFor(put(urlEqualTo(PATH)).willReturn(okJson(project("checkout", "Checkout", null))));
    RenderedResult r = call(mcp, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout",
        "name", "Checkout", "slug", "  ", "platform", ""));
    wm.verify(putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"name\":\"Checkout\"}")));
    Map<String, Object> project = map(map(r.structuredContent()).get("project"));
    assertTrue(project.containsKey("platform") && project.get("platform") == null, project.toString());
    assertConforms(UpdateProjectTool.OUTPUT_SCHEMA, r.structuredContent());
  }

  @Test
  void nothingToUpdateSendsNothing() {
    SentryMcpException e = failure(mcp, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout"),
        mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("at least one of name, slug and platform"), e.getMessage());
    failure(mcp, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout", "name", " ",
        "slug", null, "platform", ""), mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    assertNoRequests(wm);
  }

  @Test
  void aSlugRenameIsSentAndTheNewSlugReported() {
    wm.stubFor(put(urlEqualTo(PATH)).willReturn(okJson(project("checkout-service", "Checkout", "python"))));
    RenderedResult r = call(mcp, "update_project", args("organizationSlug", ORG, "projectSlug", "checkout",
        "slug", "checkout-service"));
    wm.verify(putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"slug\":\"checkout-service\"}")));
    assertEquals("checkout-service", map(map(r.structuredContent()).get("project")).get("slug"));
    assertTrue(r.text().contains("no longer checkout"), r.text());
  }

  @Test
  void aProjectConstrainedSessionCannotRenameTheSlug() {
    CallContext ctx = constrained(mcp, new SessionConstraints(ORG, "checkout", null));
    SentryMcpException e = failure(mcp, "update_project", args("slug", "renamed", "name", "Checkout"), ctx,
        ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains("cannot change its slug"), e.getMessage());
    assertNoRequests(wm);

    // other fields, and the unchanged slug, are fine; the project comes from the constraint
    wm.stubFor(put(urlEqualTo(PATH)).willReturn(okJson(project("checkout", "Checkout", "python"))));
    call(mcp, "update_project", args("name", "Checkout", "slug", "checkout"), ctx);
    wm.verify(putRequestedFor(urlEqualTo(PATH))
        .withRequestBody(equalToJson("{\"name\":\"Checkout\",\"slug\":\"checkout\"}")));
    assertEquals(List.of("PUT " + PATH), requests(wm));
  }

  @Test
  void anOrganizationConstraintAloneAllowsARename() {
    wm.stubFor(put(urlEqualTo("/api/0/projects/pinned-org/checkout/"))
        .willReturn(okJson(project("renamed", "Checkout", "python"))));
    call(mcp, "update_project", args("projectSlug", "checkout", "slug", "renamed"),
        constrained(mcp, new SessionConstraints("pinned-org", null, null)));
    assertEquals(List.of("PUT /api/0/projects/pinned-org/checkout/"), requests(wm));
  }

  @Test
  void aTakenSlugIsAClearInputErrorWithSentrysTextFenced() {
    wm.stubFor(put(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody(SLUG_TAKEN)));
    Map<String, Object> a = new HashMap<>(args("organizationSlug", ORG, "projectSlug", "checkout",
        "slug", "taken"));
    SentryMcpException e = failure(mcp, "update_project", a, mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    assertFalse(e.getMessage().contains("already in use"), e.getMessage());
    RenderedResult r = mcp.callAndRender("update_project", a, mcp.defaultContext());
    assertTrue(r.isError());
    Sanitized.assertInData(r.text(), "slug: This slug is already in use");
    Sanitized.assertNotOutsideData(r.text(), "already in use");
    // a 400 answer is not retried
    assertEquals(List.of("PUT " + PATH, "PUT " + PATH), requests(wm));
  }

  @Test
  void anUnknownProjectNamesTheParameters() {
    wm.stubFor(put(urlEqualTo("/api/0/projects/acme/nope/")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"not found\"}")));
    SentryMcpException e = failure(mcp, "update_project", args("organizationSlug", ORG, "projectSlug", "nope",
        "name", "x"), mcp.defaultContext(), ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("projectSlug='nope'"), e.getMessage());
  }
}
