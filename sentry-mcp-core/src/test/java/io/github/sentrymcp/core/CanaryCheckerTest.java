package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.RegionStyle;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The canary's checker can fail: hand-made results in the compact and the tags format, each broken in one way, must be
 * reported, and real renderings of the sanitizer must pass with their markers counted inside regions.
 */
class CanaryCheckerTest {
  private static final String N = "AbCdEfGhIjKlMnOp";
  private static final Map<String, Object> ONE_REGION =
      Map.of("sources", List.of("event.message"), "trust", List.of("untrusted-external"));

  private final CanaryPlanter planter = new CanaryPlanter();
  private final String m1 = planter.marker("test: first");
  private final String m2 = planter.marker("test: second");

  private static RenderedResult compact(String text, List<?> regions, Map<String, Object> extra) {
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("nonce", N);
    prov.put("style", "compact");
    prov.put("regions", regions);
    prov.putAll(extra);
    prov.put("fields", Map.of());
    return new RenderedResult(text, List.of(), null, Map.of(CanaryChecker.PROVENANCE_KEY, prov), false);
  }

  private List<String> problems(RenderedResult r) {
    CanaryChecker c = new CanaryChecker(planter);
    c.check("call", r);
    return c.problems();
  }

  private static void assertOneProblemSaying(List<String> problems, String words) {
    assertTrue(problems.stream().anyMatch(p -> p.contains(words)), () -> "no problem says \"" + words + "\": "
        + problems);
  }

  @Test
  void aWellFormedCompactResultPassesAndItsMarkersCount() {
    CanaryChecker c = new CanaryChecker(planter);
    Set<String> shown = c.check("call", compact("# T\n\n<d-" + N + ">\nName: " + m1 + "x" + m1 + "\n</d>\nCount: 3\n"
        + "Hint `x` <d-" + N + ">" + m2 + "</d>.", List.of(ONE_REGION, ONE_REGION), Map.of("bare", List.of("c"))));
    assertEquals(List.of(), c.problems());
    assertEquals(Set.of(m1, m2), shown);
    assertEquals(2, c.regions());
    assertEquals(Set.of("compact"), c.styles());
  }

  @Test
  void compactMarkersOutsideRegionsOrInAForeignOrBrokenRegionAreLeaks() {
    assertOneProblemSaying(problems(compact("Name: " + m1 + "\n<d-" + N + ">x</d>", List.of(ONE_REGION), Map.of())),
        "marker " + m1 + " (planted at test: first) is outside every data region");
    // another nonce, a region with a raw '<' in it, an unclosed region
    for (String text : List.of("<d-ZZZZZZZZZZZZZZZZ>" + m1 + "</d>", "<d-" + N + ">a<b " + m1 + "</d>",
        "<d-" + N + ">\n" + m1 + "\n")) {
      List<String> problems = problems(compact(text, List.of(), Map.of()));
      assertOneProblemSaying(problems, "is outside every data region");
      assertOneProblemSaying(problems, "a region tag outside every well-formed region");
    }
    assertOneProblemSaying(problems(compact("x</d>", List.of(), Map.of())),
        "a region tag outside every well-formed region");
  }

  @Test
  void compactRegionsMustMatchTheirProvenanceEntries() {
    String text = "<d-" + N + ">" + m1 + "</d> and <d-" + N + ">" + m2 + "</d>";
    assertOneProblemSaying(problems(compact(text, List.of(ONE_REGION), Map.of())), "2 regions in the text, 1 in _meta");
    for (Map<String, Object> bad : List.of(
        Map.<String, Object>of("sources", List.of(), "trust", List.of("untrusted-external")),
        Map.<String, Object>of("sources", List.of(" "), "trust", List.of("untrusted-external")),
        Map.<String, Object>of("sources", List.of("event.tags[3].key"), "trust", List.of("untrusted-external")),
        Map.<String, Object>of("sources", List.of("event.message"), "trust", List.of("trusted")),
        Map.<String, Object>of("sources", List.of("event.message")))) {
      assertOneProblemSaying(problems(compact(text, List.of(ONE_REGION, bad), Map.of())), "a region entry lacks");
    }
    assertOneProblemSaying(problems(compact(text, List.of(ONE_REGION, ONE_REGION), Map.of("bare",
        List.of("a[0]")))), "the bare families");
    assertOneProblemSaying(problems(compact(text, List.of(ONE_REGION, Map.of("sources", List.of(m1 + ".x"), "trust",
        List.of("untrusted-external"))), Map.of())), "in _meta provenance regions");
    RenderedResult noRegions = new RenderedResult("x", List.of(), null, Map.of(CanaryChecker.PROVENANCE_KEY,
        Map.of("nonce", N, "style", "compact", "fields", Map.of())), false);
    assertOneProblemSaying(problems(noRegions), "has no regions list");
    RenderedResult unknown = new RenderedResult("x", List.of(), null, Map.of(CanaryChecker.PROVENANCE_KEY,
        Map.of("nonce", N, "style", "fancy", "fields", Map.of())), false);
    assertOneProblemSaying(problems(unknown), "names no known style");
  }

  @Test
  void theTagsFormatIsStillChecked() {
    Map<String, Object> prov = Map.of("nonce", N, "style", "tags", "fields", Map.of());
    String ok = "<data-" + N + " src=\"event.message\" trust=\"untrusted-external\">" + m1 + "</data-" + N + ">";
    assertEquals(List.of(), problems(new RenderedResult(ok, List.of(), null,
        Map.of(CanaryChecker.PROVENANCE_KEY, prov), false)));
    List<String> leak = problems(new RenderedResult(ok + " " + m2, List.of(), null,
        Map.of(CanaryChecker.PROVENANCE_KEY, prov), false));
    assertOneProblemSaying(leak, "marker " + m2);
    // a compact region in a result that says it is tags is not a region
    assertOneProblemSaying(problems(new RenderedResult("<d-" + N + ">" + m1 + "</d>", List.of(), null,
        Map.of(CanaryChecker.PROVENANCE_KEY, prov), false)), "is outside every data region");
  }

  @Test
  void realRenderingsPassInEveryStyle() {
    for (RegionStyle style : RegionStyle.values()) {
      DefaultToolResultSanitizer s = DefaultToolResultSanitizer.builder().style(style).build();
      RenderedResult r = s.render(ToolResult.builder().heading(1, "T")
          .field("Name", Untrusted.external(m1 + " </d> </data-x> " + m1, "user.name"))
          .field("Id", Untrusted.external("7ca573c0f4814912aaa9bdc77d1a7d51", "event.id"))
          .paragraph(Inline.text("See "), Inline.code("x"), Inline.text(" "),
              Inline.data(Untrusted.external(m2, "tags[0].value")))
          .structured(Structured.object().put("name", Untrusted.external(m1, "user.name")).build())
          .build());
      CanaryChecker c = new CanaryChecker(planter);
      assertEquals(Set.of(m1, m2), c.check(style.name(), r));
      assertEquals(List.of(), c.problems(), style::name);
      assertEquals(Set.of(style.name().toLowerCase(java.util.Locale.ROOT)), c.styles());
      assertEquals(Set.of(m1), c.markersInStructured());
    }
  }
}
