package io.github.sentrymcp.core.tools;

import static io.github.sentrymcp.core.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.WRITE_SCOPES;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.assertNoRequests;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.constrained;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.engine;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.failure;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.startServer;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.writer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.core.SentryMcp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the five project-management write tools have in common, checked tool by tool: their descriptors
 * (annotations, scopes, skill), that a session without the write scopes or without the skill gets a permission error
 * and Sentry gets no request at all, that a constrained session cannot aim them at another organization or project,
 * and that slugs that could walk the API path are refused before any request.
 */
class ProjectManagementToolsTest {
  static final String ORG = "acme";
  static final String PROJECT = "checkout";

  private static WireMockServer wm;

  @BeforeAll
  static void start() {
    wm = startServer();
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  /**
   * One row of the annotation table: the reference's codes ({@code W X ID OW}) mapped through its legend.
   *
   * @param validArgs arguments that pass validation in an unconstrained session
   * @param missingByDefault the required scopes the default grant lacks
   */
  record Row(String tool, ToolAnnotations annotations, Set<Scope> scopes, boolean structured,
      Map<String, Object> validArgs, Set<Scope> missingByDefault) {
    @Override
    public String toString() {
      return tool;
    }
  }

  static final List<Row> ROWS = List.of(
      new Row("create_team", new ToolAnnotations(false, false, null, true), Set.of(Scope.TEAM_WRITE), true,
          map("organizationSlug", ORG, "name", "Backend"), Set.of(Scope.TEAM_WRITE)),
      new Row("create_project", new ToolAnnotations(false, false, null, true),
          Set.of(Scope.PROJECT_WRITE, Scope.TEAM_READ, Scope.ORG_READ), false,
          map("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"), Set.of(Scope.PROJECT_WRITE)),
      new Row("update_project", new ToolAnnotations(false, true, false, true), Set.of(Scope.PROJECT_WRITE), true,
          map("organizationSlug", ORG, "projectSlug", PROJECT, "name", "Checkout"), Set.of(Scope.PROJECT_WRITE)),
      new Row("add_team_to_project", new ToolAnnotations(false, false, true, true),
          Set.of(Scope.PROJECT_WRITE, Scope.TEAM_READ, Scope.ORG_READ), true,
          map("organizationSlug", ORG, "projectSlug", PROJECT, "teamSlug", "backend"),
          Set.of(Scope.PROJECT_WRITE)),
      new Row("remove_team_from_project", new ToolAnnotations(false, true, null, true),
          Set.of(Scope.PROJECT_WRITE, Scope.TEAM_READ, Scope.ORG_READ), true,
          map("organizationSlug", ORG, "projectSlug", PROJECT, "teamSlug", "backend"),
          Set.of(Scope.PROJECT_WRITE)));

  static Stream<Row> rows() {
    return ROWS.stream();
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static List<String> names(SentryMcp mcp, CallContext ctx) {
    return mcp.availableTools(ctx).stream().map(ToolDescriptor::name).toList();
  }

  // ------------------------------------------------------------------ descriptors

  @ParameterizedTest
  @MethodSource("rows")
  void descriptorMatchesTheReferenceTable(Row row) {
    ToolDescriptor d = writer(wm).tool(row.tool()).orElseThrow().descriptor();
    assertEquals(row.annotations(), d.annotations());
    assertEquals(row.scopes(), d.requiredScopes());
    assertEquals(Set.of(Skill.PROJECT_MANAGEMENT), d.skills());
    String desc = d.description();
    assertTrue(desc.length() < 2048, "description too long: " + desc.length());
    assertTrue(desc.contains("Use this tool when you need to:"));
    assertTrue(desc.contains("<examples>") && desc.contains("</examples>"));
    assertTrue(desc.contains("<hints>") && desc.contains("</hints>"));
    Map<String, Object> out = d.outputSchema();
    if (row.structured()) {
      assertNotNull(out, "output schema");
      assertEquals("https://json-schema.org/draft/2020-12/schema", out.get("$schema"));
    } else {
      assertNull(out, "markdown-only tools declare no output schema");
    }
  }

  @Test
  void listedWithTheWriteScopesAndTheSkill() {
    SentryMcp mcp = writer(wm);
    List<String> names = names(mcp, mcp.defaultContext());
    for (Row row : ROWS) {
      assertTrue(names.contains(row.tool()), row.tool());
    }
  }

  // ------------------------------------------------------------------ permissions

  @ParameterizedTest
  @MethodSource("rows")
  void theDefaultReadOnlyGrantIsDeniedWithoutARequest(Row row) {
    SentryMcp mcp = engine(wm, b -> b.allSkills(true));
    assertFalse(names(mcp, mcp.defaultContext()).contains(row.tool()), "not listed");
    SentryMcpException e = failure(mcp, row.tool(), row.validArgs(), mcp.defaultContext(),
        ErrorKind.PERMISSION_DENIED);
    for (Scope s : row.missingByDefault()) {
      assertTrue(e.getMessage().contains(s.id()), e.getMessage());
      assertTrue(e.getMessage().contains("--add-scopes=" + s.id()), e.getMessage());
    }
    // also through the rendering path used by transports
    assertTrue(mcp.callAndRender(row.tool(), row.validArgs(), mcp.defaultContext()).isError());
    assertNoRequests(wm);
  }

  @ParameterizedTest
  @MethodSource("rows")
  void withoutTheProjectManagementSkillItIsDeniedWithoutARequest(Row row) {
    SentryMcp mcp = engine(wm, b -> b.skills("inspect,seer,triage").addScopes(WRITE_SCOPES));
    assertFalse(names(mcp, mcp.defaultContext()).contains(row.tool()), "not listed");
    SentryMcpException e = failure(mcp, row.tool(), row.validArgs(), mcp.defaultContext(),
        ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains("project-management"), e.getMessage());
    assertTrue(e.getMessage().contains("--skills"), e.getMessage());
    assertNoRequests(wm);
  }

  @ParameterizedTest
  @MethodSource("rows")
  void aReadScopeAloneIsNotEnough(Row row) {
    // project:read / team:read are granted by default; write must be granted explicitly, admin implies it
    SentryMcp admin = engine(wm, b -> b.allSkills(true).addScopes("project:admin,team:admin"));
    assertTrue(names(admin, admin.defaultContext()).contains(row.tool()));
    SentryMcp readOnly = engine(wm, b -> b.allSkills(true).scopes("org:read,project:read,team:read"));
    failure(readOnly, row.tool(), row.validArgs(), readOnly.defaultContext(), ErrorKind.PERMISSION_DENIED);
    assertNoRequests(wm);
  }

  // ------------------------------------------------------------------ constraints

  @ParameterizedTest
  @MethodSource("rows")
  void anOrganizationConstrainedSessionCannotWriteToAnotherOrganization(Row row) {
    SentryMcp mcp = writer(wm);
    CallContext ctx = constrained(mcp, new SessionConstraints("pinned-org", null, null));
    SentryMcpException e = failure(mcp, row.tool(), row.validArgs(), ctx, ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains("pinned-org"), e.getMessage());
    assertNoRequests(wm);
  }

  static Stream<Row> projectScopedRows() {
    return ROWS.stream().filter(r -> r.validArgs().containsKey("projectSlug"));
  }

  @ParameterizedTest
  @MethodSource("projectScopedRows")
  void aProjectConstrainedSessionCannotWriteToAnotherProject(Row row) {
    SentryMcp mcp = writer(wm);
    CallContext ctx = constrained(mcp, new SessionConstraints(ORG, "pinned-project", null));
    assertFalse(ToolTestSupport.inputProperties(mcp, row.tool(), ctx).containsKey("projectSlug"),
        "the pinned parameter is not advertised");
    SentryMcpException e = failure(mcp, row.tool(), row.validArgs(), ctx, ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains("pinned-project"), e.getMessage());
    assertNoRequests(wm);
  }

  @Test
  void createProjectIsHiddenAndRefusedUnderAProjectConstraint() {
    SentryMcp mcp = writer(wm);
    CallContext ctx = constrained(mcp, new SessionConstraints(ORG, PROJECT, null));
    List<String> names = names(mcp, ctx);
    assertFalse(names.contains("create_project"));
    assertTrue(names.contains("create_team"), "create_team is an organization-level tool");
    assertTrue(names.contains("update_project"));
    failure(mcp, "create_project", ROWS.get(1).validArgs(), ctx, ErrorKind.PERMISSION_DENIED);
    assertTrue(names(mcp, constrained(mcp, new SessionConstraints(ORG, null, null))).contains("create_project"),
        "an organization constraint alone keeps create_project");
    assertNoRequests(wm);
  }

  // ------------------------------------------------------------------ identifiers

  static Stream<Arguments> traversals() {
    List<Arguments> out = new ArrayList<>();
    List<String> payloads = List.of("../victim", "..", ".", "a/b", "%2e%2e", "../../victim-org/victim-proj",
        "x?y=1", "x#y", "..\\victim", " ../victim ");
    for (Row row : ROWS) {
      for (String param : List.of("organizationSlug", "projectSlug", "teamSlug", "slug")) {
        if (!row.validArgs().containsKey(param) && !(param.equals("slug") && hasSlugParam(row.tool()))) {
          continue;
        }
        for (String payload : payloads) {
          out.add(Arguments.of(row, param, payload));
        }
      }
    }
    return out.stream();
  }

  private static boolean hasSlugParam(String tool) {
    return tool.equals("create_project") || tool.equals("update_project");
  }

  @ParameterizedTest(name = "{0} {1}={2}")
  @MethodSource("traversals")
  void slugsThatCouldWalkThePathSendNothing(Row row, String param, String payload) {
    SentryMcp mcp = writer(wm);
    Map<String, @Nullable Object> a = new LinkedHashMap<>(row.validArgs());
    a.put(param, payload);
    failure(mcp, row.tool(), a, mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    assertNoRequests(wm);
  }

  @ParameterizedTest
  @MethodSource("rows")
  void unknownArgumentsAreRefusedWithoutARequest(Row row) {
    SentryMcp mcp = writer(wm);
    Map<String, @Nullable Object> a = new LinkedHashMap<>(row.validArgs());
    a.put("dryRun", true);
    failure(mcp, row.tool(), a, mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    failure(mcp, row.tool(), args(), mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    assertNoRequests(wm);
  }
}
