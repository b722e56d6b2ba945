package io.github.sentrymcp.core.internal.tools.outcomes;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code find_dropped_events}: what Sentry received but dropped (rate limited, filtered, invalid, ...) next to what
 * it accepted, bucketed over time ({@code GET /organizations/{org}/events-dropped/}, after {@code GET
 * /projects/{org}/{project}/} for the project's id when a project is given).
 *
 * <p>The markdown sums the buckets by outcome and reason and lists the buckets with drops (at most {@value
 * #MAX_ROWS}); the structured content has the buckets themselves (at most {@value #MAX_BUCKETS} of each kind).
 */
final class FindDroppedEventsTool extends AbstractSentryTool {

  static final List<String> DATASETS = List.of("spans", "logs", "metrics", "errors");
  static final List<String> OUTCOMES =
      List.of("rate_limited", "filtered", "invalid", "abuse", "client_discard", "cardinality_limited");

  /** Relative windows and bucket sizes Sentry accepts, e.g. {@code 24h}, {@code 30m}. */
  static final Pattern SPAN = Pattern.compile("\\d{1,6}[smhdw]");
  static final Pattern REASON = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}");
  static final Pattern ISO_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})?");

  /** The referrer Sentry records for these requests (the reference's). */
  static final String REFERRER = "api.mcp.search-events";

  static final int MAX_ROWS = 40;
  static final int MAX_BUCKETS = 200;

  private static final TrustClass TRUST = TrustClass.UNTRUSTED_AUTHENTICATED;

  static final String DESCRIPTION = String.join("\n",
      "Find data Sentry received but dropped before storing it (rate limits, quotas, filters, invalid data,"
          + " spike protection, client-side sampling), next to the accepted volume.",
      "",
      "Use this tool when you need to:",
      "- Explain a chart or count that is lower than expected, flat or spiky",
      "- Check that data was not dropped before trusting a search or dashboard",
      "- Tell which outcome and reason (e.g. rate_limited / key_quota) caused missing data",
      "",
      "<examples>",
      "find_dropped_events(organizationSlug='my-org', dataset='spans', projectSlug='my-project')",
      "find_dropped_events(organizationSlug='my-org', dataset='errors', statsPeriod='7d', outcome='rate_limited')",
      "</examples>",
      "",
      "<hints>",
      "- Independent of any search query: it covers the whole project or organization and window.",
      "- outcome/reason narrow the dropped side only; accepted volume is always complete.",
      "- No drops in the window means the stored data is complete.",
      "</hints>");

  private static final Map<String, Object> BUCKET = object(
      "outcome", string("Drop kind, e.g. rate_limited, filtered (accepted for accepted volume)."),
      "reason", string("Sub-cause, e.g. key_quota, sample_rate."),
      "category", string("Data category, e.g. span, error."),
      "start", leaf("integer", "Bucket start, epoch milliseconds."),
      "end", leaf("integer", "Bucket end, epoch milliseconds."),
      "count", leaf("integer", "Items in the bucket."));

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "dataset", string("The dataset reported."),
      "interval", nullableInteger("Bucket size in milliseconds."),
      "droppedTotal", leaf("integer", "Dropped items in the window (all buckets)."),
      "acceptedTotal", leaf("integer", "Accepted items in the window (all buckets)."),
      "droppedEvents", array(BUCKET, "Dropped volume per bucket, outcome and reason."),
      "acceptedEvents", array(BUCKET, "Accepted volume per bucket."),
      "truncated", bool("True when a bucket list was cut to " + MAX_BUCKETS + " entries."));

  static final ToolSpec SPEC = ToolSpec.builder("find_dropped_events", "Find dropped events", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("dataset", "Data type to report drops for (default spans).")
          .nullable().enumValues(DATASETS).defaultValue("spans").add()
          .add(Params.projectSlug(false))
          .string("statsPeriod", "Relative window, e.g. 24h, 7d (not with start/end).")
          .nullable().pattern(SPAN).add()
          .string("start", "ISO-8601 start; with end.").nullable().check(FindDroppedEventsTool::timeProblem).add()
          .string("end", "ISO-8601 end; with start.").nullable().check(FindDroppedEventsTool::timeProblem).add()
          .string("interval", "Bucket size, e.g. 1h, 1d (default: Sentry picks).").nullable().pattern(SPAN).add()
          .string("outcome", "Only this drop kind on the dropped side.").nullable().enumValues(OUTCOMES).add()
          .string("reason", "Only this drop reason, e.g. spike_protection.").nullable().pattern(REASON).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT)
      .build();

  FindDroppedEventsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.nonBlank("projectSlug");
    String dataset = args.nonBlank("dataset") == null ? "spans" : args.requireString("dataset");
    String period = args.nonBlank("statsPeriod");
    String start = args.nonBlank("start");
    String end = args.nonBlank("end");
    checkWindow(period, start, end);

    SentryApiClient api = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    if (project != null) {
      used.put("projectSlug", project);
    }
    Long projectId = null;
    if (project != null) {
      SentryJson p = NotFoundHints.withHint(used, call.constraints(),
          () -> api.get(ApiPath.of("/projects/{org}/{project}/", org, project)).jsonObject("project", TRUST));
      projectId = p.get("id").requireLong("project id");
      call.checkCancelled();
    }
    Query q = Query.create()
        .add("dataset", dataset.equals("metrics") ? "tracemetrics" : dataset)
        .add("interval", args.nonBlank("interval"));
    if (period != null) {
      q.add("statsPeriod", period);
    } else {
      q.add("start", start).add("end", end);
    }
    if (projectId != null) {
      q.add("project", projectId);
    }
    q.add("outcome", args.nonBlank("outcome")).add("reason", args.nonBlank("reason")).add("referrer", REFERRER);
    SentryJson body = NotFoundHints.withHint(used, call.constraints(),
        () -> api.get(ApiPath.of("/organizations/{org}/events-dropped/", org), q).jsonObject("outcomes", TRUST));

    List<Bucket> dropped = buckets(body.get("droppedEvents"));
    List<Bucket> accepted = buckets(body.get("acceptedEvents"));
    OptionalLongValue interval = OptionalLongValue.of(body.path("meta", "interval"));
    return render(org, project, dataset, period, start, end, interval.value(), dropped, accepted);
  }

  /** One bucket of the answer; texts as Sentry gave them. */
  record Bucket(@Nullable Untrusted outcome, @Nullable Untrusted reason, @Nullable Untrusted category, long start,
      long end, long count) {}

  /** A number of the answer (integral or not), or null. */
  private record OptionalLongValue(@Nullable Long value) {
    static OptionalLongValue of(SentryJson n) {
      var d = n.asDouble();
      return new OptionalLongValue(d.isPresent() && Double.isFinite(d.getAsDouble())
          ? Math.round(d.getAsDouble()) : null);
    }
  }

  private static List<Bucket> buckets(SentryJson list) {
    // one bucket with an odd count is shown as 0; counts that are all present and none a number mean the answer is
    // not the outcomes list
    boolean anyNumber = list.items().stream().anyMatch(b -> b.get("count").isNumber());
    for (SentryJson b : list.items()) {
      if (!anyNumber && b.isObject() && b.get("count").isPresent()) {
        throw b.get("count").malformed("has bucket counts that are not numbers");
      }
    }
    List<Bucket> out = new ArrayList<>();
    for (SentryJson b : list.items()) {
      if (!b.isObject()) {
        continue;
      }
      Long count = OptionalLongValue.of(b.get("count")).value();
      Long start = OptionalLongValue.of(b.get("start")).value();
      Long end = OptionalLongValue.of(b.get("end")).value();
      out.add(new Bucket(b.get("outcome").nonEmptyText(), b.get("reason").nonEmptyText(),
          b.get("category").nonEmptyText(), start == null ? 0 : start, end == null ? 0 : end,
          count == null ? 0 : count));
    }
    return out;
  }

  private ToolResult render(String org, @Nullable String project, String dataset, @Nullable String period,
      @Nullable String start, @Nullable String end, @Nullable Long interval, List<Bucket> dropped,
      List<Bucket> accepted) {
    long droppedTotal = dropped.stream().mapToLong(Bucket::count).sum();
    long acceptedTotal = accepted.stream().mapToLong(Bucket::count).sum();
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Dropped " + dataset + " in " + org + (project == null ? "" : "/" + project));
    doc.fieldText("Window", (period != null ? "last " + period : start != null ? start + " to " + end
        : "Sentry's default") + (interval == null ? "" : ", buckets of " + duration(interval)));
    long received = droppedTotal + acceptedTotal;
    doc.fieldText("Accepted", Long.toString(acceptedTotal));
    doc.fieldText("Dropped", droppedTotal + (received == 0 ? ""
        : String.format(Locale.ROOT, " (%.1f%% of received)", 100.0 * droppedTotal / received)));
    if (droppedTotal == 0) {
      doc.paragraph(dropped.isEmpty() ? "No drops in this window: the stored data is complete."
          : "Sentry reported drop buckets, all with a count of 0.");
    } else {
      renderTotals(doc, dropped);
      renderBuckets(doc, dropped);
    }
    boolean truncated = dropped.size() > MAX_BUCKETS || accepted.size() > MAX_BUCKETS;
    doc.structured(Structured.object()
        .putText("dataset", dataset)
        .put("interval", interval)
        .put("droppedTotal", droppedTotal)
        .put("acceptedTotal", acceptedTotal)
        .put("droppedEvents", structured(dropped))
        .put("acceptedEvents", structured(accepted))
        .put("truncated", truncated)
        .build());
    return doc.build();
  }

  /** Drops summed by outcome, reason and category, largest first. */
  private static void renderTotals(ToolResult.Builder doc, List<Bucket> dropped) {
    List<Bucket> sums = new ArrayList<>();
    for (Bucket b : dropped) {
      int i = indexOf(sums, b);
      if (i < 0) {
        sums.add(new Bucket(b.outcome(), b.reason(), b.category(), 0, 0, b.count()));
      } else {
        Bucket s = sums.get(i);
        sums.set(i, new Bucket(s.outcome(), s.reason(), s.category(), 0, 0, s.count() + b.count()));
      }
    }
    sums.sort((a, b) -> Long.compare(b.count(), a.count()));
    List<List<Inline>> rows = new ArrayList<>();
    for (Bucket s : sums.subList(0, Math.min(sums.size(), MAX_ROWS))) {
      if (s.count() > 0) {
        rows.add(List.of(Rendering.cell(s.outcome()), Rendering.cell(s.reason()), Rendering.cell(s.category()),
            Inline.text(Long.toString(s.count()))));
      }
    }
    doc.heading(2, "Drops by outcome and reason")
        .table(List.of("Outcome", "Reason", "Category", "Count"), rows);
    if (sums.size() > MAX_ROWS) {
      doc.paragraph((sums.size() - MAX_ROWS) + " more outcome/reason pairs not shown.");
    }
  }

  /** The buckets with drops, in time order. */
  private static void renderBuckets(ToolResult.Builder doc, List<Bucket> dropped) {
    List<Bucket> nonZero = new ArrayList<>(dropped.stream().filter(b -> b.count() > 0).toList());
    nonZero.sort((a, b) -> Long.compare(a.start(), b.start()));
    List<List<Inline>> rows = new ArrayList<>();
    for (Bucket b : nonZero.subList(0, Math.min(nonZero.size(), MAX_ROWS))) {
      rows.add(List.of(Inline.text(b.start() > 0 ? Instant.ofEpochMilli(b.start()).toString() : "-"),
          Rendering.cell(b.outcome()), Rendering.cell(b.reason()), Inline.text(Long.toString(b.count()))));
    }
    doc.heading(2, "Buckets with drops").table(List.of("Start", "Outcome", "Reason", "Count"), rows);
    if (nonZero.size() > MAX_ROWS) {
      doc.paragraph((nonZero.size() - MAX_ROWS) + " more buckets with drops not shown; narrow the window or"
          + " use a larger interval.");
    }
  }

  private static int indexOf(List<Bucket> sums, Bucket b) {
    for (int i = 0; i < sums.size(); i++) {
      Bucket s = sums.get(i);
      if (same(s.outcome(), b.outcome()) && same(s.reason(), b.reason()) && same(s.category(), b.category())) {
        return i;
      }
    }
    return -1;
  }

  private static boolean same(@Nullable Untrusted a, @Nullable Untrusted b) {
    return a == null ? b == null : b != null && a.sameText(b);
  }

  private static Structured.Arr structured(List<Bucket> buckets) {
    List<Structured> items = new ArrayList<>();
    for (Bucket b : buckets.subList(0, Math.min(buckets.size(), MAX_BUCKETS))) {
      items.add(Structured.object()
          .put("outcome", Structured.of(b.outcome() == null ? empty() : b.outcome()))
          .put("reason", Structured.of(b.reason() == null ? empty() : b.reason()))
          .put("category", Structured.of(b.category() == null ? empty() : b.category()))
          .put("start", b.start())
          .put("end", b.end())
          .put("count", b.count())
          .build());
    }
    return Structured.array(items);
  }

  private static Untrusted empty() {
    return Untrusted.of("", "outcomes", TRUST);
  }

  /** A bucket size in milliseconds as server text, e.g. {@code 1h}. */
  static String duration(long ms) {
    if (ms > 0 && ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms > 0 && ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms > 0 && ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    return ms + "ms";
  }

  private static void checkWindow(@Nullable String period, @Nullable String start, @Nullable String end) {
    if (period != null && (start != null || end != null)) {
      throw SentryMcpException.invalidInput("Give either statsPeriod or start and end, not both.");
    }
    if ((start == null) != (end == null)) {
      throw SentryMcpException.invalidInput("start and end go together: give both (ISO-8601), or statsPeriod.");
    }
    if (start != null && end != null) {
      Instant from = instant(start);
      Instant to = instant(end);
      if (from != null && to != null && !from.isBefore(to)) {
        throw SentryMcpException.invalidInput("start must be before end.");
      }
    }
  }

  private static @Nullable String timeProblem(String value) {
    return instant(value) == null ? "must be an ISO-8601 date and time such as 2025-04-01T00:00:00Z" : null;
  }

  /** The instant of an ISO-8601 time (UTC when it has no offset), or null when invalid. */
  static @Nullable Instant instant(String value) {
    if (!ISO_TIME.matcher(value).matches()) {
      return null;
    }
    try {
      boolean offset = value.endsWith("Z") || value.lastIndexOf('+') > 0 || value.lastIndexOf('-') > 9;
      return offset ? OffsetDateTime.parse(value).toInstant() : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
