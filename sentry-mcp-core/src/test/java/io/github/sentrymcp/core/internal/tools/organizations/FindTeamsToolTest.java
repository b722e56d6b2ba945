package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
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
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.orgConstrained;
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
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
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

class FindTeamsToolTest {
  private static FakeSentry fake;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().teams(60).build();
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
    ToolDescriptor d = descriptor(mcp, "find_teams");
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.TEAM_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT, Skill.TRIAGE, Skill.PROJECT_MANAGEMENT), d.skills());
    assertEquals(Set.of("organizationSlug", "regionUrl", "query", "cursor"),
        map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
    assertTrue(d.description().contains("pass nextCursor as cursor for the next page."));
  }

  @Test
  void firstPage() {
    RenderedResult r = call(mcp, "find_teams", args("organizationSlug", ORG), session());

    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/teams/");
    assertEquals(Map.of("per_page", "25"), query(req));

    String text = r.text();
    assertTrue(text.startsWith("# Teams in sentry-mcp-evals\n"), text);
    // Slug and Name; every name is its slug here, so only the Slug column; the id only in the structured content
    assertTrue(text.contains("\nSlug\nthe-goats\nteam-01\n"), text);
    assertData(text, "the-goats");
    assertData(text, "team-01");
    Sanitized.assertNotOutsideData(text, "the-goats");
    Sanitized.assertNotOutsideData(text, "team-01");
    Sanitized.assertNotAnywhere(text, "4509106740854784");
    assertFalse(text.contains("## the-goats"));

    Map<String, Object> sc = structured(r);
    List<Object> teams = list(sc.get("teams"));
    assertEquals(25, teams.size());
    assertEquals(Map.of("id", "4509106740854784", "slug", "the-goats", "name", "the-goats"), teams.get(0));
    assertEquals(true, sc.get("hasMore"));
    assertEquals("0:25:0", sc.get("nextCursor"));
    assertTrue(Sanitized.outside(text).contains("\nNext page: more teams are available with `cursor` = 0:25:0"),
        text);
    assertConforms(descriptor(mcp, "find_teams").outputSchema(), sc);
  }

  @Test
  void queryIsPassedThrough() {
    RenderedResult r = call(mcp, "find_teams", args("organizationSlug", ORG, "query", "goats"), session());
    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/teams/");
    assertEquals(Map.of("per_page", "25", "query", "goats"), query(req));
    Map<String, Object> sc = structured(r);
    assertEquals(1, list(sc.get("teams")).size());
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
    assertTrue(sc.containsKey("nextCursor"));
    assertConforms(descriptor(mcp, "find_teams").outputSchema(), sc);
  }

  @Test
  void emptyResult() {
    RenderedResult r = call(mcp, "find_teams", args("organizationSlug", ORG, "query", "zzz-none"), session());
    assertTrue(r.text().contains("No teams matched the query."));
    assertEquals(List.of(), structured(r).get("teams"));
  }

  @Test
  void walksEveryPage() {
    List<Map<String, Object>> all = walk(mcp, fake, "find_teams", "teams", args("organizationSlug", ORG), session());
    assertEquals(61, all.size());
    Set<Object> slugs = new HashSet<>();
    all.forEach(t -> slugs.add(t.get("slug")));
    assertEquals(61, slugs.size());
    assertTrue(slugs.contains("the-goats") && slugs.contains("team-60"));
  }

  @Test
  void organizationConstraintWins() {
    var ctx = orgConstrained("pinned-org");
    assertFalse(inputProperties(mcp, "find_teams", ctx).containsKey("organizationSlug"));
    RenderedResult r = call(mcp, "find_teams", args("organizationSlug", ORG), ctx);
    onlyGet(fake, "/api/0/organizations/pinned-org/teams/");
    assertTrue(r.text().contains("# Teams in pinned-org\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim", "a/b", "..", "%2e%2e", "org?x=1", " "})
  void invalidSlugIsRefusedBeforeAnyRequest(String slug) {
    SentryMcpException e = failure(mcp, "find_teams", args("organizationSlug", slug), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty(), () -> "requests: " + fake.journal());
  }

  @Test
  void disallowedRegionIsRefusedBeforeAnyRequest() {
    SentryMcpException e = failure(mcp, "find_teams",
        args("organizationSlug", ORG, "regionUrl", "https://evil.example.com"), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void unknownOrganizationRendersNotFound() {
    RenderedResult r = mcp.callAndRender("find_teams", args("organizationSlug", "nonexistent-org"), session());
    assertTrue(r.isError());
    assertTrue(r.text().contains("organizationSlug='nonexistent-org'"), r.text());
    assertEquals("not_found", map(map(r.structuredContent()).get("error")).get("kind"));
    assertEquals(404, map(map(r.structuredContent()).get("error")).get("status"));
    onlyGet(fake, "/api/0/organizations/nonexistent-org/teams/");
  }

  @Test
  void missingScopeIsRefused() {
    Session orgOnly = ToolTestSupport.session(b -> b.scopes(Set.of(Scope.ORG_READ)).skills(Skill.active()));
    assertFalse(ToolTestSupport.available(mcp, orgOnly).contains("find_teams"));
    assertEquals(ErrorKind.PERMISSION_DENIED,
        failure(mcp, "find_teams", args("organizationSlug", ORG), orgOnly).kind());
    assertTrue(fake.journal().isEmpty());
  }
}
