package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.sentrymcp.core.tools.AddTeamToProjectToolTest.BACKEND;
import static io.github.sentrymcp.core.tools.AddTeamToProjectToolTest.GOATS;
import static io.github.sentrymcp.core.tools.AddTeamToProjectToolTest.LIST;
import static io.github.sentrymcp.core.tools.AddTeamToProjectToolTest.TEAMS;
import static io.github.sentrymcp.core.tools.AddTeamToProjectToolTest.team;
import static io.github.sentrymcp.core.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.assertNoWrites;
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

class RemoveTeamFromProjectToolTest {
  private static final String ORG = "acme";
  private static final String REMOVE = TEAMS + "backend/";

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

  private static Map<String, Object> callArgs() {
    return Map.of("organizationSlug", ORG, "projectSlug", "checkout", "teamSlug", "backend");
  }

  private static void stubRemoval() {
    wm.stubFor(get(urlPathEqualTo(TEAMS)).inScenario("remove").whenScenarioStateIs(STARTED)
        .willReturn(okJson("[" + GOATS + "," + BACKEND + "]")));
    wm.stubFor(delete(urlEqualTo(REMOVE)).inScenario("remove").whenScenarioStateIs(STARTED)
        .willSetStateTo("removed").willReturn(aResponse().withStatus(204)));
  }

  @Test
  void anAssignedTeamIsDeletedAndTheListReadAgain() {
    stubRemoval();
    wm.stubFor(get(urlPathEqualTo(TEAMS)).inScenario("remove").whenScenarioStateIs("removed")
        .willReturn(okJson("[" + GOATS + "]")));
    RenderedResult r = call(mcp, "remove_team_from_project", callArgs());
    assertEquals(List.of("GET " + LIST, "DELETE " + REMOVE, "GET " + LIST), requests(wm));
    wm.verify(deleteRequestedFor(urlEqualTo(REMOVE)).withoutHeader("Content-Type"));
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(true, sc.get("changed"));
    assertEquals(List.of(Map.of("id", "11", "slug", "the-goats", "name", "Team the-goats")), sc.get("teams"));
    assertConforms(ProjectManagementSupport.ASSIGNMENT_OUTPUT_SCHEMA, sc);
    assertTrue(r.text().contains("no longer has access"), r.text());
  }

  @Test
  void whenTheListCannotBeReadAgainTheRemovedTeamIsLeftOut() {
    stubRemoval();
    wm.stubFor(get(urlPathEqualTo(TEAMS)).inScenario("remove").whenScenarioStateIs("removed")
        .willReturn(aResponse().withStatus(403)));
    RenderedResult r = call(mcp, "remove_team_from_project", callArgs());
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(true, sc.get("changed"));
    assertEquals(List.of(Map.of("id", "11", "slug", "the-goats", "name", "Team the-goats")), sc.get("teams"));
    assertTrue(r.text().contains("could not be read again"), r.text());
  }

  @Test
  void aTeamWithoutAccessIsRefusedWithoutAWrite() {
    wm.stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "," + team("33", "frontend") + "]")));
    SentryMcpException e = failure(mcp, "remove_team_from_project", callArgs(), mcp.defaultContext(),
        ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("has no access"), e.getMessage());
    RenderedResult r = mcp.callAndRender("remove_team_from_project", callArgs(), mcp.defaultContext());
    assertTrue(r.isError());
    Sanitized.assertInData(r.text(), "the-goats");
    Sanitized.assertInData(r.text(), "frontend");
    Sanitized.assertNotOutsideData(r.text(), "frontend");
    assertNoWrites(wm);
  }

  @Test
  void theLastTeamIsNotRemoved() {
    wm.stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + BACKEND + "]")));
    SentryMcpException e = failure(mcp, "remove_team_from_project", callArgs(), mcp.defaultContext(),
        ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("only team"), e.getMessage());
    assertEquals(List.of("GET " + LIST), requests(wm));
  }

  @Test
  void aRejectedDeleteIsAClearInputErrorWithSentrysTextFenced() {
    wm.stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "," + BACKEND + "]")));
    wm.stubFor(delete(urlEqualTo(REMOVE)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"team\":[\"This team owns alert rules of the project\"]}")));
    RenderedResult r = mcp.callAndRender("remove_team_from_project", callArgs(), mcp.defaultContext());
    assertTrue(r.isError());
    assertTrue(r.text().contains("**Input Error**"), r.text());
    Sanitized.assertInData(r.text(), "team: This team owns alert rules of the project");
    Sanitized.assertNotOutsideData(r.text(), "alert rules");
    // the rejected DELETE got an answer, so it is not retried
    assertEquals(List.of("GET " + LIST, "DELETE " + REMOVE), requests(wm));
  }

  @Test
  void theProjectConstraintIsInjectedAndAnotherProjectRefused() {
    wm.stubFor(get(urlPathEqualTo("/api/0/projects/pinned-org/pinned-project/teams/"))
        .willReturn(okJson("[" + BACKEND + "]")));
    var ctx = constrained(mcp, new SessionConstraints("pinned-org", "pinned-project", null));
    failure(mcp, "remove_team_from_project", args("teamSlug", "backend"), ctx, ErrorKind.INVALID_INPUT);
    assertEquals(List.of("GET /api/0/projects/pinned-org/pinned-project/teams/?per_page=100"), requests(wm));
    wm.resetRequests();
    SentryMcpException e = failure(mcp, "remove_team_from_project", args("projectSlug", "checkout",
        "teamSlug", "backend"), ctx, ErrorKind.PERMISSION_DENIED);
    assertFalse(e.getMessage().contains("checkout"), "the caller's value is not echoed: " + e.getMessage());
    assertEquals(List.of(), requests(wm));
  }
}
