package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.sentrymcp.core.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.tools.ToolTestSupport.map;
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

class AddTeamToProjectToolTest {
  static final String ORG = "acme";
  static final String TEAMS = "/api/0/projects/acme/checkout/teams/";
  static final String LIST = TEAMS + "?per_page=100";
  static final String ADD = TEAMS + "backend/";

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
    wm.stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "," + BACKEND + "]")));
    RenderedResult r = call(mcp, "add_team_to_project", callArgs());
    assertEquals(List.of("GET " + LIST), requests(wm));
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(false, sc.get("changed"));
    assertEquals(List.of(Map.of("id", "11", "slug", "the-goats", "name", "Team the-goats"),
        Map.of("id", "22", "slug", "backend", "name", "Team backend")), sc.get("teams"));
    assertConforms(ProjectManagementSupport.ASSIGNMENT_OUTPUT_SCHEMA, sc);
    assertTrue(r.text().contains("already has access"), r.text());
  }

  @Test
  void aMissingTeamIsPostedWithAnEmptyBodyAndTheListReadAgain() {
    wm.stubFor(get(urlPathEqualTo(TEAMS)).inScenario("add").whenScenarioStateIs(STARTED)
        .willReturn(okJson("[" + GOATS + "]")));
    wm.stubFor(post(urlEqualTo(ADD)).inScenario("add").whenScenarioStateIs(STARTED).willSetStateTo("added")
        .withRequestBody(equalToJson("{}"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"slug\":\"checkout\",\"teams\":[" + GOATS + "," + BACKEND + "]}")));
    wm.stubFor(get(urlPathEqualTo(TEAMS)).inScenario("add").whenScenarioStateIs("added")
        .willReturn(okJson("[" + GOATS + "," + BACKEND + "]")));
    RenderedResult r = call(mcp, "add_team_to_project", callArgs());
    assertEquals(List.of("GET " + LIST, "POST " + ADD, "GET " + LIST), requests(wm));
    wm.verify(postRequestedFor(urlEqualTo(ADD)).withRequestBody(equalToJson("{}")));
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
    wm.stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "]").withHeader("Link", next)));
    wm.stubFor(get(urlPathEqualTo(TEAMS)).withQueryParam("cursor", equalTo("0:100:0"))
        .willReturn(okJson("[" + BACKEND + "]")));
    RenderedResult r = call(mcp, "add_team_to_project", callArgs());
    assertEquals(List.of("GET " + LIST, "GET " + LIST + "&cursor=0%3A100%3A0"), requests(wm));
    assertEquals(false, map(r.structuredContent()).get("changed"));
  }

  @Test
  void aListThatNeverEndsFailsWithoutAWrite() {
    String next = "<x>; rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"";
    wm.stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "]").withHeader("Link", next)));
    failure(mcp, "add_team_to_project", callArgs(), mcp.defaultContext(), ErrorKind.UPSTREAM_ERROR);
    ProjectWriteSupport.assertNoWrites(wm);
    assertEquals(ProjectManagementSupport.MAX_PAGES, requests(wm).size());
  }

  @Test
  void whenTheListCannotBeReadAgainTheAnswerOfTheChangeIsUsed() {
    wm.stubFor(get(urlPathEqualTo(TEAMS)).inScenario("add").whenScenarioStateIs(STARTED)
        .willReturn(okJson("[" + GOATS + "]")));
    wm.stubFor(post(urlEqualTo(ADD)).inScenario("add").willSetStateTo("added")
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"slug\":\"checkout\",\"teams\":[" + GOATS + "," + BACKEND + "]}")));
    wm.stubFor(get(urlPathEqualTo(TEAMS)).inScenario("add").whenScenarioStateIs("added")
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
            .withBody("{\"detail\":\"nope\"}")));
    RenderedResult r = call(mcp, "add_team_to_project", callArgs());
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(true, sc.get("changed"));
    assertEquals(2, list(sc.get("teams")).size());
    assertTrue(r.text().contains("could not be read again"), r.text());
  }

  @Test
  void aRejectedPostIsAClearInputErrorWithSentrysTextFenced() {
    wm.stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "]")));
    wm.stubFor(post(urlEqualTo(ADD)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"team\":[\"This team cannot be added to the project\"]}")));
    RenderedResult r = mcp.callAndRender("add_team_to_project", callArgs(), mcp.defaultContext());
    assertTrue(r.isError());
    assertTrue(r.text().contains("**Input Error**"), r.text());
    Sanitized.assertInData(r.text(), "team: This team cannot be added to the project");
    Sanitized.assertNotOutsideData(r.text(), "cannot be added");
    assertEquals(List.of("GET " + LIST, "POST " + ADD), requests(wm));
  }

  @Test
  void anUnknownTeamNamesTheParameters() {
    wm.stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "]")));
    wm.stubFor(post(urlEqualTo(ADD)).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"Team does not exist\"}")));
    SentryMcpException e = failure(mcp, "add_team_to_project", callArgs(), mcp.defaultContext(),
        ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("teamSlug='backend'"), e.getMessage());
    assertFalse(e.getMessage().contains("Team does not exist"), e.getMessage());
  }

  @Test
  void theProjectConstraintIsInjected() {
    wm.stubFor(get(urlPathEqualTo("/api/0/projects/pinned-org/pinned-project/teams/"))
        .willReturn(okJson("[" + BACKEND + "]")));
    call(mcp, "add_team_to_project", args("teamSlug", "backend"),
        constrained(mcp, new SessionConstraints("pinned-org", "pinned-project", null)));
    call(mcp, "add_team_to_project", args("organizationSlug", "pinned-org", "projectSlug", "pinned-project",
        "teamSlug", "backend"), constrained(mcp, new SessionConstraints("pinned-org", "pinned-project", null)));
    assertEquals(List.of("GET /api/0/projects/pinned-org/pinned-project/teams/?per_page=100",
        "GET /api/0/projects/pinned-org/pinned-project/teams/?per_page=100"), requests(wm));
  }
}
