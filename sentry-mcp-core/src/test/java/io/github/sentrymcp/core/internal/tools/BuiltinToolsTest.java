package io.github.sentrymcp.core.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.schema.Args;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog as the feature packages register it: one name per tool, the pinned listing order, new tools after. */
class BuiltinToolsTest {

  @Test
  void theCatalogListsThePinnedToolsInTheirOrder() {
    assertEquals(BuiltinTools.PINNED_ORDER, BuiltinTools.names().subList(0, BuiltinTools.PINNED_ORDER.size()));
  }

  @Test
  void newToolsFollowThePinnedOnesFeatureByFeature() {
    List<List<ToolEntry>> features = pinnedAsOneFeature();
    features.add(List.of(entry("find_widgets"), entry("get_widget")));
    features.add(List.of(entry("find_gadgets")));
    List<String> names = BuiltinTools.listingOrder(features).stream().map(e -> e.spec().name()).toList();
    List<String> expected = new ArrayList<>(BuiltinTools.PINNED_ORDER);
    expected.addAll(List.of("find_widgets", "get_widget", "find_gadgets"));
    assertEquals(expected, names);
  }

  @Test
  void twoToolsWithOneNameAreRefused() {
    List<List<ToolEntry>> features = pinnedAsOneFeature();
    features.add(List.of(entry("whoami")));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BuiltinTools.listingOrder(features));
    assertTrue(e.getMessage().contains("whoami"), e.getMessage());
  }

  @Test
  void aPinnedToolNoFeatureRegistersIsReported() {
    List<List<ToolEntry>> features = pinnedAsOneFeature();
    features.set(0, features.get(0).subList(1, features.get(0).size()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BuiltinTools.listingOrder(features));
    assertTrue(e.getMessage().contains("whoami"), e.getMessage());
  }

  @Test
  void anEntryWhoseConstructorMakesAnotherToolIsRefused() {
    ToolEntry wrong = ToolEntry.of(spec("find_widgets"), env -> new Fake(spec("get_widget"), env));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrong.create(null));
    assertTrue(e.getMessage().contains("find_widgets") && e.getMessage().contains("get_widget"), e.getMessage());
  }

  private static List<List<ToolEntry>> pinnedAsOneFeature() {
    List<List<ToolEntry>> features = new ArrayList<>();
    features.add(BuiltinTools.PINNED_ORDER.stream().map(BuiltinToolsTest::entry).toList());
    return features;
  }

  private static ToolEntry entry(String name) {
    ToolSpec spec = spec(name);
    return ToolEntry.of(spec, env -> new Fake(spec, env));
  }

  private static ToolSpec spec(String name) {
    return ToolSpec.builder(name, "A tool", "A tool of the test.")
        .annotations(Annotations.READ_ONLY).scopes().skills(Skill.INSPECT).build();
  }

  private static final class Fake extends AbstractSentryTool {
    Fake(ToolSpec spec, ToolEnvironment env) {
      super(env, spec);
    }

    @Override
    protected ToolResult execute(Args args, ToolCall call) {
      return ToolResult.builder().paragraph("done").build();
    }
  }
}
