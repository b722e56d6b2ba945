package io.github.sentrymcp.core.internal.tools.filters;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertData;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.inputProperties;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.query;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FindCustomInboundFiltersToolTest {
  private static final String TOOL = "find_custom_inbound_filters";
  private static final String LIST = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/custom-inbound-filters/";
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

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT, Skill.PROJECT_MANAGEMENT), d.skills());
    assertEquals(new ToolAnnotations(true, false, null, true), d.annotations());
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "cursor"),
        List.copyOf(map(d.inputSchema().get("properties")).keySet()));
    assertEquals(List.of("organizationSlug", "projectSlug"), d.inputSchema().get("required"));
  }

  @Test
  void listsTheFirstPage() {
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    assertEquals(Map.of("per_page", "25"), query(onlyGet(fake, LIST)));

    String text = r.text();
    assertTrue(text.startsWith("# Custom inbound filters in **sentry-mcp-evals/cloudflare-mcp**\n"), text);
    assertTrue(text.contains("\nID | Name | Data type | Active | Conditions\n"), text);
    assertData(text, "Ignore flaky connection errors");
    assertData(text, "4509100000002001");
    Sanitized.assertNotOutsideData(text, "Ignore flaky connection errors");
    Sanitized.assertNotOutsideData(text, "ConnectionError");

    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    List<Object> filters = list(sc.get("filters"));
    assertEquals(25, filters.size());
    assertEquals(Map.of(
        "id", "4509100000002001",
        "name", "Ignore flaky connection errors",
        "active", true,
        "dataType", "error",
        "conditions", List.of(
            Map.of("type", "error_type", "value", List.of("ConnectionError", "TimeoutError")),
            Map.of("type", "release", "value", List.of("my-app@2.1.*"))),
        "dateCreated", "2026-09-25T10:00:00Z",
        "dateUpdated", "2026-09-26T08:30:00Z"), filters.get(0));
    assertEquals(true, sc.get("hasMore"));
    assertTrue(sc.get("nextCursor") instanceof String, sc.toString());
  }

  @Test
  void walksEveryPage() {
    List<Map<String, Object>> all =
        walk(mcp, fake, TOOL, "filters", args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    assertEquals(30, all.size());
    Set<Object> ids = new HashSet<>();
    all.forEach(f -> ids.add(f.get("id")));
    assertEquals(30, ids.size());
  }

  @Test
  void toleratesMissingFieldsNullsAndNumericIds() {
    fake.override("GET", LIST, "[{\"id\":7,\"name\":null,\"conditions\":[{\"type\":\"ip_address\","
        + "\"value\":[\"10.0.0.0/8\",3]},{\"value\":[\"x\"]}],\"legacyFilter\":\"must-not-leak\"},"
        + "{\"id\":8,\"conditions\":null,\"active\":\"yes\"},\"not an object\"]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
    List<Object> filters = list(sc.get("filters"));
    assertEquals(2, filters.size());
    Map<String, Object> first = map(filters.get(0));
    assertEquals("7", first.get("id"));
    assertNull(first.get("name"));
    assertNull(first.get("active"));
    assertNull(first.get("dataType"));
    // a number among the patterns is shown as text; a condition without a type is left out
    assertEquals(List.of(Map.of("type", "ip_address", "value", List.of("10.0.0.0/8", "3"))),
        first.get("conditions"));
    assertFalse(first.containsKey("legacyFilter"));
    assertFalse(r.text().contains("must-not-leak"), r.text());
    assertEquals(List.of(), map(filters.get(1)).get("conditions"));
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
  }

  @Test
  void emptyList() {
    fake.override("GET", LIST, "[]");
    RenderedResult r = call(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    assertTrue(r.text().contains("No custom inbound filters found."), r.text());
    assertEquals(List.of(), structured(r).get("filters"));
  }

  @Test
  void aDisabledFeatureIsNamed() {
    fake.override("GET", LIST, 400, "{\"detail\":\"You do not have that feature enabled\"}");
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("custom inbound filters are not enabled"), e.getMessage());
    assertFalse(e.getMessage().contains("You do not have"), e.getMessage());
    RenderedResult r = mcp.callAndRender(TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    Sanitized.assertInData(r.text(), "You do not have that feature enabled");
  }

  @Test
  void anUnknownProjectNamesTheParameters() {
    fake.override("GET", LIST, 404, "{\"detail\":\"The requested resource does not exist\"}");
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    assertEquals(ErrorKind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("projectSlug='cloudflare-mcp'"), e.getMessage());
  }

  @Test
  void projectConstraintIsInjected() {
    assertFalse(inputProperties(mcp, TOOL, projectConstrained(ORG, PROJECT)).containsKey("projectSlug"));
    call(mcp, TOOL, args(), projectConstrained(ORG, PROJECT));
    onlyGet(fake, LIST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../other", "a/b", "%2e%2e", "."})
  void invalidProjectSendsNothing(String project) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, TOOL, args("organizationSlug", ORG, "projectSlug", project), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void invalidCursorSendsNothing() {
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, TOOL,
        args("organizationSlug", ORG, "projectSlug", PROJECT, "cursor", "0:25:0&x=1"), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void aSessionWithoutProjectReadDoesNotSeeTheTool() {
    var noProjectRead = ToolTestSupport.session(b -> b.scopes(Set.of(Scope.ORG_READ)));
    assertFalse(ToolTestSupport.available(mcp, noProjectRead).contains(TOOL));
  }
}
