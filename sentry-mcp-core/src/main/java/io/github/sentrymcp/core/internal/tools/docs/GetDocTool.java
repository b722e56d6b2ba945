package io.github.sentrymcp.core.internal.tools.docs;

import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.DocsClient;
import io.github.sentrymcp.core.internal.client.DocsUrls;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.nio.charset.StandardCharsets;

/**
 * {@code get_doc}: one page of Sentry's documentation as markdown ({@code GET <docsUrl><path>}, no credential). The
 * path is checked before anything is sent; the page text is outside text and shown only as data.
 */
final class GetDocTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Read one page of Sentry's documentation as markdown.",
      "",
      "Use this tool when you need to:",
      "- Read the whole page behind a search_docs result",
      "- Get complete setup steps, options or code samples",
      "",
      "<examples>",
      "get_doc(path='/platforms/javascript/guides/nextjs.md')",
      "</examples>",
      "",
      "<hints>",
      "- Take the path from a search_docs result; it starts with / and ends with .md.",
      "</hints>");

  /** Characters of page text shown; the rest is left out with a note. */
  static final int MAX_TEXT_CHARS = 40_000;
  static final String SOURCE = "docs-page";

  static final ToolSpec SPEC = ToolSpec.builder("get_doc", "Read a Sentry documentation page", DESCRIPTION)
      .input(InputSchema.builder()
          .string("path", "Documentation path from search_docs, e.g. /platforms/javascript/guides/nextjs.md.")
          .required().check(DocsUrls::pathProblem).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes()
      .skills(Skill.INSPECT, Skill.DOCS)
      .build();

  GetDocTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String path = args.requireString("path");
    DocsClient docs = DocsClient.forCall(call.api());
    ApiResponse response = docs.page(path);
    // the path passed DocsUrls.pathProblem: letters, digits and - _ . ~ / only, so it is safe as server text
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Documentation " + path);
    if (response.status() == 404) {
      doc.paragraph("No documentation page at this path: it may have moved or been renamed.");
      doc.paragraph(Inline.text("Find the current path: "), Inline.code("search_docs"),
          Inline.text(", then pass a result's path exactly as shown."));
      return doc.build();
    }
    String text = response.text(StandardCharsets.UTF_8);
    if (isHtml(response.mediaType(), text)) {
      doc.paragraph("The site answered with an HTML page instead of markdown: the path is probably not a"
          + " documentation page. Paths look like /platforms/javascript/guides/nextjs.md.");
      doc.paragraph(Inline.text("Find the right path: "), Inline.code("search_docs"), Inline.text("."));
      return doc.build();
    }
    if (text.isBlank()) {
      doc.paragraph("The page is empty.");
      return doc.build();
    }
    Untrusted page = Untrusted.of(text, SOURCE, TrustClass.UNTRUSTED_EXTERNAL);
    boolean cut = page.length() > MAX_TEXT_CHARS;
    doc.data("Page", cut ? page.truncate(MAX_TEXT_CHARS) : page);
    if (cut) {
      doc.paragraph("The page is longer than " + MAX_TEXT_CHARS + " characters; the rest was left out.");
    }
    doc.paragraph(Inline.text("Relative links in the page are relative to " + docs.urls().docsOrigin()
        + ". Related pages: "), Inline.code("search_docs"), Inline.text("."));
    return doc.build();
  }

  static boolean isHtml(String mediaType, String text) {
    if (mediaType.equals("text/html") || mediaType.equals("application/xhtml+xml")) {
      return true;
    }
    String head = text.stripLeading();
    head = head.substring(0, Math.min(32, head.length())).toLowerCase(java.util.Locale.ROOT);
    return head.startsWith("<!doctype") || head.startsWith("<html");
  }
}
