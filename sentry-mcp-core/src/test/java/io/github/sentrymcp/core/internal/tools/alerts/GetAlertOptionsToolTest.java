package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertData;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetAlertOptionsToolTest {
  private static FakeSentry fake;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().build();
    mcp = engine(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private static Map<String, Object> schema() {
    return descriptor(mcp, "get_alert_options").outputSchema();
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, "get_alert_options");
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.ORG_READ, Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(Set.of("organizationSlug", "regionUrl", "section", "actionTypes", "conditionGroup", "projectSlug",
        "sourceTypes", "query", "cursor", "limit"), map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug", "section"), d.inputSchema().get("required"));
  }

  @Test
  void actionsWithTypesAndCursor() {
    RenderedResult r = call(mcp, "get_alert_options", args("organizationSlug", ORG, "section", "actions",
        "actionTypes", List.of("slack", "pagerduty", "webhook", "sentry_app"), "limit", 3), session());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/available-actions/");
    assertEquals("type=slack&type=pagerduty&type=webhook&type=sentry_app&per_page=3", req.rawQuery());
    Map<String, Object> sc = structured(r);
    assertEquals("actions", sc.get("section"));
    List<Object> actions = list(sc.get("actions"));
    assertEquals(3, actions.size());
    Map<String, Object> slack = map(actions.get(0));
    assertEquals("slack", slack.get("type"));
    assertEquals("{\"properties\":{\"target_type\":{\"type\":\"integer\",\"enum\":[0]}}}", slack.get("configSchema"));
    assertEquals(List.of(Map.of("id", "40", "name", "Workspace", "services", List.of())), slack.get("integrations"));
    Map<String, Object> pd = map(actions.get(1));
    assertEquals("42", map(list(map(list(pd.get("integrations")).get(0)).get("services")).get(0)).get("id"));
    assertEquals(List.of(Map.of("slug", "my-app", "name", "My app")), map(actions.get(2)).get("services"));
    assertEquals("0:3:0", sc.get("nextCursor"));
    assertNull(sc.get("conditions"));
    assertNull(sc.get("sources"));
    Map<String, Object> guide = map(sc.get("inputGuide"));
    assertEquals("targetIdentifier", map(guide.get("fieldNames")).get("target_identifier"));
    assertEquals("issue_owners", map(guide.get("targetTypes")).get("4"));
    assertConforms(schema(), sc);
    assertTrue(r.text().contains("Integration: Workspace (id 40)"), r.text());
    assertTrue(!Sanitized.outside(r.text()).contains("Workspace"), r.text());

    fake.reset();
    r = call(mcp, "get_alert_options", args("organizationSlug", ORG, "section", "actions", "cursor", "0:3:0"),
        session());
    assertEquals("cursor=0%3A3%3A0&per_page=25",
        onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/available-actions/").rawQuery());
    Map<String, Object> app = map(map(list(structured(r).get("actions")).get(0)).get("sentryApp"));
    assertEquals("44", app.get("installationId"));
    assertTrue(String.valueOf(app.get("settings")).contains("required_fields"));
    assertConforms(schema(), structured(r));
  }

  @Test
  void conditionsOfAGroup() {
    RenderedResult r = call(mcp, "get_alert_options", args("organizationSlug", ORG, "section", "conditions",
        "conditionGroup", "action_filter"), session());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/data-conditions/");
    assertEquals("group=action_filter&per_page=25", req.rawQuery());
    Map<String, Object> sc = structured(r);
    assertEquals("action_filter", sc.get("conditionGroup"));
    List<Object> conditions = list(sc.get("conditions"));
    assertEquals(2, conditions.size());
    assertEquals("issue_priority_greater_or_equal", map(conditions.get(0)).get("type"));
    assertEquals("{\"type\":\"integer\",\"enum\":[25,50,75]}", map(conditions.get(0)).get("comparisonJsonSchema"));
    assertNull(sc.get("nextCursor"));
    assertNull(sc.get("inputGuide"));
    assertConforms(schema(), sc);
  }

  @Test
  void sourcesOfTheOrganization() {
    RenderedResult r = call(mcp, "get_alert_options", args("organizationSlug", ORG, "section", "sources",
        "sourceTypes", List.of("issue_stream"), "query", "workflow:30"), session());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/detectors/");
    assertEquals("project=-1&type=issue_stream&query=workflow%3A30&per_page=25", req.rawQuery());
    List<Object> sources = list(structured(r).get("sources"));
    assertEquals(List.of("20", "22"), sources.stream().map(s -> map(s).get("id")).toList());
    assertEquals(List.of("30"), map(sources.get(0)).get("workflowIds"));
    assertNull(map(sources.get(1)).get("projectId"));
    assertData(r.text(), "Backend issues");
    Sanitized.assertNotOutsideData(r.text(), "Backend issues");
    assertConforms(schema(), structured(r));
  }

  @Test
  void sourcesOfAProjectKeepOnlyThatProject() {
    RenderedResult r = call(mcp, "get_alert_options", args("organizationSlug", ORG, "section", "sources",
        "projectSlug", "all"), projectConstrained(ORG, PROJECT));
    List<RecordedRequest> all = fake.journal();
    assertEquals(2, all.size());
    assertEquals("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/", all.get(0).rawPath());
    assertEquals("project=4509109104082945&per_page=25", all.get(1).rawQuery());
    assertEquals(List.of("20"), list(structured(r).get("sources")).stream().map(s -> map(s).get("id")).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"section\":\"conditions\"}",
    "{\"section\":\"sources\",\"actionTypes\":[\"slack\"]}",
    "{\"section\":\"actions\",\"conditionGroup\":\"action_filter\"}",
    "{\"section\":\"conditions\",\"conditionGroup\":\"workflow_trigger\",\"sourceTypes\":[\"issue_stream\"]}",
    "{\"section\":\"actions\",\"query\":\"name:x\"}",
    "{\"section\":\"alerts\"}",
    "{\"section\":\"actions\",\"limit\":0}"
  })
  void mismatchedSectionParametersAreRefusedBeforeAnyRequest(String json) {
    Map<String, Object> a = new java.util.HashMap<>(
        parse(json));
    a.put("organizationSlug", ORG);
    SentryMcpException e = failure(mcp, "get_alert_options", a, session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void tooManyTypesAreRefused() {
    List<String> types = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "t" + i).toList();
    SentryMcpException e = failure(mcp, "get_alert_options",
        args("organizationSlug", ORG, "section", "actions", "actionTypes", types), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void otherProjectUnderAConstraintIsReplacedAndTraversalRefused() {
    SentryMcpException e = failure(mcp, "get_alert_options",
        args("organizationSlug", ORG, "section", "sources", "projectSlug", "../victim"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void nullsDoNotBreakTheSections() {
    fake.override("GET", "/api/0/organizations/*/available-actions/",
        "[{\"type\":\"email\",\"handlerGroup\":null,\"configSchema\":null,\"integrations\":null,"
            + "\"sentryApp\":null},{\"handlerGroup\":\"x\"}]");
    RenderedResult r = call(mcp, "get_alert_options", args("organizationSlug", ORG, "section", "actions"),
        session());
    assertEquals(1, list(structured(r).get("actions")).size());
    assertConforms(schema(), structured(r));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
