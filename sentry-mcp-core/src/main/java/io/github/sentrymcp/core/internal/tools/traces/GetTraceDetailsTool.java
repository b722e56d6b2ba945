package io.github.sentrymcp.core.internal.tools.traces;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.OrganizationRegions;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_trace_details}: a condensed view of one trace.
 *
 * <p>Requests, in order: the organization's region ({@code GET /organizations/{org}/}, see {@link
 * OrganizationRegions}; skipped with an explicit {@code regionUrl} and cached per engine), then {@code GET
 * /organizations/{org}/trace-meta/{traceId}/?statsPeriod=14d}, then {@code GET
 * /organizations/{org}/trace/{traceId}/?limit=<n>&project=-1&statsPeriod=14d} with n = span count + error count
 * from the meta, clamped to [{@value #MIN_FETCH_LIMIT}, {@value #MAX_FETCH_LIMIT}] ({@value #MAX_FOCUSED_FETCH_LIMIT}
 * when a span is focused).
 *
 * <p>The meta and trace requests run one after the other, as in the reference server, rather than concurrently
 * with a fixed {@code limit=1000}. Both would return the same spans (Sentry returns at most {@code min(limit,
 * total)} spans, and the clamp never goes below the total unless the total is over the cap), but the sequential
 * form keeps the wire contract ({@code limit} derived from the meta), asks Sentry for no more than the trace holds
 * (the trace query is sized by {@code limit}), and needs the meta anyway for the focused form whose cap is 10,000.
 * The cost is one extra round trip.
 *
 * <p>The trace endpoint is organization-scoped, so the tool does no project ownership check (as in the reference);
 * under a project constraint the result says that spans of other projects may appear.
 */
final class GetTraceDetailsTool extends AbstractSentryTool {
  static final int MIN_FETCH_LIMIT = 50;
  static final int MAX_FETCH_LIMIT = 1000;
  static final int MAX_FOCUSED_FETCH_LIMIT = 10_000;
  static final String STATS_PERIOD = "14d";

  /** Span ids are 16 hex characters; a span may also be addressed by its 32-character event id. */
  static final Pattern SPAN_ID = Pattern.compile("[0-9a-fA-F]{1,32}");

  static final String DESCRIPTION = String.join("\n",
      "Get detailed information about a specific Sentry trace by ID.",
      "",
      "Use this tool when you need to:",
      "- Get an overview of a trace from its trace ID (e.g. 'a4d1aae7216b47ff8117cf4e09ce9d0a')",
      "- See trace statistics: span, error, performance issue and log counts",
      "- See which operations dominate a trace and which spans take the longest",
      "- Focus on one span of a trace and its children",
      "",
      "Do not use it to search for traces (use search_events) or to enumerate every span of a trace.",
      "",
      "<examples>",
      "get_trace_details(organizationSlug='my-organization', traceId='a4d1aae7216b47ff8117cf4e09ce9d0a')",
      "get_trace_details(organizationSlug='my-organization', traceId='a4d1aae7216b47ff8117cf4e09ce9d0a',"
          + " spanId='aa8e7f3384ef4ff5')",
      "</examples>",
      "",
      "<hints>",
      "- Trace IDs are 32-character hexadecimal strings; span IDs are 16 hexadecimal characters.",
      "- The result is a condensed overview (at most 96 spans), not a full span dump.",
      "- Pass spanId to focus on one span: its details, attributes and a snapshot of its children.",
      "- Traces are organization-wide: they can contain spans from several projects.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_trace_details", "Get trace details", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("traceId", "The trace ID: 32 hexadecimal characters, e.g. 'a4d1aae7216b47ff8117cf4e09ce9d0a'.")
          .required().pattern(Params.HEX32).add()
          .string("spanId", "Optional span ID (16 hexadecimal characters) to focus on one span of the trace.")
          .nullable().minLength(1).maxLength(32).pattern(SPAN_ID).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final OrganizationRegions regions;
  private final WebLinks links;

  GetTraceDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.regions = new OrganizationRegions();
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String spanIdArg = args.nonBlank("spanId");
    return details(call, args.requireString("organizationSlug"), args.nonBlank("regionUrl"),
        args.requireString("traceId"), spanIdArg);
  }

  /**
   * The trace overview, or with a span id the span-focused view (also {@code get_span_details}'s result); the ids are
   * validated already, hex letters in either case.
   */
  ToolResult details(ToolCall call, String org, @Nullable String regionUrl, String traceIdArg,
      @Nullable String spanIdArg) {
    CallContext context = call.context();
    String traceId = traceIdArg.toLowerCase(Locale.ROOT);
    String spanId = spanIdArg == null ? null : spanIdArg.toLowerCase(Locale.ROOT);

    OrganizationRegions.Resolution region = regions.resolution(call.api(), regionUrl, org);
    SentryApiClient api = region.client();
    call.checkCancelled();

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("traceId", traceId);
    SentryJson meta = NotFoundHints.withHint(used, () -> api.get(
        ApiPath.of("/organizations/{org}/trace-meta/{traceId}/", org, traceId),
        Query.create().add("statsPeriod", STATS_PERIOD)).jsonObject("traceMeta"));
    call.checkCancelled();

    OptionalDouble spanCount = meta.get("span_count").asDouble();
    OptionalDouble errors = meta.get("errors").asDouble();
    int limit = fetchLimit(spanCount, errors, spanId == null ? MAX_FETCH_LIMIT : MAX_FOCUSED_FETCH_LIMIT);
    SentryJson trace = NotFoundHints.withHint(used, () -> traceBody(api.get(
        ApiPath.of("/organizations/{org}/trace/{traceId}/", org, traceId),
        Query.create().add("limit", limit).add("project", "-1").add("statsPeriod", STATS_PERIOD))));

    TraceOverview overview = TraceOverview.of(trace);
    if (overview.isEmpty() && overview.standaloneErrors().isEmpty() && TraceOverview.topLevel(trace).size() > 0) {
      // entries there are, but not one is a span or an error: nothing the overview could show is in them
      throw trace.malformed("holds neither a span nor an error among the entries of the trace");
    }
    int fetched = overview.allSpans().size();
    boolean complete = spanCount.isEmpty() || fetched >= spanCount.getAsDouble();

    ToolResult.Builder doc = ToolResult.builder()
        .truncationHint("Focus on one span with get_trace_details and its spanId, or page through the trace's spans"
            + " with search_events (dataset spans, query trace:" + traceId + ").");
    if (spanId != null) {
      SentryJson span = overview.find(spanId);
      if (span == null) {
        String where = complete ? "" : " The trace was fetched only partly (" + fetched + " of "
            + TraceOverview.count(spanCount) + " spans), so the span may be in the part not fetched.";
        throw SentryMcpException.notFound("Span " + spanId + " was not found in trace " + traceId
            + " of organization " + org + "." + where + " Check the spanId, or call get_trace_details without"
            + " spanId for an overview of the trace.");
      }
      focused(doc, org, traceId, spanId, span, overview, spanCount);
    } else {
      overviewDoc(doc, org, traceId, meta, overview, spanCount, errors);
    }
    notes(doc, region, context, complete, fetched, spanCount, limit);
    nextSteps(doc, org, traceId, spanId != null);
    return doc.build();
  }

  /**
   * The trace: a list of root spans, or the older object with a {@code transactions} (or {@code orphan_errors}) list.
   *
   * @throws io.github.sentrymcp.api.ApiException of kind upstream error for any other shape
   */
  private static SentryJson traceBody(ApiResponse response) {
    SentryJson trace = response.json("trace");
    if (!trace.isArray() && !trace.get("transactions").isArray() && !trace.get("orphan_errors").isArray()) {
      throw response.wrongShape(trace, "a list");
    }
    return trace;
  }

  /** span count + error count, clamped to [{@value #MIN_FETCH_LIMIT}, max]. */
  static int fetchLimit(OptionalDouble spanCount, OptionalDouble errors, int max) {
    double total = Math.max(0, spanCount.orElse(0)) + Math.max(0, errors.orElse(0));
    long n = total >= max ? max : Math.round(Math.ceil(total));
    return (int) Math.min(max, Math.max(MIN_FETCH_LIMIT, n));
  }

  private void overviewDoc(ToolResult.Builder doc, String org, String traceId, SentryJson meta,
      TraceOverview overview, OptionalDouble spanCount, OptionalDouble errors) {
    doc.heading(1, "Trace `" + traceId + "` in " + org);
    doc.heading(2, "Summary");
    doc.fieldText("Total Spans", TraceOverview.count(spanCount));
    doc.fieldText("Errors", TraceOverview.count(errors));
    doc.fieldText("Performance Issues", TraceOverview.count(meta.get("performance_issues").asDouble()));
    doc.fieldText("Logs", TraceOverview.count(meta.get("logs").asDouble()));

    List<TraceOverview.OpStat> ops = overview.operationBreakdown();
    if (!ops.isEmpty()) {
      doc.heading(2, "Operation Breakdown");
      doc.paragraph("Leaf spans by operation (averaging at least "
          + (int) TraceOverview.MIN_AVG_DURATION_MS + "ms):");
      List<List<Inline>> items = new ArrayList<>();
      for (TraceOverview.OpStat s : ops) {
        Untrusted op = s.op();
        items.add(List.of(op == null ? Inline.text("(no operation)") : Inline.data(op),
            Inline.text(": " + s.count() + (s.count() == 1 ? " span" : " spans") + " (avg: "
                + Math.round(s.avgMs()) + "ms, p95: " + Math.round(s.p95Ms()) + "ms)")));
      }
      doc.bullets(items);
    }

    if (!overview.isEmpty()) {
      List<TraceOverview.Node> selected = overview.selectOverview();
      int shown = 0;
      for (TraceOverview.Node n : selected) {
        shown += n.size();
      }
      doc.heading(2, "Overview");
      doc.paragraph("Each line: description [operation · duration · span ID], children indented.");
      doc.paragraph(TraceOverview.renderTree(selected).toArray(Inline[]::new));
      doc.paragraph("*Overview shows " + shown + " of " + TraceOverview.count(spanCount) + " spans.*");
    }

    List<SentryJson> standalone = overview.standaloneErrors();
    if (!standalone.isEmpty()) {
      doc.heading(2, "Errors Outside Spans");
      List<List<Inline>> items = new ArrayList<>();
      for (SentryJson e : standalone.subList(0, Math.min(TraceOverview.MAX_STANDALONE_ERRORS, standalone.size()))) {
        List<Inline> item = new ArrayList<>();
        Untrusted title = e.get("title").nonEmptyText();
        item.add(title == null ? Inline.text("(untitled error)") : Inline.data(title.truncate(200)));
        Untrusted project = e.get("project_slug").nonEmptyText();
        if (project != null) {
          item.add(Inline.text(" (project "));
          item.add(Inline.data(project));
          item.add(Inline.text(")"));
        }
        items.add(item);
      }
      doc.bullets(items);
      if (standalone.size() > TraceOverview.MAX_STANDALONE_ERRORS) {
        doc.paragraph("*" + (standalone.size() - TraceOverview.MAX_STANDALONE_ERRORS) + " more not shown.*");
      }
    }

    doc.heading(2, "View Full Trace");
    doc.fieldText("Sentry URL", links.trace(org, traceId));
  }

  private void focused(ToolResult.Builder doc, String org, String traceId, String spanId, SentryJson span,
      TraceOverview overview, OptionalDouble spanCount) {
    doc.heading(1, "Span `" + spanId + "` in Trace `" + traceId + "` in " + org);
    doc.heading(2, "Summary");
    doc.field("Span ID", TraceOverview.spanId(span));
    doc.field("Project", span.get("project_slug").nonEmptyText());
    doc.field("Operation", span.get("op").nonEmptyText());
    doc.field("Description", span.get("description").nonEmptyText());
    doc.fieldText("Duration", TraceOverview.durationText(span.get("duration")));
    if (span.get("exclusive_time").isNumber()) {
      doc.fieldText("Exclusive Time", TraceOverview.durationText(span.get("exclusive_time")));
    }
    doc.field("Status", span.get("status").nonEmptyText());
    Untrusted parent = span.get("parent_span_id").nonEmptyText();
    if (parent == null) {
      doc.fieldText("Parent Span ID", "none (root span)");
    } else {
      doc.field("Parent Span ID", parent);
    }
    doc.fieldText("Transaction", TraceOverview.isTransaction(span) ? "yes" : "no");
    doc.fieldText("Child Spans", Integer.toString(TraceOverview.children(span).size()));
    int descendants = TraceOverview.descendantCount(span);
    doc.fieldText("Descendant Spans", Integer.toString(descendants));
    doc.fieldText("Errors", Integer.toString(span.get("errors").size()));
    doc.field("SDK", span.get("sdk_name").nonEmptyText());
    doc.fieldText("Trace Total Spans", TraceOverview.count(spanCount));

    TraceOverview.Node subtree = overview.selectSubtree(span);
    doc.heading(2, "Child Snapshot");
    doc.paragraph("Each line: description [operation · duration · span ID], children indented.");
    doc.paragraph(TraceOverview.renderTree(List.of(subtree)).toArray(Inline[]::new));
    doc.paragraph("*Child snapshot shows " + (subtree.size() - 1) + " of " + descendants + " descendant spans.*");

    doc.heading(2, "View Full Span");
    doc.fieldText("Sentry URL", links.trace(org, traceId) + "?node=span-" + ApiPath.percentEncode(spanId));

    doc.heading(2, "Attributes");
    attributes(doc, "Tags", span.get("tags"));
    attributes(doc, "Data", span.get("data"));
    attributes(doc, "Measurements", span.get("measurements"));
    attributes(doc, "Additional Attributes", span.get("additional_attributes"));
    attributes(doc, "Errors", span.get("errors"));
    attributes(doc, "Occurrences", span.get("occurrences"));
  }

  /** A span attribute map or list as a JSON data block; nothing when absent or empty. */
  private static void attributes(ToolResult.Builder doc, String label, SentryJson value) {
    if (value.size() == 0) {
      return;
    }
    Untrusted json = value.asJsonText();
    if (json != null) {
      doc.data(label, json);
    }
  }

  private static void notes(ToolResult.Builder doc, OrganizationRegions.Resolution region, CallContext context,
      boolean complete, int fetched, OptionalDouble spanCount, int limit) {
    List<String> notes = new ArrayList<>();
    if (!complete) {
      notes.add("Sentry returned " + fetched + " of " + TraceOverview.count(spanCount) + " spans (limit " + limit
          + "); the overview and breakdown cover the fetched spans. The searches under Next Steps"
          + " reach the rest.");
    }
    if (region.regionRejected()) {
      notes.add("Sentry named a region host for this organization that is not on the region allowlist, so no"
          + " request was sent there; the configured Sentry host answered instead.");
    }
    if (context.constraints().projectSlug() != null) {
      notes.add("Traces are organization-wide: spans from projects other than "
          + context.constraints().projectSlug() + " can appear in this trace.");
    }
    if (!notes.isEmpty()) {
      doc.heading(2, "Response Notes");
      List<List<Inline>> items = new ArrayList<>();
      for (String n : notes) {
        items.add(List.of(Inline.text(n)));
      }
      doc.bullets(items);
    }
  }

  private static void nextSteps(ToolResult.Builder doc, String org, String traceId, boolean spanFocused) {
    doc.heading(2, "Next Steps");
    List<List<Inline>> items = new ArrayList<>();
    items.add(List.of(Inline.text((spanFocused ? "Other spans" : "More spans") + ", errors or logs: "),
        Inline.code("search_events"), Inline.text(" with dataset spans, errors or logs and query "),
        Inline.code("trace:" + traceId)));
    if (spanFocused) {
      items.add(List.of(Inline.text("Whole trace: "), Inline.code("get_trace_details"),
          Inline.text(" without spanId.")));
    } else {
      items.add(List.of(Inline.text("One span in depth: "), Inline.code("get_trace_details"),
          Inline.text(" with its spanId.")));
    }
    doc.bullets(items);
  }

}
