package io.github.sentrymcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it as a library" snippet is {@link ReadmeLibrarySnippet}, which the build compiles: this test keeps
 * the two identical (the README leaves out the package line), and runs the snippet against {@link FakeSentry}.
 */
class ReadmeLibrarySnippetTest {
  private static final String MARKER = "<!-- snippet: ReadmeLibrarySnippet -->";
  private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

  @Test
  void readmeShowsExactlyTheCompiledSnippet() throws IOException {
    String readme = read(MODULE_DIR.resolveSibling("README.md"));
    String source = read(MODULE_DIR.resolve("src/main/java/io/github/sentrymcp/examples/ReadmeLibrarySnippet.java"));

    String withoutPackage = source.replaceFirst("\\Apackage [\\w.]+;\n\n", "");
    assertTrue(withoutPackage.length() < source.length(), "the snippet file starts with its package line");
    assertEquals(withoutPackage, javaBlockAfterMarker(readme),
        "README.md's java block after " + MARKER + " must equal ReadmeLibrarySnippet.java without its package line;"
            + " change both together");
  }

  @Test
  void snippetListsTheProjectsOfFakeSentry() {
    try (FakeSentry fake = FakeSentry.builder().build()) {
      SentryMcpConfig config = SentryMcpConfig.builder()
          .host(fake.hostAndPort())
          .insecureHttp(true)
          .build();

      String text = ReadmeLibrarySnippet.findProjects(config, Session.of(AccessToken.of("example-token")),
          "sentry-mcp-evals");

      // the default (compact) style: Sentry's values in regions <d-NONCE> ... </d> of one nonce
      Matcher region = Pattern.compile("<d-([A-Za-z0-9_-]{16})>([^<]*)</d>").matcher(text);
      StringBuilder inside = new StringBuilder();
      Set<String> nonces = new HashSet<>();
      StringBuilder outside = new StringBuilder();
      int last = 0;
      while (region.find()) {
        nonces.add(region.group(1));
        inside.append(region.group(2)).append('\n');
        outside.append(text, last, region.start());
        last = region.end();
      }
      outside.append(text.substring(last));
      assertEquals(1, nonces.size(), () -> "one nonce per result:\n" + text);
      assertTrue(inside.toString().contains("cloudflare-mcp"), () -> "the sample project, fenced as data:\n" + text);
      assertFalse(outside.toString().contains("cloudflare-mcp"), () -> "the sample project outside a region:\n" + text);
    }
  }

  /** The fenced java block that directly follows the (single) marker line. */
  static String javaBlockAfterMarker(String markdown) {
    List<String> lines = markdown.lines().toList();
    int marker = lines.indexOf(MARKER);
    assertTrue(marker >= 0, "README.md has the line " + MARKER);
    assertEquals(marker, lines.lastIndexOf(MARKER), "README.md has the line " + MARKER + " once");
    assertTrue(marker + 1 < lines.size() && lines.get(marker + 1).equals("```java"),
        "the line after " + MARKER + " opens a ```java block");
    StringBuilder block = new StringBuilder();
    for (int i = marker + 2; i < lines.size(); i++) {
      if (lines.get(i).equals("```")) {
        return block.toString();
      }
      block.append(lines.get(i)).append('\n');
    }
    throw new AssertionError("the ```java block after " + MARKER + " is not closed");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file).replace("\r\n", "\n");
  }
}
