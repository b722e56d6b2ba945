package io.github.sentrymcp.core.internal.tools.docs;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.DocsClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * {@code search_docs}: Sentry's documentation search ({@code POST <mcpUrl>/api/search}, no credential). Everything in
 * the answer (paths, URLs, snippets) is outside text and shown only as data.
 */
final class SearchDocsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Search Sentry's documentation for SDK setup, configuration and instrumentation guidance.",
      "",
      "Use this tool when you need to:",
      "- Set up a Sentry SDK or framework integration",
      "- Configure sampling, filtering, data scrubbing or releases",
      "- Find how to add custom spans, breadcrumbs or context",
      "",
      "<examples>",
      "search_docs(query='Django setup SENTRY_DSN', guide='python/django')",
      "search_docs(query='upload source maps', guide='javascript/nextjs')",
      "</examples>",
      "",
      "<hints>",
      "- Returns snippets; read a whole page with get_doc and a result's path.",
      "- guide narrows the search to one platform or framework.",
      "</hints>");

  /** Results whose snippet is shown (the rest show path, URL and relevance). */
  static final int SNIPPETS = 3;
  static final int MAX_SNIPPET_CHARS = 1500;
  static final int MAX_CELL_CHARS = 300;
  static final String SOURCE = "docs-search";

  static final ToolSpec SPEC = ToolSpec.builder("search_docs", "Search Sentry documentation", DESCRIPTION)
      .input(InputSchema.builder()
          .string("query", "What to look for, in natural language (2 to 200 characters).")
          .required().minLength(2).maxLength(200).add()
          .integer("maxResults", "How many results to return (1-10).")
          .minimum(1).maximum(10).defaultValue(3L).add()
          .string("guide", "Only documentation of this platform or platform/framework, e.g. javascript/nextjs.")
          .nullable().enumValues(SentryGuides.ALL).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes()
      .skills(Skill.INSPECT, Skill.DOCS)
      .build();

  SearchDocsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String query = args.requireString("query");
    int maxResults = args.intValue("maxResults", 3);
    String guide = args.nonBlank("guide");
    ApiResponse response = DocsClient.forCall(call.api()).search(query, maxResults, guide);
    SentryJson body;
    try {
      body = response.json(SOURCE, TrustClass.UNTRUSTED_EXTERNAL);
    } catch (ApiException e) {
      throw new SentryMcpException(ErrorKind.UPSTREAM_ERROR,
          "The documentation search service answered with something that is not JSON.");
    }
    if (!body.isObject()) {
      throw upstream("The documentation search service answered with JSON of an unexpected shape.");
    }
    Untrusted error = body.get("error").nonEmptyText();
    if (error != null) {
      throw new SentryMcpException(ErrorKind.UPSTREAM_ERROR, "The documentation search service reported an error.",
          List.of(error.truncate(MAX_CELL_CHARS)), null);
    }
    SentryJson results = body.get("results");
    if (!results.isArray()) {
      throw upstream("The documentation search service answered without a list of results.");
    }

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Documentation search");
    List<SentryJson> items = results.items();
    // the service is asked for maxResults; a longer answer is cut to what was asked
    if (items.size() > maxResults) {
      items = items.subList(0, maxResults);
    }
    if (items.isEmpty()) {
      doc.paragraph("No documentation matched the query. Try other words or another guide.");
      return doc.build();
    }
    boolean titles = items.stream().anyMatch(r -> r.get("title").nonEmptyText() != null);
    List<String> headers = new ArrayList<>();
    headers.add("#");
    if (titles) {
      headers.add("Title");
    }
    headers.add("Path");
    headers.add("URL");
    headers.add("Relevance");
    List<List<Inline>> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      SentryJson r = items.get(i);
      List<Inline> row = new ArrayList<>();
      row.add(Inline.text(Integer.toString(i + 1)));
      if (titles) {
        row.add(cell(r.get("title")));
      }
      row.add(cell(r.get("id")));
      row.add(cell(r.get("url")));
      row.add(Inline.text(relevance(r.get("relevance"))));
      rows.add(row);
    }
    doc.table(headers, rows);
    for (int i = 0; i < Math.min(SNIPPETS, items.size()); i++) {
      Untrusted snippet = items.get(i).get("snippet").nonEmptyText();
      if (snippet != null) {
        doc.data("Snippet " + (i + 1), snippet.truncate(MAX_SNIPPET_CHARS));
      }
    }
    doc.paragraph(Inline.text("Whole page: "), Inline.code("get_doc"), Inline.text(" with a result's path."));
    return doc.build();
  }

  private static Inline cell(SentryJson value) {
    Untrusted text = value.nonEmptyText();
    return Rendering.cell(text == null ? null : text.truncate(MAX_CELL_CHARS));
  }

  /** A 0..1 score as a percentage with one decimal, or a dash. */
  static String relevance(SentryJson value) {
    OptionalDouble d = value.isNumber() ? value.asDouble() : OptionalDouble.empty();
    if (d.isEmpty() || !Double.isFinite(d.getAsDouble())) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f%%", d.getAsDouble() * 100);
  }

  private static SentryMcpException upstream(String message) {
    return new SentryMcpException(ErrorKind.UPSTREAM_ERROR, message);
  }
}
