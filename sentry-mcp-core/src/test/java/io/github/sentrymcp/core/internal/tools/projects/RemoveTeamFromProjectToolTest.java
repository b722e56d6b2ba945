package io.github.sentrymcp.core.internal.tools.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputErrorWithSentryTextAsData;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoWrites;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.render;
import static io.github.sentrymcp.core.internal.tools.projects.AddTeamToProjectToolTest.BACKEND;
import static io.github.sentrymcp.core.internal.tools.projects.AddTeamToProjectToolTest.GOATS;
import static io.github.sentrymcp.core.internal.tools.projects.AddTeamToProjectToolTest.LIST;
import static io.github.sentrymcp.core.internal.tools.projects.AddTeamToProjectToolTest.TEAMS;
import static io.github.sentrymcp.core.internal.tools.projects.AddTeamToProjectToolTest.team;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RemoveTeamFromProjectToolTest {
  private static final String ORG = "acme";
  private static final String REMOVE = TEAMS + "backend/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_AND_TEAM_WRITE);

  private static Map<String, Object> callArgs() {
    return Map.of("organizationSlug", ORG, "projectSlug", "checkout", "teamSlug", "backend");
  }

  private static void stubRemoval() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).inScenario("remove").whenScenarioStateIs(STARTED)
        .willReturn(okJson("[" + GOATS + "," + BACKEND + "]")));
    api.wm().stubFor(delete(urlEqualTo(REMOVE)).inScenario("remove").whenScenarioStateIs(STARTED)
        .willSetStateTo("removed").willReturn(aResponse().withStatus(204)));
  }

  @Test
  void anAssignedTeamIsDeletedAndTheListReadAgain() {
    stubRemoval();
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).inScenario("remove").whenScenarioStateIs("removed")
        .willReturn(okJson("[" + GOATS + "]")));
    RenderedResult r = call(api, "remove_team_from_project", callArgs());
    assertRequests(api.wm(), "GET " + LIST, "DELETE " + REMOVE, "GET " + LIST);
    api.wm().verify(deleteRequestedFor(urlEqualTo(REMOVE)).withoutHeader("Content-Type"));
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(true, sc.get("changed"));
    assertEquals(List.of(Map.of("id", "11", "slug", "the-goats", "name", "Team the-goats")), sc.get("teams"));
    assertConforms(ProjectManagementSupport.ASSIGNMENT_OUTPUT_SCHEMA, sc);
    assertTrue(r.text().contains("no longer has access"), r.text());
  }

  @Test
  void whenTheListCannotBeReadAgainTheRemovedTeamIsLeftOut() {
    stubRemoval();
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).inScenario("remove").whenScenarioStateIs("removed")
        .willReturn(aResponse().withStatus(403)));
    RenderedResult r = call(api, "remove_team_from_project", callArgs());
    Map<String, Object> sc = map(r.structuredContent());
    assertEquals(true, sc.get("changed"));
    assertEquals(List.of(Map.of("id", "11", "slug", "the-goats", "name", "Team the-goats")), sc.get("teams"));
    assertTrue(r.text().contains("could not be read again"), r.text());
  }

  @Test
  void aTeamWithoutAccessIsRefusedWithoutAWrite() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS))
        .willReturn(okJson("[" + GOATS + "," + team("33", "frontend") + "]")));
    SentryMcpException e = failure(api, "remove_team_from_project", callArgs(), ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("has no access"), e.getMessage());
    RenderedResult r = render(api, "remove_team_from_project", callArgs());
    assertTrue(r.isError());
    Sanitized.assertWellFormed(r.text());
    Sanitized.assertWholeValueInData(r.text(), "the-goats");
    Sanitized.assertNotOutsideData(r.text(), "the-goats");
    // "frontend" is a word of the sanitizer's closed vocabulary (an issue category): it may be shown bare
    Sanitized.assertShown(r.text(), "frontend");
    assertTrue(r.text().contains("\nDetails from Sentry: frontend"), r.text());
    assertNoWrites(api.wm());
  }

  @Test
  void theLastTeamIsNotRemoved() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + BACKEND + "]")));
    SentryMcpException e = failure(api, "remove_team_from_project", callArgs(), ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("only team"), e.getMessage());
    assertRequests(api.wm(), "GET " + LIST);
  }

  @Test
  void aRejectedDeleteIsAClearInputErrorWithSentrysTextFenced() {
    api.wm().stubFor(get(urlPathEqualTo(TEAMS)).willReturn(okJson("[" + GOATS + "," + BACKEND + "]")));
    api.wm().stubFor(delete(urlEqualTo(REMOVE))
        .willReturn(json(400, "{\"team\":[\"This team owns alert rules of the project\"]}")));
    assertInputErrorWithSentryTextAsData(api, "remove_team_from_project", callArgs(),
        "team: This team owns alert rules of the project", "alert rules");
    // the rejected DELETE got an answer, so it is not retried
    assertRequests(api.wm(), "GET " + LIST, "DELETE " + REMOVE);
  }

  @Test
  void theProjectConstraintIsInjectedAndAnotherProjectRefused() {
    api.wm().stubFor(get(urlPathEqualTo("/api/0/projects/pinned-org/pinned-project/teams/"))
        .willReturn(okJson("[" + BACKEND + "]")));
    var pinned = api.constrained(new SessionConstraints("pinned-org", "pinned-project", null));
    failure(api, "remove_team_from_project", args("teamSlug", "backend"), pinned, ErrorKind.INVALID_INPUT);
    assertRequests(api.wm(), "GET /api/0/projects/pinned-org/pinned-project/teams/?per_page=100");
    api.wm().resetRequests();
    SentryMcpException e = failure(api, "remove_team_from_project", args("projectSlug", "checkout",
        "teamSlug", "backend"), pinned, ErrorKind.PERMISSION_DENIED);
    assertFalse(e.getMessage().contains("checkout"), "the caller's value is not echoed: " + e.getMessage());
    assertNoRequests(api.wm());
  }
}
