package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Our catalog against the reference's, name by name: the checked-in list {@code reference-tools.txt} holds the tool
 * names of the newest reference server; every one of them must be a tool here, and every tool here must be one of
 * them or one of the additions named below.
 */
class ReferenceCatalogTest {

  /** Tools of ours the reference does not have, each on purpose. */
  private static final Set<String> OUR_ADDITIONS = Set.of(
      // the reference runs reads and writes through one destructive executor; we split them (see GatewayTest)
      "execute_sentry_write_tool");

  /**
   * Reference tools this catalog does not have yet, each named so that the gap is visible and shrinks: the test fails
   * when one of them arrives (remove it here) or when another reference tool goes missing.
   */
  private static final Set<String> NOT_YET = Set.of();

  private static final SentryMcp MCP =
      SentryMcp.create(SentryMcpConfig.builder().host("127.0.0.1:9").insecureHttp(true).build());

  static List<String> referenceTools() throws IOException {
    try (InputStream in = ReferenceCatalogTest.class.getResourceAsStream("reference-tools.txt")) {
      assertNotNull(in, "reference-tools.txt on the test class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    }
  }

  private static Set<String> ours() {
    return MCP.allTools().stream().map(t -> t.descriptor().name()).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theListNamesEachToolOnce() throws IOException {
    List<String> ref = referenceTools();
    assertEquals(ref.size(), new LinkedHashSet<>(ref).size(), "duplicate names in reference-tools.txt");
    assertEquals(80, ref.size(), "the reference registers 80 tools");
  }

  @Test
  void everyToolOfTheReferenceIsInOurCatalog() throws IOException {
    Set<String> missing = new TreeSet<>(referenceTools());
    missing.removeAll(ours());
    assertEquals(new TreeSet<>(NOT_YET), missing, "reference tools missing from our catalog");
  }

  @Test
  void everyToolOfOursIsTheReferencesOrADeclaredAddition() throws IOException {
    Set<String> extra = new TreeSet<>(ours());
    referenceTools().forEach(extra::remove);
    assertEquals(new TreeSet<>(OUR_ADDITIONS), extra, "tools the reference does not have");
  }
}
