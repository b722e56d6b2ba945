package io.github.sentrymcp.core.internal.tools.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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

import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CreateTeamToolTest {
  private static final String ORG = "acme";
  private static final String TEAMS = "/api/0/organizations/acme/teams/";
  private static final String CREATED = "{\"id\":\"4509106740854790\",\"slug\":\"backend\",\"name\":\"Backend\","
      + "\"dateCreated\":\"2025-04-07T00:05:48.196710Z\",\"isMember\":true,\"memberCount\":1}";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_AND_TEAM_WRITE);

  @Test
  void postsTheNameAndReturnsTheTeam() {
    api.wm().stubFor(post(urlEqualTo(TEAMS)).withRequestBody(equalToJson("{\"name\":\"Backend\"}"))
        .willReturn(json(201, CREATED)));
    RenderedResult r = call(api, "create_team", args("organizationSlug", ORG, "name", "  Backend "));
    assertRequests(api.wm(), "POST " + TEAMS);
    api.wm().verify(postRequestedFor(urlEqualTo(TEAMS)).withRequestBody(equalToJson("{\"name\":\"Backend\"}")));

    Map<String, Object> team = map(map(r.structuredContent()).get("team"));
    assertEquals(Map.of("id", "4509106740854790", "slug", "backend", "name", "Backend"), team);
    assertConforms(CreateTeamTool.OUTPUT_SCHEMA, r.structuredContent());
    assertTrue(r.text().contains("# New Team in acme\n"), r.text());
    Sanitized.assertWellFormed(r.text());
    Sanitized.assertWholeValueInData(r.text(), "backend");
    Sanitized.assertWholeValueInData(r.text(), "Backend");
    Sanitized.assertNotOutsideData(r.text(), "Backend");
    // the team id is a number: shown bare
    Sanitized.assertShown(r.text(), "4509106740854790");
    assertTrue(r.text().contains("\nID: 4509106740854790\n"), r.text());
  }

  @Test
  void aTakenSlugIsAClearInputErrorWithSentrysTextFenced() {
    api.wm().stubFor(post(urlEqualTo(TEAMS)).willReturn(json(400, SLUG_TAKEN)));
    RenderedResult r = assertSlugTaken(api, "create_team", args("organizationSlug", ORG, "name", "Backend"));
    assertTrue(r.text().startsWith("Input Error: "), r.text());
    // a POST is never retried
    assertRequests(api.wm(), "POST " + TEAMS, "POST " + TEAMS);
  }

  @Test
  void aServerErrorIsNotRetried() {
    api.wm().stubFor(post(urlEqualTo(TEAMS)).willReturn(aResponse().withStatus(503)));
    failure(api, "create_team", args("organizationSlug", ORG, "name", "Backend"), ErrorKind.UPSTREAM_ERROR);
    assertRequests(api.wm(), "POST " + TEAMS);
  }

  @Test
  void anUnknownOrganizationNamesTheParameter() {
    api.wm().stubFor(post(urlEqualTo("/api/0/organizations/nope/teams/"))
        .willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    SentryMcpException e = failure(api, "create_team", args("organizationSlug", "nope", "name", "Backend"),
        ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("organizationSlug='nope'"), e.getMessage());
  }

  @Test
  void aBlankNameIsRefusedWithoutARequest() {
    failure(api, "create_team", args("organizationSlug", ORG, "name", "   "), ErrorKind.INVALID_INPUT);
    failure(api, "create_team", args("organizationSlug", ORG), ErrorKind.INVALID_INPUT);
    assertNoRequests(api.wm());
  }

  @Test
  void theOrganizationConstraintIsInjected() {
    api.wm().stubFor(WireMock.any(WireMock.anyUrl()).willReturn(json(201, CREATED)));
    Session orgPinned = api.constrained(new SessionConstraints("pinned-org", null, null));
    call(api, "create_team", args("name", "Backend"), orgPinned);
    // the same organization, given explicitly, is not a conflict
    call(api, "create_team", args("organizationSlug", "pinned-org", "name", "Backend"), orgPinned);
    // a project constraint does not stop an organization-level team
    call(api, "create_team", args("name", "Backend"),
        api.constrained(new SessionConstraints("pinned-org", "pinned-project", null)));
    String pinned = "POST /api/0/organizations/pinned-org/teams/";
    assertRequests(api.wm(), pinned, pinned, pinned);
  }
}
