package io.github.sentrymcp.core.internal.tools.gateway;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.JsonText;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolDirectory;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code search_sentry_tools}: finds the tools this session may use by words of their name and description (ranking
 * as the reference's, spec section 7.6) and gives each hit's description, annotations and input schema as the session
 * sees it (pinned parameters left out), so the model can call it through the executor for its kind. No request.
 */
final class SearchSentryToolsTool extends AbstractSentryTool {
  static final String NAME = "search_sentry_tools";
  static final int DEFAULT_LIMIT = 8;
  private static final Pattern TOKEN_SPLIT = Pattern.compile("[^a-z0-9_]+");

  static final String DESCRIPTION = String.join("\n",
      "Find more Sentry tools (issue events, traces, releases, monitors, alerts, DSNs, teams, docs, ...) by what"
          + " they do. Each hit gives its description, whether it changes data, and its input schema. Run a read-only"
          + " hit with execute_sentry_tool, one that changes data with execute_sentry_write_tool.",
      "",
      "<examples>",
      "search_sentry_tools(query='issue events')",
      "</examples>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "query", string("The query as given."),
      "results", array(object(
          "name", string("Tool name."),
          "description", string("What the tool does."),
          "readOnly", leaf("boolean", "True when the tool only reads."),
          "executor", string("The tool to run it with, or the tool's own name when it is called directly."),
          "annotations", leaf("object", "The tool's MCP hints: readOnlyHint, destructiveHint, idempotentHint (when"
              + " declared), openWorldHint."),
          "inputSchema", leaf("object", "JSON Schema of the tool's arguments as this session sees them.")),
          "Matching tools, best first."));

  static final ToolSpec SPEC = ToolSpec.builder(NAME, "Search Sentry tools", DESCRIPTION)
      .input(InputSchema.builder()
          .string("query", "Words describing the task, e.g. 'release details'.").required().minLength(1)
          .maxLength(200).add()
          .integer("limit", "Most tools to return (1-20). Default: 8.").nullable().minimum(1).maximum(20).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(new ToolAnnotations(true, false, null, false))
      .scopes()
      .allSkills()
      .build();

  SearchSentryToolsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  private record Hit(ToolDescriptor descriptor, int score) {}

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String query = args.requireString("query");
    int limit = args.intValue("limit", DEFAULT_LIMIT);
    CallContext context = call.context();
    ToolDirectory tools = env.tools();
    List<Hit> hits = new ArrayList<>();
    String q = query.toLowerCase(Locale.ROOT);
    List<String> tokens = new ArrayList<>();
    for (String t : TOKEN_SPLIT.split(q)) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    for (SentryTool t : tools.all()) {
      String name = t.descriptor().name();
      if (Surfaces.isGateway(name) || tools.gate().problem(t, context.session()) != null) {
        continue;
      }
      ToolDescriptor d = t.descriptorFor(context.constraints());
      int score = score(name, withoutRegionsNote(d.description()), q, tokens);
      if (score > 0) {
        hits.add(new Hit(d, score));
      }
    }
    hits.sort(Comparator.comparingInt(Hit::score).reversed().thenComparing(h -> h.descriptor().name()));
    if (hits.size() > limit) {
      hits = hits.subList(0, limit);
    }
    boolean reads = available(tools, ExecuteSentryToolTool.READ_NAME, context);
    boolean writes = available(tools, ExecuteSentryToolTool.WRITE_NAME, context);

    ToolResult.Builder doc = ToolResult.builder();
    List<Structured> results = new ArrayList<>();
    if (hits.isEmpty()) {
      doc.paragraph("No tool matches. Try other words, e.g. 'issue', 'trace', 'release', 'monitor' or 'project'.");
    } else {
      doc.paragraph("Run a hit with its executor: executor(name='<tool>', arguments={...}).");
    }
    for (Hit h : hits) {
      ToolDescriptor d = h.descriptor();
      boolean readOnly = d.annotations().readOnly();
      String executor = readOnly ? (reads ? ExecuteSentryToolTool.READ_NAME : d.name())
          : (writes ? ExecuteSentryToolTool.WRITE_NAME : d.name());
      String schema = json(d.inputSchema());
      doc.heading(2, d.name());
      doc.paragraph(kind(d.annotations()) + " Executor: " + executor + ".");
      doc.paragraph(withoutRegionsNote(d.description()));
      doc.code("json", schema);
      results.add(Structured.object()
          .putText("name", d.name())
          .putText("description", withoutRegionsNote(d.description()))
          .put("readOnly", readOnly)
          .putText("executor", executor)
          .put("annotations", annotations(d.annotations()))
          .put("inputSchema", structured(d.inputSchema()))
          .build());
    }
    doc.structured(Structured.object()
        .putText("query", query)
        .put("results", Structured.array(results))
        .build());
    return doc.build();
  }

  /** Ranking of spec section 7.6. */
  static int score(String name, String description, String query, List<String> tokens) {
    String n = name.toLowerCase(Locale.ROOT);
    String desc = description.toLowerCase(Locale.ROOT);
    int score = (n + " " + desc).contains(query) ? 20 : 0;
    for (String t : tokens) {
      if (n.equals(t)) {
        score += 12;
      } else if (n.contains(t)) {
        score += 8;
      }
      if (desc.contains(t)) {
        score += 2;
      }
    }
    return score;
  }

  private static Structured annotations(ToolAnnotations a) {
    Structured.ObjBuilder b = Structured.object()
        .put("readOnlyHint", a.readOnly())
        .put("destructiveHint", a.destructive());
    Boolean idempotent = a.idempotent();
    if (idempotent != null) {
      b.put("idempotentHint", idempotent.booleanValue());
    }
    return b.put("openWorldHint", a.openWorld()).build();
  }

  private static String kind(ToolAnnotations a) {
    if (a.readOnly()) {
      return "Read-only.";
    }
    return a.destructive() ? "Changes data (destructive)." : "Changes data.";
  }

  private static boolean available(ToolDirectory tools, String name, CallContext context) {
    return tools.problem(name, context) == null;
  }

  static String withoutRegionsNote(String description) {
    String suffix = "\n\n" + ToolSpec.REGIONS_NOTE;
    return description.endsWith(suffix) ? description.substring(0, description.length() - suffix.length())
        : description;
  }

  private static String json(Map<String, Object> schema) {
    return JsonText.of(schema);
  }

  /** A JSON Schema (server-written) as structured content. */
  @SuppressWarnings("unchecked")
  static Structured structured(@Nullable Object value) {
    if (value == null) {
      return Structured.NULL;
    }
    if (value instanceof Map<?, ?> m) {
      Structured.ObjBuilder b = Structured.object();
      for (Map.Entry<?, ?> e : new LinkedHashMap<>((Map<Object, Object>) m).entrySet()) {
        b.put(String.valueOf(e.getKey()), structured(e.getValue()));
      }
      return b.build();
    }
    if (value instanceof List<?> l) {
      List<Structured> items = new ArrayList<>();
      for (Object o : l) {
        items.add(structured(o));
      }
      return Structured.array(items);
    }
    if (value instanceof Boolean bool) {
      return Structured.of(bool);
    }
    if (value instanceof Number num) {
      return Structured.of(num);
    }
    return Structured.str(String.valueOf(value));
  }
}
