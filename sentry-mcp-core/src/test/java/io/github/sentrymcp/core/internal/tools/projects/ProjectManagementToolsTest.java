package io.github.sentrymcp.core.internal.tools.projects;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.available;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDenied;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.rejected;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_AND_TEAM_WRITE);

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
          args("organizationSlug", ORG, "name", "Backend"), Set.of(Scope.TEAM_WRITE)),
      new Row("create_project", new ToolAnnotations(false, false, null, true),
          Set.of(Scope.PROJECT_WRITE, Scope.TEAM_READ, Scope.ORG_READ), false,
          args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"), Set.of(Scope.PROJECT_WRITE)),
      new Row("update_project", new ToolAnnotations(false, true, false, true), Set.of(Scope.PROJECT_WRITE), true,
          args("organizationSlug", ORG, "projectSlug", PROJECT, "name", "Checkout"), Set.of(Scope.PROJECT_WRITE)),
      new Row("add_team_to_project", new ToolAnnotations(false, false, true, true),
          Set.of(Scope.PROJECT_WRITE, Scope.TEAM_READ, Scope.ORG_READ), true,
          args("organizationSlug", ORG, "projectSlug", PROJECT, "teamSlug", "backend"),
          Set.of(Scope.PROJECT_WRITE)),
      new Row("remove_team_from_project", new ToolAnnotations(false, true, null, true),
          Set.of(Scope.PROJECT_WRITE, Scope.TEAM_READ, Scope.ORG_READ), true,
          args("organizationSlug", ORG, "projectSlug", PROJECT, "teamSlug", "backend"),
          Set.of(Scope.PROJECT_WRITE)));

  static Stream<Row> rows() {
    return ROWS.stream();
  }

  // ------------------------------------------------------------------ descriptors

  @ParameterizedTest
  @MethodSource("rows")
  void descriptorMatchesTheReferenceTable(Row row) {
    ToolDescriptor d = assertDescriptor(api.mcp(), row.tool(), row.annotations(), row.scopes(),
        Set.of(Skill.PROJECT_MANAGEMENT));
    String desc = d.description();
    assertTrue(desc.length() < 2048, "description too long: " + desc.length());
    assertTrue(desc.contains("Use this tool when you need to:"));
    assertTrue(desc.contains("<examples>") && desc.contains("</examples>"));
    assertTrue(desc.contains("<hints>") && desc.contains("</hints>"));
    Map<String, Object> out = d.outputSchema();
    if (row.structured()) {
      assertNotNull(out, "output schema");
      assertEquals("object", out.get("type"));
      assertNull(out.get("$schema"), "advertised structure only");
    } else {
      assertNull(out, "markdown-only tools declare no output schema");
    }
  }

  @Test
  void listedWithTheWriteScopesAndTheSkill() {
    List<String> names = available(api.mcp(), api.writer());
    for (Row row : ROWS) {
      assertTrue(names.contains(row.tool()), row.tool());
    }
  }

  // ------------------------------------------------------------------ permissions

  @ParameterizedTest
  @MethodSource("rows")
  void theDefaultReadOnlyGrantIsDeniedWithoutARequest(Row row) {
    Session readOnly = api.readOnly();
    SentryMcpException e = assertDenied(api, readOnly, row.tool(), row.validArgs(), "needs the scope(s) ");
    for (Scope s : row.missingByDefault()) {
      assertTrue(e.getMessage().contains(s.id()), e.getMessage());
    }
    // also through the rendering path used by transports
    assertTrue(api.mcp().callAndRender(row.tool(), row.validArgs(), readOnly).isError());
    assertNoRequests(api.wm());
  }

  @ParameterizedTest
  @MethodSource("rows")
  void withoutTheProjectManagementSkillItIsDeniedWithoutARequest(Row row) {
    assertDenied(api, api.noProjectManagement(), row.tool(), row.validArgs(), "not enabled by the granted skills",
        "project-management");
  }

  @ParameterizedTest
  @MethodSource("rows")
  void aReadScopeAloneIsNotEnough(Row row) {
    // project:read / team:read are granted by default; write must be granted explicitly, admin implies it
    Session admin = api.session(b -> b.allSkills(true).addScopes("project:admin,team:admin"));
    assertTrue(available(api.mcp(), admin).contains(row.tool()));
    Session readOnly = api.session(b -> b.allSkills(true).scopes("org:read,project:read,team:read"));
    failure(api, row.tool(), row.validArgs(), readOnly, ErrorKind.PERMISSION_DENIED);
    assertNoRequests(api.wm());
  }

  // ------------------------------------------------------------------ constraints

  @ParameterizedTest
  @MethodSource("rows")
  void anOrganizationConstrainedSessionCannotWriteToAnotherOrganization(Row row) {
    Session pinned = api.constrained(new SessionConstraints("pinned-org", null, null));
    SentryMcpException e = failure(api, row.tool(), row.validArgs(), pinned, ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains("pinned-org"), e.getMessage());
    assertNoRequests(api.wm());
  }

  static Stream<Row> projectScopedRows() {
    return ROWS.stream().filter(r -> r.validArgs().containsKey("projectSlug"));
  }

  @ParameterizedTest
  @MethodSource("projectScopedRows")
  void aProjectConstrainedSessionCannotWriteToAnotherProject(Row row) {
    Session pinned = api.constrained(new SessionConstraints(ORG, "pinned-project", null));
    assertFalse(ToolTestSupport.inputProperties(api.mcp(), row.tool(), pinned).containsKey("projectSlug"),
        "the pinned parameter is not advertised");
    SentryMcpException e = failure(api, row.tool(), row.validArgs(), pinned, ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains("pinned-project"), e.getMessage());
    assertNoRequests(api.wm());
  }

  @Test
  void createProjectIsHiddenAndRefusedUnderAProjectConstraint() {
    Session pinned = api.constrained(new SessionConstraints(ORG, PROJECT, null));
    List<String> names = available(api.mcp(), pinned);
    assertFalse(names.contains("create_project"));
    assertTrue(names.contains("create_team"), "create_team is an organization-level tool");
    assertTrue(names.contains("update_project"));
    failure(api, "create_project", ROWS.get(1).validArgs(), pinned, ErrorKind.PERMISSION_DENIED);
    assertTrue(available(api.mcp(), api.constrained(new SessionConstraints(ORG, null, null)))
        .contains("create_project"), "an organization constraint alone keeps create_project");
    assertNoRequests(api.wm());
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
    rejected(api, row.tool(), with(row.validArgs(), param, payload));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void unknownArgumentsAreRefusedWithoutARequest(Row row) {
    failure(api, row.tool(), with(row.validArgs(), "dryRun", true), ErrorKind.INVALID_INPUT);
    rejected(api, row.tool(), args());
  }
}
