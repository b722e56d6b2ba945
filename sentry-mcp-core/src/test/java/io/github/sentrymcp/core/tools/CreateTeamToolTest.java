package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreateTeamToolTest {
  private static final String ORG = "acme";
  private static final String TEAMS = "/api/0/organizations/acme/teams/";
  private static final String CREATED = "{\"id\":\"4509106740854790\",\"slug\":\"backend\",\"name\":\"Backend\","
      + "\"dateCreated\":\"2025-04-07T00:05:48.196710Z\",\"isMember\":true,\"memberCount\":1}";

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

  @Test
  void postsTheNameAndReturnsTheTeam() {
    wm.stubFor(post(urlEqualTo(TEAMS)).withRequestBody(equalToJson("{\"name\":\"Backend\"}"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(CREATED)));
    RenderedResult r = call(mcp, "create_team", args("organizationSlug", ORG, "name", "  Backend "));
    assertEquals(List.of("POST " + TEAMS), requests(wm));
    wm.verify(postRequestedFor(urlEqualTo(TEAMS)).withRequestBody(equalToJson("{\"name\":\"Backend\"}")));

    Map<String, Object> team = map(map(r.structuredContent()).get("team"));
    assertEquals(Map.of("id", "4509106740854790", "slug", "backend", "name", "Backend"), team);
    assertConforms(CreateTeamTool.OUTPUT_SCHEMA, r.structuredContent());
    assertTrue(r.text().contains("# New Team in **acme**"), r.text());
    Sanitized.assertInData(r.text(), "backend");
    Sanitized.assertNotOutsideData(r.text(), "4509106740854790");
  }

  @Test
  void aTakenSlugIsAClearInputErrorWithSentrysTextFenced() {
    wm.stubFor(post(urlEqualTo(TEAMS)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody(SLUG_TAKEN)));
    SentryMcpException e = failure(mcp, "create_team", args("organizationSlug", ORG, "name", "Backend"),
        mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    assertFalse(e.getMessage().contains("already in use"), "Sentry text only in details: " + e.getMessage());

    RenderedResult r = mcp.callAndRender("create_team", args("organizationSlug", ORG, "name", "Backend"),
        mcp.defaultContext());
    assertTrue(r.isError());
    assertTrue(r.text().contains("**Input Error**"), r.text());
    Sanitized.assertInData(r.text(), "slug: This slug is already in use");
    Sanitized.assertNotOutsideData(r.text(), "already in use");
    // a POST is never retried
    assertEquals(List.of("POST " + TEAMS, "POST " + TEAMS), requests(wm));
  }

  @Test
  void aServerErrorIsNotRetried() {
    wm.stubFor(post(urlEqualTo(TEAMS)).willReturn(aResponse().withStatus(503)));
    failure(mcp, "create_team", args("organizationSlug", ORG, "name", "Backend"), mcp.defaultContext(),
        ErrorKind.UPSTREAM_ERROR);
    assertEquals(List.of("POST " + TEAMS), requests(wm));
  }

  @Test
  void anUnknownOrganizationNamesTheParameter() {
    wm.stubFor(post(urlEqualTo("/api/0/organizations/nope/teams/")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"The requested resource does not"
            + " exist\"}")));
    SentryMcpException e = failure(mcp, "create_team", args("organizationSlug", "nope", "name", "Backend"),
        mcp.defaultContext(), ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("organizationSlug='nope'"), e.getMessage());
  }

  @Test
  void aBlankNameIsRefusedWithoutARequest() {
    failure(mcp, "create_team", args("organizationSlug", ORG, "name", "   "), mcp.defaultContext(),
        ErrorKind.INVALID_INPUT);
    failure(mcp, "create_team", args("organizationSlug", ORG), mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    assertNoRequests(wm);
  }

  @Test
  void theOrganizationConstraintIsInjected() {
    wm.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(CREATED)));
    call(mcp, "create_team", args("name", "Backend"),
        constrained(mcp, new SessionConstraints("pinned-org", null, null)));
    // the same organization, given explicitly, is not a conflict
    call(mcp, "create_team", args("organizationSlug", "pinned-org", "name", "Backend"),
        constrained(mcp, new SessionConstraints("pinned-org", null, null)));
    // a project constraint does not stop an organization-level team
    call(mcp, "create_team", args("name", "Backend"),
        constrained(mcp, new SessionConstraints("pinned-org", "pinned-project", null)));
    assertEquals(List.of("POST /api/0/organizations/pinned-org/teams/", "POST /api/0/organizations/pinned-org/teams/",
        "POST /api/0/organizations/pinned-org/teams/"), requests(wm));
  }
}
