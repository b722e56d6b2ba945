package io.github.sentrymcp.core.internal.tools.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDenied;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoWrites;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.rejected;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateAlertRuleToolTest {
  static final String TOOL = "update_alert_rule";
  static final String WORKFLOWS = "/api/0/organizations/" + ORG + "/workflows/";
  static final String RULE = WORKFLOWS + "123/";
  static final String DETECTORS = "/api/0/organizations/" + ORG + "/detectors/";
  static final String PROJECT_PATH = "/api/0/projects/" + ORG + "/" + PROJECT + "/";
  static final String SLACK = "{\"id\":\"21\",\"type\":\"slack\",\"integrationId\":\"5\",\"data\":{\"tags\":"
      + "\"environment\"},\"config\":{\"targetType\":\"specific\",\"targetDisplay\":\"#old-channel\","
      + "\"targetIdentifier\":\"COLD\"}}";
  static final String RULE_JSON = "{\"id\":\"123\",\"name\":\"Notify backend team\",\"enabled\":false,"
      + "\"config\":{\"frequency\":30},\"environment\":\"production\",\"owner\":\"team:7\",\"triggers\":null,"
      + "\"detectorIds\":[\"789\"],\"actionFilters\":[{\"id\":\"20\",\"logicType\":\"all\",\"conditions\":[],"
      + "\"actions\":[" + SLACK + "]}]}";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.ALERTS_WRITE);

  @BeforeEach
  void stub() {
    api.wm().stubFor(get(urlEqualTo(RULE)).willReturn(json(200, RULE_JSON)));
    api.wm().stubFor(put(urlEqualTo(RULE)).willReturn(json(200, RULE_JSON)));
    api.wm().stubFor(get(urlEqualTo(PROJECT_PATH)).willReturn(json(200, "{\"id\":\"100\",\"slug\":\"" + PROJECT
        + "\"}")));
  }

  private static Map<String, @Nullable Object> update(@Nullable Object... kv) {
    return with(args("organizationSlug", ORG, "ruleIdOrName", "123"), kv);
  }

  private static void scope(String projectIds, boolean all) {
    api.wm().stubFor(get(urlEqualTo(RULE + "project-scope/")).willReturn(json(200,
        "{\"projectIds\":[" + projectIds + "],\"includesAllProjects\":" + all + "}")));
  }

  private static Map<String, Object> slackGroup(String display, String targetId, String integrationId) {
    return Map.of("id", "20", "logicType", "all", "conditions", List.of(), "actions", List.of(Map.of(
        "id", "21", "type", "slack", "integrationId", integrationId, "data", Map.of("tags", "environment"),
        "config", Map.of("targetType", "specific", "targetDisplay", display, "targetIdentifier", targetId))));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, false, true),
        Set.of(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "ruleIdOrName", "name", "status",
        "frequencyMinutes", "environment", "owner", "triggers", "actionFilters", "addProjectSlugs",
        "removeProjectSlugs", "addDetectorIds", "removeDetectorIds"), List.of("organizationSlug", "ruleIdOrName"));
    assertTrue(d.description().length() < 2048 && d.description().contains("<examples>"), d.description());
  }

  @Test
  void keepsTheDisabledStateAndClearsOptionalFields() {
    RenderedResult r = call(api, TOOL, update("frequencyMinutes", 0, "environment", null, "owner", null));
    assertRequests(api.wm(), "GET " + RULE, "PUT " + RULE);
    api.wm().verify(putRequestedFor(urlEqualTo(RULE)).withRequestBody(equalToJson(
        "{\"name\":\"Notify backend team\",\"enabled\":false,\"config\":{\"frequency\":0},\"environment\":null,"
            + "\"owner\":null}")));
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    assertEquals("123", map(sc.get("alertRule")).get("id"));
    assertTrue(r.text().startsWith("# Updated Alert Rule in " + ORG + "\n"), r.text());
  }

  @Test
  void statusAndNameAreChangedOnlyWhenGiven() {
    call(api, TOOL, update("status", "active", "name", "Renamed"));
    api.wm().verify(putRequestedFor(urlEqualTo(RULE)).withRequestBody(equalToJson(
        "{\"name\":\"Renamed\",\"enabled\":true}")));
  }

  @Test
  void triggersAndActionFiltersReplaceKeepingIdsAndOnlyKnownMembers() {
    Map<String, Object> triggers = Map.of("id", "10", "logicType", "any", "conditions", List.of(Map.of("id", "11",
        "type", "first_seen_event", "comparison", true, "conditionResult", true, "extra", 1)));
    call(api, TOOL, update("triggers", triggers, "actionFilters", List.of()));
    api.wm().verify(putRequestedFor(urlEqualTo(RULE)).withRequestBody(equalToJson(
        "{\"name\":\"Notify backend team\",\"enabled\":false,\"triggers\":{\"id\":\"10\",\"logicType\":\"any\","
            + "\"conditions\":[{\"id\":\"11\",\"type\":\"first_seen_event\",\"comparison\":true,"
            + "\"conditionResult\":true}]},\"actionFilters\":[]}")));
  }

  @Test
  void aCopiedSlackChannelIdIsDroppedWhenTheChannelNameChanges() {
    call(api, TOOL, update("actionFilters", List.of(slackGroup("#new-channel", "COLD", "5"))));
    api.wm().verify(putRequestedFor(urlEqualTo(RULE)).withRequestBody(equalToJson(
        "{\"name\":\"Notify backend team\",\"enabled\":false,\"actionFilters\":[{\"id\":\"20\",\"logicType\":"
            + "\"all\",\"conditions\":[],\"actions\":[{\"id\":\"21\",\"type\":\"slack\",\"integrationId\":\"5\","
            + "\"data\":{\"tags\":\"environment\"},\"config\":{\"targetType\":\"specific\",\"targetDisplay\":"
            + "\"#new-channel\"}}]}]}")));
  }

  @Test
  void aNewSlackChannelIdOrAnUnchangedDestinationIsKept() {
    call(api, TOOL, update("actionFilters", List.of(slackGroup("#new-channel", "CNEW", "5"))));
    api.wm().verify(putRequestedFor(urlEqualTo(RULE)).withRequestBody(equalToJson(
        "{\"actionFilters\":[{\"actions\":[{\"config\":{\"targetIdentifier\":\"CNEW\"}}]}]}", true, true)));
    api.wm().resetRequests();
    call(api, TOOL, update("actionFilters", List.of(slackGroup("#old-channel", "COLD", "5"))));
    api.wm().verify(putRequestedFor(urlEqualTo(RULE)).withRequestBody(equalToJson(
        "{\"actionFilters\":[{\"actions\":[{\"config\":{\"targetIdentifier\":\"COLD\"}}]}]}", true, true)));
  }

  @Test
  void anUnresolvedSlackDestinationAfterSavingIsReported() {
    api.wm().stubFor(put(urlEqualTo(RULE)).willReturn(json(200, RULE_JSON.replace(",\"targetIdentifier\":\"COLD\"",
        ""))));
    String m = failure(api, TOOL, update("actionFilters", List.of(slackGroup("#new-channel", "COLD", "5"))),
        ErrorKind.INVALID_INPUT).getMessage();
    assertTrue(m.contains("The alert was saved, but Sentry did not resolve a Slack destination"), m);
  }

  @Test
  void sourceChangesKeepTheUntouchedOnesAcrossIssueStreamPages() {
    api.wm().stubFor(get(urlEqualTo(RULE)).willReturn(json(200,
        RULE_JSON.replace("\"detectorIds\":[\"789\"]", "\"detectorIds\":[\"789\",\"321\",\"654\"]"))));
    api.wm().stubFor(get(urlEqualTo(DETECTORS + "?project=100&per_page=100&type=issue_stream"))
        .willReturn(json(200, "[]").withHeader("Link", "<http://x/?cursor=next>; rel=\"next\"; results=\"true\";"
            + " cursor=\"0:100:0\"")));
    api.wm().stubFor(get(urlEqualTo(DETECTORS + "?project=100&per_page=100&type=issue_stream&cursor=0%3A100%3A0"))
        .willReturn(json(200, "[{\"id\":\"456\",\"projectId\":\"100\",\"type\":\"issue_stream\"}]")));
    api.wm().stubFor(get(urlEqualTo(DETECTORS + "654/")).willReturn(json(200,
        "{\"id\":\"654\",\"projectId\":\"100\",\"type\":\"metric_issue\"}")));
    call(api, TOOL, update("addProjectSlugs", List.of(PROJECT), "addDetectorIds", List.of("654"),
        "removeDetectorIds", List.of("321")));
    assertRequests(api.wm(),
        "GET " + RULE,
        "GET " + PROJECT_PATH,
        "GET " + DETECTORS + "?project=100&per_page=100&type=issue_stream",
        "GET " + DETECTORS + "?project=100&per_page=100&type=issue_stream&cursor=0%3A100%3A0",
        "GET " + DETECTORS + "654/",
        "PUT " + RULE);
    api.wm().verify(putRequestedFor(urlEqualTo(RULE)).withRequestBody(equalToJson(
        "{\"name\":\"Notify backend team\",\"enabled\":false,\"detectorIds\":[\"789\",\"654\",\"456\"]}")));
  }

  @Test
  void addingAndRemovingTheSameSourceIsRefusedWithoutWriting() {
    api.wm().stubFor(get(urlEqualTo(DETECTORS + "654/")).willReturn(json(200,
        "{\"id\":\"654\",\"projectId\":\"100\"}")));
    String m = failure(api, TOOL, update("addDetectorIds", List.of("654"), "removeDetectorIds", List.of("654")),
        ErrorKind.INVALID_INPUT).getMessage();
    assertTrue(m.contains("added and removed"), m);
    assertNoWrites(api.wm());
  }

  @Test
  void theRuleIsFoundByItsExactName() {
    api.wm().stubFor(get(urlPathEqualTo(WORKFLOWS)).willReturn(json(200,
        "[{\"id\":\"124\",\"name\":\"Notify backend team (copy)\"},{\"id\":\"123\",\"name\":\"NOTIFY backend team\"}]")));
    scope("\"100\"", false);
    call(api, TOOL, update("ruleIdOrName", "Notify backend team", "projectSlug", PROJECT, "status", "disabled"));
    assertRequests(api.wm(),
        "GET " + WORKFLOWS + "?sortBy=-id&projectSlug=" + PROJECT
            + "&query=name%3A%22%2ANotify%20backend%20team%2A%22&per_page=100",
        "GET " + RULE,
        "GET " + PROJECT_PATH,
        "GET " + RULE + "project-scope/",
        "PUT " + RULE);
  }

  @Test
  void anAmbiguousOrUnknownNameIsRefusedWithoutWriting() {
    api.wm().stubFor(get(urlPathEqualTo(WORKFLOWS)).willReturn(json(200,
        "[{\"id\":\"124\",\"name\":\"Twin\"},{\"id\":\"123\",\"name\":\"twin\"}]")));
    String m = failure(api, TOOL, update("ruleIdOrName", "Twin", "status", "disabled"), ErrorKind.INVALID_INPUT)
        .getMessage();
    assertTrue(m.contains("More than one alert"), m);
    failure(api, TOOL, update("ruleIdOrName", "Nobody", "status", "disabled"), ErrorKind.NOT_FOUND);
    assertNoWrites(api.wm());
  }

  @Test
  void atLeastOneFieldIsRequired() {
    String m = rejected(api, TOOL, update()).getMessage();
    assertTrue(m.contains("at least one field"), m);
  }

  @Test
  void everyRuleIsCheckedBeforeAnyRequest() {
    rejected(api, TOOL, update("status", "enabled"));
    rejected(api, TOOL, update("owner", "alice"));
    rejected(api, TOOL, update("addDetectorIds", List.of()));
    rejected(api, TOOL, update("addDetectorIds", List.of("1/2")));
    rejected(api, TOOL, update("addProjectSlugs", List.of("../victim")));
    rejected(api, TOOL, update("triggers", Map.of("logicType", "any", "conditions", "none")));
    rejected(api, TOOL, update("actionFilters", List.of(Map.of("logicType", "all", "conditions", List.of(),
        "actions", List.of(Map.of("type", "email", "data", Map.of(), "config", Map.of(), "integrationId",
            List.of()))))));
    rejected(api, TOOL, update("ruleIdOrName", "", "status", "active"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/workflows/1", "..", "1/2", "1%2F2"})
  void pathTraversalInTheRuleNeverBecomesAPath(String id) {
    api.wm().stubFor(get(urlPathEqualTo(WORKFLOWS)).willReturn(json(200, "[]")));
    failure(api, TOOL, update("ruleIdOrName", id, "status", "active"), ErrorKind.NOT_FOUND);
    List<String> sent = io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.requests(api.wm());
    assertEquals(1, sent.size(), sent::toString);
    assertTrue(sent.get(0).startsWith("GET " + WORKFLOWS + "?sortBy=-id&query=name%3A%22%2A"), sent::toString);
    assertTrue(!sent.get(0).contains("/victim-org/") && !sent.get(0).contains("/.."), sent::toString);
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertDenied(api, api.readOnly(), TOOL, update("status", "active"), "needs the scope(s) alerts:write");
    assertDenied(api, api.noProjectManagement(), TOOL, update("status", "active"),
        "not enabled by the granted skills", "project-management");
  }

  @Test
  void anotherProjectOrOrganizationIsRefusedBeforeAnyRequest() {
    Session scoped = api.projectConstrained(ORG, PROJECT);
    failure(api, TOOL, update("projectSlug", "victim-project", "status", "active"), scoped,
        ErrorKind.PERMISSION_DENIED);
    failure(api, TOOL, update("organizationSlug", "victim-org", "status", "active"), scoped,
        ErrorKind.PERMISSION_DENIED);
    assertNoRequests(api.wm());
  }

  @Test
  void aConstrainedSessionWritesOnlyAnAlertOfItsProjectAlone() {
    Session scoped = api.projectConstrained(ORG, PROJECT);
    for (String[] s : new String[][] {{"\"100\",\"200\"", "false"}, {"\"100\"", "true"}, {"", "false"}}) {
      scope(s[0], Boolean.parseBoolean(s[1]));
      String m = failure(api, TOOL, update("status", "active"), scoped, ErrorKind.PERMISSION_DENIED).getMessage();
      assertTrue(m.contains("outside the active project constraint"), m);
      assertNoWrites(api.wm());
      api.wm().resetRequests();
    }
    scope("\"100\"", false);
    call(api, TOOL, update("status", "active"), scoped);
    assertRequests(api.wm(), "GET " + RULE, "GET " + PROJECT_PATH, "GET " + RULE + "project-scope/",
        "PUT " + RULE);
  }

  @Test
  void aConstrainedSessionCannotDisconnectEverySource() {
    Session scoped = api.projectConstrained(ORG, PROJECT);
    scope("\"100\"", false);
    String m = failure(api, TOOL, update("removeDetectorIds", List.of("789")), scoped, ErrorKind.PERMISSION_DENIED)
        .getMessage();
    assertTrue(m.contains("organization-wide session"), m);
    assertNoWrites(api.wm());
  }

  @Test
  void aProjectTheAlertDoesNotAffectIsRefused() {
    scope("\"200\"", false);
    String m = failure(api, TOOL, update("projectSlug", PROJECT, "status", "active"), ErrorKind.INVALID_INPUT)
        .getMessage();
    assertTrue(m.contains("does not affect the project"), m);
    assertNoWrites(api.wm());
  }

  @Test
  void anUnknownRuleIsNotFoundWithoutWriting() {
    api.wm().stubFor(get(urlEqualTo(RULE)).willReturn(json(404, "{\"detail\":\"The requested resource does not"
        + " exist\"}")));
    String m = failure(api, TOOL, update("status", "active"), ErrorKind.NOT_FOUND).getMessage();
    assertTrue(m.contains("ruleId='123'"), m);
    assertNoWrites(api.wm());
  }

  @Test
  void anAlertWithoutItsEnabledStateIsNotWritten() {
    api.wm().stubFor(get(urlEqualTo(RULE)).willReturn(json(200, "{\"id\":\"123\",\"name\":\"x\"}")));
    failure(api, TOOL, update("frequencyMinutes", 5));
    assertNoWrites(api.wm());
  }
}
