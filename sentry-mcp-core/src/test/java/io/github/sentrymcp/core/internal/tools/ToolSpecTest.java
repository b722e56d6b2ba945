package io.github.sentrymcp.core.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec builder: what a tool must declare, and what it checks. */
class ToolSpecTest {

  private static ToolSpec.Builder valid(String name) {
    return ToolSpec.builder(name, "Find teams", "Find teams in an organization.")
        .annotations(Annotations.READ_ONLY)
        .scopes(Scope.TEAM_READ)
        .skills(Skill.INSPECT);
  }

  @Test
  void theBuilderFillsEveryPartOfTheDescriptor() {
    Map<String, Object> output = OutputSchemas.root("teams", OutputSchemas.array(
        OutputSchemas.object("slug", OutputSchemas.string("Team slug.")), "The teams."));
    ToolSpec spec = ToolSpec.builder("find_teams", "Find teams", "Find teams in an organization.")
        .input(InputSchema.builder().add(Params.organizationSlug()).build())
        .output(output)
        .annotations(Annotations.READ_ONLY)
        .scopes(Scope.TEAM_READ)
        .skills(Skill.TRIAGE, Skill.INSPECT)
        .skills(Set.of(Skill.PROJECT_MANAGEMENT))
        .build();
    ToolDescriptor d = spec.descriptor();
    assertEquals("find_teams", d.name());
    assertEquals("Find teams", d.title());
    assertEquals("Find teams in an organization.\n\n" + ToolSpec.REGIONS_NOTE, d.description());
    assertEquals(List.of("organizationSlug"), d.inputSchema().get("required"));
    assertEquals(OutputSchemas.structureOnly(output), d.outputSchema());
    assertFalse(d.outputSchema().containsKey("$schema"));
    assertTrue(output.toString().contains("description=") && !d.outputSchema().toString().contains("description="));
    assertEquals(Annotations.READ_ONLY, d.annotations());
    assertEquals(Set.of(Scope.TEAM_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT, Skill.TRIAGE, Skill.PROJECT_MANAGEMENT), d.skills());
  }

  @Test
  void withoutInputAndOutputTheToolHasNoParametersAndAMarkdownResult() {
    ToolSpec spec = ToolSpec.builder("whoami", "Who am I", "Identify the user.")
        .annotations(Annotations.READ_ONLY).scopes().allSkills().build();
    assertEquals(Map.of(), spec.descriptor().inputSchema().get("properties"));
    assertNull(spec.outputSchema());
    assertEquals(Set.of(), spec.requiredScopes());
    assertEquals(EnumSet.allOf(Skill.class), spec.skills());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Find_teams", "find-teams", "find teams", "_find", "find_", "find__teams", "1find",
      "find_teams_with_a_name_that_is_far_too_long_for_any_mcp_client_0123"})
  void aNameThatIsNotSnakeCaseOfAtMost64CharactersIsRefused(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> valid(name).build());
    assertTrue(e.getMessage().contains("lower-case"), e.getMessage());
  }

  @Test
  void aBlankTitleOrDescriptionIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ToolSpec.builder("find_teams", " ", "Find teams.")
        .annotations(Annotations.READ_ONLY).scopes().skills(Skill.INSPECT).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToolSpec.builder("find_teams", "Find teams", "\n")
            .annotations(Annotations.READ_ONLY).scopes().skills(Skill.INSPECT).build());
    assertTrue(e.getMessage().contains("description"), e.getMessage());
  }

  @Test
  void aToolWithoutSkillsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToolSpec.builder("find_teams", "Find teams", "Find teams.")
            .annotations(Annotations.READ_ONLY).scopes().build());
    assertTrue(e.getMessage().contains("skill"), e.getMessage());
  }

  @Test
  void annotationsAndScopesMustBeDeclared() {
    IllegalStateException noAnnotations = assertThrows(IllegalStateException.class,
        () -> ToolSpec.builder("find_teams", "Find teams", "Find teams.").scopes().skills(Skill.INSPECT).build());
    assertTrue(noAnnotations.getMessage().contains("annotations"), noAnnotations.getMessage());
    IllegalStateException noScopes = assertThrows(IllegalStateException.class,
        () -> ToolSpec.builder("find_teams", "Find teams", "Find teams.")
            .annotations(Annotations.READ_ONLY).skills(Skill.INSPECT).build());
    assertTrue(noScopes.getMessage().contains("scopes"), noScopes.getMessage());
  }

  @Test
  void anOutputSchemaDescribesAnObject() {
    assertThrows(IllegalArgumentException.class,
        () -> valid("find_teams").output(OutputSchemas.array(OutputSchemas.string("Slug."), "Slugs.")).build());
  }

  @Test
  void theReferencesAnnotationCodesMapToTheMcpHints() {
    assertEquals(Arrays.asList(true, false, null, true), hints(Annotations.READ_ONLY));
    assertEquals(Arrays.asList(false, false, null, true), hints(Annotations.WRITE));
    assertEquals(Arrays.asList(false, false, true, true), hints(Annotations.WRITE_IDEMPOTENT));
    assertEquals(Arrays.asList(false, true, null, true), hints(Annotations.DESTRUCTIVE));
    assertEquals(Arrays.asList(false, true, true, true), hints(Annotations.DESTRUCTIVE_IDEMPOTENT));
    assertEquals(Arrays.asList(false, true, false, true), hints(Annotations.DESTRUCTIVE_NOT_IDEMPOTENT));
  }

  private static List<Object> hints(ToolAnnotations a) {
    return Arrays.asList(a.readOnly(), a.destructive(), a.idempotent(), a.openWorld());
  }

  @Test
  void structureOnlyKeepsPropertiesNamedLikeKeywords() {
    Map<String, Object> schema = OutputSchemas.root(
        "description", OutputSchemas.string("A property called description."),
        "items", OutputSchemas.array(OutputSchemas.string("Item."), "Items."));
    Map<String, Object> s = OutputSchemas.structureOnly(schema);
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) s.get("properties");
    assertEquals(List.of("description", "items"), List.copyOf(props.keySet()));
    assertEquals(Map.of("type", "string"), props.get("description"));
    assertFalse(s.containsKey("$schema"));
    assertFalse(s.containsKey("additionalProperties"));
    assertEquals(schema.get("required"), s.get("required"));
  }
}
