package io.github.sentrymcp.core.internal.tools.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputErrorWithSentryTextAsData;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoWrites;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AddTeamToProjectToolTest {
  static final String ORG = "acme";
  static final String TEAMS = "/api/0/projects/acme/checkout/teams/";
  static final String LIST = TEAMS + "?per_page=100";
  static final String ADD = TEAMS + "backend/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_AND_TEAM_WRITE);

  static String team(String id, String slug) {
    return "{\"id\":\"" + id + "\",\"slug\":\"" + slug + "\",\"name\":\"Team " + slug + "\",\"memberCount\":3}";
  }

  static final String GOATS = team("11", "the-goats");
  static final String BACKEND = team("22", "backend");

  private static Map<String, Object> callArgs() {
    return Map.of("organizationSlug", ORG, "projectSlug", "checkout", "teamSlug", "backend");
  }

  @Test
  void aTeamThatAlreadyHasAccessIsNotPostedAgain() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "," + BACKEND + "]")));
    RenderedResult r = call(api, "add_team_to_project", callArgs());
    assertRequests(api.wm(), "GET " + LIST);
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(false, sc.get("changed"));
    assertEquals(List.of(Map.of("id", "11", "slug", "the-goats", "name", "Team the-goats"),
        Map.of("id", "22", "slug", "backend", "name", "Team backend")), sc.get("teams"));
    assertConforms(ProjectManagementSupport.ASSIGNMENT_OUTPUT_SCHEMA, sc);
    assertTrue(r.text().contains("already has access"), r.text());
  }

  @Test
  void aTeamListOfTheWrongShapeFailsBeforeAnyWrite() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("{\"teams\":[" + GOATS + "]}")));
    SentryMcpException e = failure(api, "add_team_to_project", callArgs(), ErrorKind.UPSTREAM_ERROR);
    assertEquals("Sentry returned a JSON object where GET /projects/{org}/{project}/teams/ should return a list.",
        e.getMessage());
    assertNoWrites(api.wm());
  }

  @Test
  void aTeamWhoseSlugIsNotAStringFailsBeforeAnyWrite() {
    // a slug the tool cannot match must not read as "the team has no access" and lead to a write
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[{\"id\":\"22\",\"slug\":22}]")));
    SentryMcpException e = failure(api, "add_team_to_project", callArgs(), ErrorKind.UPSTREAM_ERROR);
    assertEquals("Sentry's answer to GET /projects/{org}/{project}/teams/ has a JSON number where the slug of a team"
        + " should be a non-empty string.", e.getMessage());
    assertNoWrites(api.wm());
  }

  @Test
  void aMissingTeamIsPostedWithAnEmptyBodyAndTheListReadAgain() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).inScenario("add").whenScenarioStateIs(STARTED)
        .willReturn(okJson("[" + GOATS + "]")));
    api.wm().stubFor(post(urlEqualTo(ADD)).inScenario("add").whenScenarioStateIs(STARTED).willSetStateTo("added")
        .withRequestBody(equalToJson("{}"))
        .willReturn(json(201, "{\"slug\":\"checkout\",\"teams\":[" + GOATS + "," + BACKEND + "]}")));
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).inScenario("add").whenScenarioStateIs("added")
        .willReturn(okJson("[" + GOATS + "," + BACKEND + "]")));
    RenderedResult r = call(api, "add_team_to_project", callArgs());
    assertRequests(api.wm(), "GET " + LIST, "POST " + ADD, "GET " + LIST);
    api.wm().verify(postRequestedFor(urlEqualTo(ADD)).withRequestBody(equalToJson("{}")));
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(true, sc.get("changed"));
    assertEquals(2, list(sc.get("teams")).size());
    assertConforms(ProjectManagementSupport.ASSIGNMENT_OUTPUT_SCHEMA, sc);
    assertTrue(r.text().contains("now has access"), r.text());
  }

  @Test
  void everyPageOfTheTeamListIsRead() {
    String next = "<http://127.0.0.1" + TEAMS + "?per_page=100&cursor=0:100:0>; rel=\"next\"; results=\"true\";"
        + " cursor=\"0:100:0\"";
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "]").withHeader("Link", next)));
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).withQueryParam("cursor", equalTo("0:100:0"))
        .willReturn(okJson("[" + BACKEND + "]")));
    RenderedResult r = call(api, "add_team_to_project", callArgs());
    assertRequests(api.wm(), "GET " + LIST, "GET " + LIST + "&cursor=0%3A100%3A0");
    assertEquals(false, map(r.structuredContent()).get("changed"));
  }

  @Test
  void aListThatNeverEndsFailsWithoutAWrite() {
    String next = "<x>; rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"";
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "]").withHeader("Link", next)));
    failure(api, "add_team_to_project", callArgs(), ErrorKind.UPSTREAM_ERROR);
    assertNoWrites(api.wm());
    assertEquals(ProjectManagementSupport.MAX_PAGES, requests(api.wm()).size());
  }

  @Test
  void whenTheListCannotBeReadAgainTheAnswerOfTheChangeIsUsed() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).inScenario("add").whenScenarioStateIs(STARTED)
        .willReturn(okJson("[" + GOATS + "]")));
    api.wm().stubFor(post(urlEqualTo(ADD)).inScenario("add").willSetStateTo("added")
        .willReturn(json(201, "{\"slug\":\"checkout\",\"teams\":[" + GOATS + "," + BACKEND + "]}")));
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).inScenario("add").whenScenarioStateIs("added")
        .willReturn(json(403, "{\"detail\":\"nope\"}")));
    RenderedResult r = call(api, "add_team_to_project", callArgs());
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(true, sc.get("changed"));
    assertEquals(2, list(sc.get("teams")).size());
    assertTrue(r.text().contains("could not be read again"), r.text());
  }

  @Test
  void aRejectedPostIsAClearInputErrorWithSentrysTextFenced() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "]")));
    api.wm().stubFor(post(urlEqualTo(ADD))
        .willReturn(json(400, "{\"team\":[\"This team cannot be added to the project\"]}")));
    assertInputErrorWithSentryTextAsData(api, "add_team_to_project", callArgs(),
        "team: This team cannot be added to the project", "cannot be added");
    assertRequests(api.wm(), "GET " + LIST, "POST " + ADD);
  }

  @Test
  void anUnknownTeamNamesTheParameters() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "]")));
    api.wm().stubFor(post(urlEqualTo(ADD)).willReturn(json(404, "{\"detail\":\"Team does not exist\"}")));
    SentryMcpException e = failure(api, "add_team_to_project", callArgs(), ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("teamSlug='backend'"), e.getMessage());
    assertFalse(e.getMessage().contains("Team does not exist"), e.getMessage());
  }

  @Test
  void theProjectConstraintIsInjected() {
    api.wm().stubFor(get(urlPathEqualTo("/api/0/projects/pinned-org/pinned-project/teams/"))
        .willReturn(okJson("[" + BACKEND + "]")));
    Session pinned = api.constrained(new SessionConstraints("pinned-org", "pinned-project", null));
    call(api, "add_team_to_project", args("teamSlug", "backend"), pinned);
    call(api, "add_team_to_project", args("organizationSlug", "pinned-org", "projectSlug", "pinned-project",
        "teamSlug", "backend"), pinned);
    assertRequests(api.wm(), "GET /api/0/projects/pinned-org/pinned-project/teams/?per_page=100",
        "GET /api/0/projects/pinned-org/pinned-project/teams/?per_page=100");
  }
}
