package io.github.sentrymcp.core.internal.tools.events;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
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
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code search_events}: one page of an organization's (or a project's) errors, spans, logs, trace metrics, profiles
 * or replays, filtered with Sentry's search syntax.
 *
 * <p>This library has no embedded LLM, so the tool always runs in the reference server's "direct mode": the
 * {@code query} is sent as given, {@code fields} default per dataset ({@link #DEFAULT_FIELDS}), {@code sort} to
 * {@code -timestamp} ({@code -started_at} for replays; the first aggregate, descending, when the fields hold
 * aggregates) and {@code period} to {@code 14d}. An {@code environment} is added to the query as
 * {@code environment:<v>} or {@code environment:[a,b]} (replays take it as request parameters).
 *
 * <p>Requests: {@code GET /projects/{org}/{project}/} for the numeric id when a project is given; for every dataset
 * but replays {@code GET /organizations/{org}/events/validate/} (an invalid search, HTTP 400 or {@code valid: false},
 * is an input error with Sentry's explanation as data) and then {@code GET /organizations/{org}/events/}; for replays
 * {@code GET /organizations/{org}/replays/}.
 *
 * <p>The result is one table whose columns are the requested fields (validated identifiers, server text); each row's
 * values are read by those names, so the keys of Sentry's answer never become headers.
 */
final class SearchEventsTool extends AbstractSentryTool {
  static final List<String> DATASETS = List.of("spans", "errors", "logs", "metrics", "profiles", "replays");
  static final String DEFAULT_DATASET = "errors";
  static final String DEFAULT_PERIOD = "14d";
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_FIELDS = 30;
  static final int MAX_VALUE_CHARS = 200;
  static final String REFERRER = "api.mcp.search-events";

  static final Map<String, List<String>> DEFAULT_FIELDS = Map.of(
      "errors", List.of("issue", "title", "project", "timestamp", "level", "message", "error.type", "culprit",
          "user.email", "user.id"),
      "logs", List.of("timestamp", "project", "message", "severity", "trace"),
      "spans", List.of("id", "span.op", "span.description", "span.duration", "transaction", "timestamp", "project",
          "trace"),
      "metrics", List.of("id", "timestamp", "project", "trace", "metric.name", "metric.type", "metric.unit",
          "value"),
      "profiles", List.of("project", "profile.id", "profiler.id", "thread.id", "timestamp", "transaction",
          "transaction.duration", "release", "environment", "trace", "precise.start_ts", "precise.finish_ts"),
      // replays: paths into each replay object (the replays endpoint takes no field list)
      "replays", List.of("id", "started_at", "duration", "count_errors", "user.display_name", "environment"));

  static final List<String> METRIC_IDENTITY = List.of("metric.name", "metric.type", "metric.unit");

  /**
   * A field: an attribute name ({@code span.op}, {@code tags[foo]}) or a function call ({@code count()},
   * {@code p95(span.duration)}). No spaces, quotes, pipes or slashes, so it is safe as a column header.
   */
  static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_@][A-Za-z0-9_.:@\\[\\]()\\-,]{0,199}");

  /** A field, optionally prefixed with {@code -} for descending. */
  static final Pattern SORT = Pattern.compile("-?" + FIELD.pattern());

  /** An environment name as it can appear in a search filter: no whitespace, quotes, commas, brackets or slashes. */
  static final Pattern ENVIRONMENT = Pattern.compile("[^\\s\"',\\[\\]/\\\\]{1,64}");

  /** Where the caller's query appears in results (it may have been copied from Sentry data). */
  static final String QUERY_SOURCE = "arguments.query";

  static final String DESCRIPTION = String.join("\n",
      "Search a Sentry organization's errors, spans, logs, trace metrics, profiles or replays.",
      "",
      "Use this tool when you need to:",
      "- Find error events, slow spans or transactions, log lines, metric samples, profiles or replays",
      "- Count or aggregate events (fields such as 'count()' or 'p95(span.duration)')",
      "",
      "`query` is Sentry search syntax and is sent as given (this server does not translate natural language).",
      "",
      "<examples>",
      "search_events(organizationSlug='my-org', dataset='errors', query='level:error environment:production')",
      "search_events(organizationSlug='my-org', dataset='spans', query='is_transaction:true span.duration:>1s',"
          + " sort='-span.duration')",
      "search_events(organizationSlug='my-org', dataset='logs', query='severity:error', period='24h')",
      "search_events(organizationSlug='my-org', dataset='errors', fields=['issue', 'count()'], sort='-count()')",
      "</examples>",
      "",
      "<hints>",
      "- dataset defaults to errors; metrics searches trace metrics (metric.name, metric.type, value).",
      "- fields are the table's columns; each dataset has defaults. Fields with functions aggregate the rows.",
      "- sort is a field, '-' for descending (default -timestamp, replays -started_at); it is added to the fields.",
      "- period is a relative time range such as 1h, 24h, 7d or 2w (default 14d).",
      "- For issues (grouped errors) use search_issues; for one issue's events search_issue_events.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("search_events", "Search events", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .string("dataset", "What to search: errors (default), spans, logs, metrics (trace metrics), profiles or"
              + " replays.")
          .nullable().enumValues(DATASETS).defaultValue(DEFAULT_DATASET).add()
          .add(Params.query("Sentry search query, e.g. 'level:error environment:production' or"
              + " 'span.op:db span.duration:>100ms'. Sent to Sentry as given."))
          .stringArray("fields", "The columns to return, e.g. ['title', 'count()']. Default: per dataset.")
          .nullable().maxLength(200)
          .check(v -> FIELD.matcher(v).matches() ? null
              : "must be a field name or function such as 'span.op' or 'count()' (letters, digits, '_', '.', ':',"
                  + " '@', '-', ',', brackets and parentheses)")
          .add()
          .string("sort", "Sort field, prefixed with '-' for descending. Default: -timestamp (replays:"
              + " -started_at).")
          .nullable().maxLength(201)
          .check(v -> v.isEmpty() || SORT.matcher(v).matches() ? null
              : "must be a field name or function, optionally prefixed with '-'")
          .add()
          .add(Params.projectSlug(false))
          .stringOrArray("environment", "Only events of this environment, or of any of these environments.")
          .nullable().minLength(1).maxLength(64)
          .check(v -> ENVIRONMENT.matcher(v).matches() ? null
              : "must be an environment name without whitespace, quotes, commas, brackets or slashes")
          .add()
          .string("period", "Relative time range such as 1h, 24h, 7d or 2w. Default: 14d.")
          .nullable().pattern(Params.PERIOD).defaultValue(DEFAULT_PERIOD).add()
          .add(Params.regionUrl())
          .integer("limit", "Maximum number of rows to return (1-100, default: 10).")
          .minimum(1).maximum(100).defaultValue((long) DEFAULT_LIMIT).add()
          .bool("includeExplanation", "Include a note on how the query was interpreted.")
          .defaultValue(false).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final WebLinks links;

  SearchEventsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  /** The search as decided from the arguments: every part but {@code query} is a validated identifier. */
  record Search(String dataset, @Nullable String query, List<String> fields, String sort, String period, int limit,
      List<String> environments, boolean explicitFields, boolean explicitSort) {

    boolean replays() {
      return dataset.equals("replays");
    }

    /** The dataset name Sentry's events endpoint knows. */
    String apiDataset() {
      return dataset.equals("metrics") ? "tracemetrics" : dataset;
    }
  }

  static boolean isAggregate(String field) {
    return field.indexOf('(') >= 0;
  }

  /** Decides fields, sort and query from the arguments (no request). */
  static Search plan(Args args) {
    String dataset = args.nonBlank("dataset") == null ? DEFAULT_DATASET : args.nonBlank("dataset");
    List<String> given = args.strings("fields");
    if (given.size() > MAX_FIELDS) {
      throw invalid("fields: at most " + MAX_FIELDS + " fields.");
    }
    boolean explicitFields = !given.isEmpty();
    List<String> fields = new ArrayList<>(explicitFields ? given : DEFAULT_FIELDS.get(dataset));
    boolean aggregate = fields.stream().anyMatch(SearchEventsTool::isAggregate);
    String sortArg = args.nonBlank("sort");
    String sort;
    if (sortArg != null) {
      sort = sortArg;
    } else if (dataset.equals("replays")) {
      sort = "-started_at";
    } else if (aggregate) {
      sort = "-" + fields.stream().filter(SearchEventsTool::isAggregate).findFirst().orElseThrow();
    } else {
      sort = "-timestamp";
    }
    if (!dataset.equals("replays")) {
      String sortField = sort.startsWith("-") ? sort.substring(1) : sort;
      // adding a plain field to an aggregate query would group it: only a field of the same kind is added
      if (!fields.contains(sortField) && isAggregate(sortField) == aggregate) {
        fields.add(sortField);
      }
      if (dataset.equals("metrics") && !aggregate) {
        for (String f : METRIC_IDENTITY) {
          if (!fields.contains(f)) {
            fields.add(f);
          }
        }
      }
    }
    List<String> environments = args.strings("environment");
    String query = args.nonBlank("query");
    String period = args.nonBlank("period") == null ? DEFAULT_PERIOD : args.nonBlank("period");
    return new Search(dataset, query, List.copyOf(fields), sort, period, args.intValue("limit", DEFAULT_LIMIT),
        List.copyOf(environments), explicitFields, sortArg != null);
  }

  /** The query sent to Sentry: the caller's, with the environment filter appended (events datasets). */
  static @Nullable String effectiveQuery(Search s) {
    if (s.replays() || s.environments().isEmpty()) {
      return s.query();
    }
    String env = s.environments().size() == 1 ? "environment:" + s.environments().get(0)
        : "environment:[" + String.join(",", s.environments()) + "]";
    return s.query() == null ? env : s.query() + " " + env;
  }

  private static SentryMcpException invalid(String message) {
    return SentryMcpException.invalidInput(message);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String project = args.nonBlank("projectSlug");
    Search s = plan(args);
    SentryApiClient api = call.api(args);

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    if (project != null) {
      used.put("projectSlug", project);
    }
    Long projectId = null;
    if (project != null) {
      SentryJson p = NotFoundHints.withHint(used, call.constraints(), () -> api.get(
          ApiPath.of("/projects/{org}/{project}/", org, project)).jsonObject("project"));
      projectId = p.get("id").requireLong("project id");
      call.checkCancelled();
    }
    String query = effectiveQuery(s);

    List<SentryJson> rows;
    if (s.replays()) {
      Query q = Query.create().add("query", query).add("per_page", s.limit());
      if (projectId != null) {
        q.add("project", projectId);
      }
      q.add("sort", s.sort());
      for (String env : s.environments()) {
        q.add("environment", env);
      }
      q.add("statsPeriod", s.period());
      rows = search(used, call, () -> api.get(ApiPath.of("/organizations/{org}/replays/", org), q)
          .jsonObject("replays"));
    } else {
      validate(api, org, s, query, projectId, used, call);
      call.checkCancelled();
      Query q = Query.create().add("per_page", s.limit()).add("query", query).add("dataset", s.apiDataset())
          .add("statsPeriod", s.period());
      if (projectId != null) {
        q.add("project", projectId);
      }
      q.add("sort", s.sort());
      for (String f : s.fields()) {
        q.add("field", f);
      }
      q.add("referrer", REFERRER);
      if (s.dataset().equals("spans")) {
        q.add("sampling", "NORMAL");
      }
      rows = search(used, call, () -> api.get(ApiPath.of("/organizations/{org}/events/", org), q)
          .jsonObject("events"));
    }
    return render(org, s, projectId, rows, args.bool("includeExplanation", false));
  }

  /** The {@code data} array of a search answer; a 400 is an input error with Sentry's explanation as data. */
  private static List<SentryJson> search(Map<String, String> used, ToolCall call,
      Supplier<SentryJson> request) {
    SentryJson body;
    try {
      body = NotFoundHints.withHint(used, call.constraints(), request);
    } catch (ApiException e) {
      if (e.status() == 400) {
        throw new ApiException(ErrorKind.INVALID_INPUT, 400, e.endpoint(),
            "Sentry refused the search (HTTP 400). Check the query syntax, fields and sort named in Sentry's"
                + " explanation, e.g. query='level:error environment:production'.",
            e.details(), e.retryAfter(), e);
      }
      throw e;
    }
    return body.get("data").requireArray("data").items();
  }

  /**
   * {@code GET /organizations/{org}/events/validate/}: HTTP 400 or {@code valid: false} is an input error whose
   * details are Sentry's explanations; any other failure of this check is left to the search itself.
   */
  private static void validate(SentryApiClient api, String org, Search s, @Nullable String query,
      @Nullable Long projectId, Map<String, String> used, ToolCall call) {
    Query q = Query.create().add("dataset", s.apiDataset());
    if (projectId != null) {
      q.add("project", projectId);
    }
    q.add("query", query);
    for (String env : s.environments()) {
      q.add("environment", env);
    }
    q.add("statsPeriod", s.period());
    for (String f : s.fields()) {
      q.add("field", f);
    }
    q.add("orderby", s.sort());
    SentryJson report;
    try {
      report = NotFoundHints.withHint(used, call.constraints(),
          () -> api.get(ApiPath.of("/organizations/{org}/events/validate/", org), q).jsonObject("validation"));
    } catch (ApiException e) {
      if (e.status() == 400) {
        throw refused(e.endpoint(), e.details(), e);
      }
      throw e;
    }
    if (report.get("valid").asBoolean().orElse(true)) {
      return;
    }
    List<Untrusted> problems = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (String part : List.of("projects", "dataset", "environment", "field", "query", "orderby")) {
      SentryJson v = report.get(part);
      List<SentryJson> entries = v.isArray() ? v.items() : List.of(v);
      boolean failed = false;
      for (SentryJson item : entries) {
        Untrusted err = item.get("error").nonEmptyText();
        if (err != null && problems.size() < 10) {
          problems.add(err.truncate(300));
          failed = true;
        } else if (!item.get("valid").asBoolean().orElse(true)) {
          failed = true;
        }
      }
      if (failed) {
        parts.add(part);
      }
    }
    throw refused("GET /organizations/{org}/events/validate/", problems, null,
        parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
  }

  private static ApiException refused(String endpoint, List<Untrusted> details, @Nullable Throwable cause) {
    return refused(endpoint, details, cause, "");
  }

  private static ApiException refused(String endpoint, List<Untrusted> details, @Nullable Throwable cause,
      String parts) {
    return new ApiException(ErrorKind.INVALID_INPUT, 400, endpoint,
        "Sentry's validation refused the search" + parts + "; its explanation is in the details. Fix the query,"
            + " fields or sort and retry, e.g. query='level:error environment:production' with"
            + " fields=['title', 'count()'] and sort='-count()'.",
        details, null, cause);
  }

  private ToolResult render(String org, Search s, @Nullable Long projectId, List<SentryJson> rows,
      boolean explain) {
    ToolResult.Builder doc = ToolResult.builder();
    doc.heading(1, title(s.dataset()) + " in " + org);
    if (explain) {
      doc.paragraph("No AI interpretation happened: the query was sent to Sentry as given, with "
          + (s.explicitFields() ? "the given fields" : "the dataset's default fields")
          + (s.explicitSort() ? "." : " and the default sort."));
    }
    StringBuilder search = new StringBuilder("sort ").append(s.sort()).append(", last ").append(s.period());
    if (!s.environments().isEmpty()) {
      search.append(", environment ").append(String.join(", ", s.environments()));
    }
    doc.fieldText("Search", search.toString());
    doc.fieldText("In Sentry", link(org, s, projectId));
    if (s.query() != null) {
      doc.field("Query", Untrusted.of(s.query(), QUERY_SOURCE, TrustClass.UNTRUSTED_EXTERNAL));
    }
    if (rows.isEmpty()) {
      doc.paragraph("No " + noun(s.dataset()) + " found. Try a broader query or a longer period.");
      return doc.build();
    }
    List<String> columns = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (String f : s.fields()) {
      if (rows.stream().anyMatch(r -> value(r, f, s.replays()).isPresent())) {
        columns.add(f);
      } else {
        empty.add(f);
      }
    }
    List<List<Inline>> table = new ArrayList<>();
    for (SentryJson r : rows) {
      List<Inline> cells = new ArrayList<>();
      for (String f : columns) {
        cells.add(cell(value(r, f, s.replays())));
      }
      table.add(cells);
    }
    if (!columns.isEmpty()) {
      doc.table(columns, table);
    }
    if (!empty.isEmpty()) {
      doc.paragraph("No values for " + String.join(", ", empty) + ".");
    }
    doc.paragraph(hint(s.dataset()));
    return doc.build();
  }

  /** A row's value for a requested field: the key as named; for replays a dotted path into the object. */
  private static SentryJson value(SentryJson row, String field, boolean replays) {
    SentryJson v = row.get(field);
    if (v.isAbsent() && replays && field.indexOf('.') > 0) {
      v = row.path(field.split("\\."));
    }
    return v;
  }

  private static Inline cell(SentryJson v) {
    if (v.isAbsent()) {
      return Inline.text("");
    }
    if (v.isArray() || v.isObject()) {
      return Rendering.cell(truncated(v.asCompactJsonText()));
    }
    if (v.isText()) {
      String iso = Rendering.isoTimestamp(v);
      if (iso != null) {
        return Inline.text(iso);
      }
    }
    Untrusted t = v.nonEmptyText();
    return t == null ? Inline.text("") : Inline.data(t.truncate(MAX_VALUE_CHARS));
  }

  private static @Nullable Untrusted truncated(@Nullable Untrusted u) {
    return u == null ? null : u.truncate(MAX_VALUE_CHARS);
  }

  private static String title(String dataset) {
    return switch (dataset) {
      case "spans" -> "Spans";
      case "logs" -> "Logs";
      case "metrics" -> "Metrics";
      case "profiles" -> "Profiles";
      case "replays" -> "Replays";
      default -> "Errors";
    };
  }

  private static String noun(String dataset) {
    return switch (dataset) {
      case "spans" -> "spans";
      case "logs" -> "logs";
      case "metrics" -> "metric samples";
      case "profiles" -> "profiles";
      case "replays" -> "replays";
      default -> "errors";
    };
  }

  private static Inline[] hint(String dataset) {
    return switch (dataset) {
      case "errors" -> new Inline[] {Inline.text("An issue: "), Inline.code("get_issue_details"),
          Inline.text(" with its issue as issueId.")};
      case "replays" -> new Inline[] {Inline.text("A replay's errors: "), Inline.code("search_events"),
          Inline.text(" with dataset errors and the query "), Inline.code("replayId:"), Inline.text(" followed by its"
              + " id.")};
      default -> new Inline[] {Inline.text("A trace: "), Inline.code("get_trace_details"),
          Inline.text(" with its trace as traceId.")};
    };
  }

  /**
   * The same search in Sentry's UI, built from the validated arguments only (every part percent-encoded, the
   * project id a number Sentry gave): Discover for errors, Explore for the trace-item datasets, replays and
   * profiles. Fields are part of it only when the caller chose them.
   */
  private String link(String org, Search s, @Nullable Long projectId) {
    String path = switch (s.dataset()) {
      case "spans" -> "/explore/traces/?mode=samples";
      case "logs" -> "/explore/logs/?";
      case "metrics" -> "/explore/metrics/?";
      case "profiles" -> "/explore/profiling/?";
      case "replays" -> "/replays/?";
      default -> "/discover/results/?dataset=errors&queryDataset=error-events";
    };
    StringBuilder qs = new StringBuilder(path);
    String sep = path.endsWith("?") ? "" : "&";
    if (s.query() != null || !s.environments().isEmpty()) {
      String q = s.replays() ? s.query() : effectiveQuery(s);
      if (q != null) {
        qs.append(sep).append("query=").append(ApiPath.percentEncode(q));
        sep = "&";
      }
    }
    if (s.explicitFields() && !s.replays()) {
      for (String f : s.fields()) {
        qs.append(sep).append("field=").append(ApiPath.percentEncode(f));
        sep = "&";
      }
    }
    qs.append(sep).append("sort=").append(ApiPath.percentEncode(s.sort()));
    qs.append("&statsPeriod=").append(ApiPath.percentEncode(s.period()));
    if (projectId != null) {
      qs.append("&project=").append(projectId);
    }
    if (s.replays()) {
      for (String env : s.environments()) {
        qs.append("&environment=").append(ApiPath.percentEncode(env));
      }
    }
    return links.path(org, qs.toString());
  }
}
