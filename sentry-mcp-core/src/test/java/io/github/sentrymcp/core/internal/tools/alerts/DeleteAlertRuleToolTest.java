package io.github.sentrymcp.core.internal.tools.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
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

class DeleteAlertRuleToolTest {
  static final String TOOL = "delete_alert_rule";
  static final String RULE = "/api/0/organizations/" + ORG + "/workflows/123/";
  static final String PROJECT_PATH = "/api/0/projects/" + ORG + "/" + PROJECT + "/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.ALERTS_WRITE);

  @BeforeEach
  void stub() {
    api.wm().stubFor(delete(urlEqualTo(RULE)).willReturn(aResponse().withStatus(204)));
    api.wm().stubFor(get(urlEqualTo(PROJECT_PATH)).willReturn(json(200,
        "{\"id\":\"4509109104082945\",\"slug\":\"" + PROJECT + "\"}")));
  }

  private static Map<String, @Nullable Object> del(@Nullable Object... kv) {
    return with(args("organizationSlug", ORG, "ruleId", "123"), kv);
  }

  private static void scope(String projectIds, boolean all) {
    api.wm().stubFor(get(urlEqualTo(RULE + "project-scope/")).willReturn(json(200,
        "{\"projectIds\":[" + projectIds + "],\"includesAllProjects\":" + all + "}")));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, true, true),
        Set.of(Scope.ORG_READ, Scope.PROJECT_READ, Scope.ALERTS_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "ruleId"),
        List.of("organizationSlug", "ruleId"));
    assertTrue(d.description().length() < 2048 && d.description().contains("<examples>"), d.description());
  }

  @Test
  void deletesWithOneRequest() {
    RenderedResult r = call(api, TOOL, del());
    assertRequests(api.wm(), "DELETE " + RULE);
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    assertEquals(Map.of("success", true, "ruleId", "123"), sc);
    assertTrue(r.text().contains("Rule ID: 123"), r.text());
  }

  @Test
  void aConstrainedSessionDeletesAnAlertOfItsProjectAlone() {
    Session scoped = api.projectConstrained(ORG, PROJECT);
    scope("\"4509109104082945\"", false);
    call(api, TOOL, del(), scoped);
    assertRequests(api.wm(), "GET " + PROJECT_PATH, "GET " + RULE + "project-scope/", "DELETE " + RULE);
  }

  @Test
  void aConstrainedSessionRefusesASharedOrUnscopedAlertBeforeDeleting() {
    Session scoped = api.projectConstrained(ORG, PROJECT);
    for (String[] s : new String[][] {{"\"4509109104082945\",\"200\"", "false"}, {"\"4509109104082945\"", "true"},
        {"", "false"}}) {
      scope(s[0], Boolean.parseBoolean(s[1]));
      String m = failure(api, TOOL, del(), scoped, ErrorKind.PERMISSION_DENIED).getMessage();
      assertTrue(m.contains("outside the active project constraint"), m);
      assertNoWrites(api.wm());
      api.wm().resetRequests();
    }
  }

  @Test
  void aNamedProjectTheAlertDoesNotAffectIsRefused() {
    scope("\"200\"", false);
    failure(api, TOOL, del("projectSlug", PROJECT), ErrorKind.INVALID_INPUT);
    assertNoWrites(api.wm());
    scope("\"200\"", true);
    call(api, TOOL, del("projectSlug", PROJECT));
  }

  @Test
  void aMissingAlertIsNotReportedAsDeleted() {
    api.wm().stubFor(delete(urlEqualTo(RULE)).willReturn(json(404, "{\"detail\":\"Not found\"}")));
    String m = failure(api, TOOL, del(), ErrorKind.NOT_FOUND).getMessage();
    assertTrue(m.contains("ruleId='123'"), m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/workflows/1", "..", ".", "1/2", "1%2F2", "abc", "", "-1"})
  void onlyANumericIdIsAccepted(String id) {
    rejected(api, TOOL, del("ruleId", id));
  }

  @Test
  void permissionAndConstraintsAreCheckedBeforeAnyRequest() {
    assertDenied(api, api.readOnly(), TOOL, del(), "needs the scope(s) alerts:write");
    assertDenied(api, api.noProjectManagement(), TOOL, del(), "not enabled by the granted skills",
        "project-management");
    Session scoped = api.projectConstrained(ORG, PROJECT);
    failure(api, TOOL, del("projectSlug", "victim-project"), scoped, ErrorKind.PERMISSION_DENIED);
    failure(api, TOOL, del("organizationSlug", "victim-org"), scoped, ErrorKind.PERMISSION_DENIED);
    assertNoRequests(api.wm());
  }
}
