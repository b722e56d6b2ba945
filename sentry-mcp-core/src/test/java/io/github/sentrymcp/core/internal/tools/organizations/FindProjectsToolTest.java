package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertData;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.available;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.inputProperties;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.orgConstrained;
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

class FindProjectsToolTest {
  private static FakeSentry fake;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().projects(60).build();
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
    ToolDescriptor d = descriptor(mcp, "find_projects");
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.allOf(Skill.class), d.skills());
    assertEquals(Set.of("organizationSlug", "regionUrl", "query", "cursor", "fields"),
        map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
  }

  @Test
  void firstPage() {
    RenderedResult r = call(mcp, "find_projects", args("organizationSlug", ORG), session());

    RecordedRequest req = onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/projects/");
    assertEquals(Map.of("per_page", "25"), query(req));

    String text = r.text();
    assertTrue(text.startsWith("# Projects in sentry-mcp-evals\n"), text);
    // Slug, Name and Platform; the name column is left out when every name is its slug (as in the fixture)
    assertTrue(text.contains("\nSlug | Platform\n" + PROJECT + " | node\n"), text);
    assertData(text, PROJECT);
    Sanitized.assertNotOutsideData(text, PROJECT);
    Sanitized.assertShown(text, "node");
    // the id is only in the structured content
    Sanitized.assertNotAnywhere(text, "4509109104082945");
    ToolTestSupport.assertRegionsMatchMeta(r);

    Map<String, Object> sc = structured(r);
    List<Object> projects = list(sc.get("projects"));
    assertEquals(25, projects.size());
    assertEquals(Map.of("id", "4509109104082945", "slug", PROJECT, "name", PROJECT, "platform", "node"),
        projects.get(0));
    assertEquals(true, sc.get("hasMore"));
    assertEquals("0:25:0", sc.get("nextCursor"));
    assertConforms(descriptor(mcp, "find_projects").outputSchema(), sc);
  }

  @Test
  void queryIsPassedThrough() {
    RenderedResult r = call(mcp, "find_projects", args("organizationSlug", ORG, "query", "cloudflare"), session());
    assertEquals(Map.of("per_page", "25", "query", "cloudflare"),
        query(onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/projects/")));
    Map<String, Object> sc = structured(r);
    assertEquals(1, list(sc.get("projects")).size());
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
  }

  @Test
  void walksEveryPage() {
    List<Map<String, Object>> all =
        walk(mcp, fake, "find_projects", "projects", args("organizationSlug", ORG), session());
    assertEquals(61, all.size());
    Set<Object> slugs = new HashSet<>();
    all.forEach(p -> slugs.add(p.get("slug")));
    assertEquals(61, slugs.size());
  }

  @Test
  void organizationConstraintWins() {
    var ctx = orgConstrained("pinned-org");
    assertTrue(available(mcp, ctx).contains("find_projects"));
    assertFalse(inputProperties(mcp, "find_projects", ctx).containsKey("organizationSlug"));
    call(mcp, "find_projects", args("organizationSlug", ORG), ctx);
    onlyGet(fake, "/api/0/organizations/pinned-org/projects/");
  }

  @Test
  void hiddenUnderAProjectConstraint() {
    var ctx = projectConstrained(ORG, PROJECT);
    assertFalse(available(mcp, ctx).contains("find_projects"));
    SentryMcpException e = failure(mcp, "find_projects", args("organizationSlug", ORG), ctx);
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim", "a/b", "..", ".hidden"})
  void invalidSlugIsRefusedBeforeAnyRequest(String slug) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_projects", args("organizationSlug", slug), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void invalidCursorIsRefusedBeforeAnyRequest() {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_projects", args("organizationSlug", ORG, "cursor", "0:25:0&per_page=100"), session())
            .kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void unknownOrganizationRendersNotFound() {
    RenderedResult r = mcp.callAndRender("find_projects", args("organizationSlug", "nonexistent-org"), session());
    assertTrue(r.isError());
    assertTrue(r.text().contains("organizationSlug='nonexistent-org'"), r.text());
    assertEquals("not_found", map(map(r.structuredContent()).get("error")).get("kind"));
  }
}
