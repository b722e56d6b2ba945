package io.github.sentrymcp.core.internal.tools.events;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.agent.QueryText;
import io.github.sentrymcp.core.internal.agent.Translator;
import io.github.sentrymcp.core.internal.tools.SearchValidation;
import io.github.sentrymcp.core.internal.tools.Translations;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The search behind {@code search_events} and the dataset tools ({@code search_errors}, {@code search_logs},
 * {@code search_traces}, {@code search_metrics}, {@code search_profiles}, {@code search_replays}): their shared
 * parameters, the plan (fields, sort, time range), the requests and the result. What differs between datasets is in
 * {@link Dataset}.
 *
 * <p>A query in Sentry's syntax runs in the reference server's "direct mode": the {@code query} is sent as given,
 * {@code fields} default per dataset, {@code sort} to {@code -timestamp} ({@code -started_at} for
 * replays; the first aggregate, descending, when the fields hold aggregates) and the time range to the last
 * {@code 14d} ({@code period}, or {@code start} and {@code end}). An {@code environment} is added to the query as
 * {@code environment:<v>} or {@code environment:[a,b]} (replays take it as request parameters). A query that reads
 * as natural language is translated by the engine's model when it has one (the caller's dataset, fields, sort and
 * time range win; every candidate is planned like the caller's arguments and validated by Sentry before it is
 * accepted), else answered with the syntax before any request.
 *
 * <p>Requests: {@code GET /projects/{org}/{project}/} for the numeric id when a project is given; for every dataset
 * but replays {@code GET /organizations/{org}/events/validate/} (an invalid search, HTTP 400 or {@code valid: false},
 * is an input error naming the refused parts, with Sentry's explanation as data) and then
 * {@code GET /organizations/{org}/events/}; for replays {@code GET /organizations/{org}/replays/}.
 *
 * <p>The result is one table whose columns are the requested fields (validated identifiers, server text); each row's
 * values are read by those names, so the keys of Sentry's answer never become headers.
 */
final class EventSearch {
  static final String DEFAULT_PERIOD = "14d";
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_FIELDS = 30;
  static final int MAX_VALUE_CHARS = 200;
  static final String REFERRER = "api.mcp.search-events";

  /**
   * A field: an attribute name ({@code span.op}, {@code tags[foo]}) or a function call ({@code count()},
   * {@code p95(span.duration)}). No spaces, quotes, pipes or slashes, so it is safe as a column header.
   */
  static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_@][A-Za-z0-9_.:@\\[\\]()\\-,]{0,199}");

  /** A field, optionally prefixed with {@code -} for descending. */
  static final Pattern SORT = Pattern.compile("-?" + FIELD.pattern());

  /** An environment name as it can appear in a search filter: no whitespace, quotes, commas, brackets or slashes. */
  static final Pattern ENVIRONMENT = Pattern.compile("[^\\s\"',\\[\\]/\\\\]{1,64}");

  /** {@code start} and {@code end}: an ISO-8601 date and time, with an optional offset (UTC when none). */
  static final Pattern ISO_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})?");

  /** Where the caller's query appears in results (it may have been copied from Sentry data). */
  static final String QUERY_SOURCE = "arguments.query";

  private static final String TIME_EXAMPLE = "start='2025-04-01T00:00:00Z', end='2025-04-02T00:00:00Z'";

  // ------------------------------------------------------------------------------------------------ parameters

  /*
   * The dataset tools are on the default tools/list and each entry has a budget of 1,500 bytes
   * (DatasetToolsBudgetTest): their parameters have terse descriptions, none where the name and bounds say it all,
   * and bounds that the checks already enforce (field, sort, environment, time patterns) are not advertised again.
   */

  static InputSchema.Param fields(String description) {
    return InputSchema.builder().stringArray("fields", description)
        .nullable()
        .check(v -> FIELD.matcher(v).matches() ? null
            : "must be a field name or function such as 'span.op' or 'count()' (letters, digits, '_', '.', ':',"
                + " '@', '-', ',', brackets and parentheses)")
        .param();
  }

  static InputSchema.Param sort(String description) {
    return InputSchema.builder().string("sort", description)
        .nullable()
        .check(v -> v.isEmpty() || SORT.matcher(v).matches() ? null
            : "must be a field name or function, optionally prefixed with '-'")
        .param();
  }

  /** {@code environment}: one name or several; {@code nullable} for search_events (its schema has always allowed it). */
  static InputSchema.Param environment(String description, boolean nullable) {
    InputSchema.ParamBuilder b = InputSchema.builder().stringOrArray("environment", description)
        .check(v -> ENVIRONMENT.matcher(v).matches() ? null
            : "must be an environment name without whitespace, quotes, commas, brackets or slashes");
    return (nullable ? b.nullable() : b).param();
  }

  static InputSchema.Param period(String description, boolean nullable) {
    InputSchema.ParamBuilder b = InputSchema.builder().string("period", description).pattern(Params.PERIOD);
    return (nullable ? b.nullable() : b).param();
  }

  static InputSchema.Param start(String description) {
    return InputSchema.builder().string("start", description).check(EventSearch::timeProblem).param();
  }

  static InputSchema.Param end() {
    return InputSchema.builder().string("end", "").check(EventSearch::timeProblem).param();
  }

  static InputSchema.Param limit(String description) {
    return InputSchema.builder().integer("limit", description)
        .minimum(1).maximum(100).defaultValue((long) DEFAULT_LIMIT).param();
  }

  static InputSchema.Param includeExplanation(String description) {
    return InputSchema.builder().bool("includeExplanation", description).param();
  }

  /**
   * The parameters of a dataset tool: the reference's ({@code search_replays}: no {@code fields}, an
   * {@code environment}; the others: no {@code environment}, it goes into the query) and {@code start}/{@code end}.
   * The constraint parameters have the standard names and rules, with shorter descriptions.
   */
  static InputSchema datasetToolInput(Dataset d) {
    InputSchema.Builder b = InputSchema.builder()
        .string("organizationSlug", "Organization slug.").required().check(Params::slugProblem).add()
        .string("query", "Sentry search syntax, e.g. '" + d.exampleQuery() + "'.").maxLength(1000).add();
    if (!d.replays()) {
      b.add(fields("Columns; count() etc. aggregate."));
    }
    b.add(sort("Default " + d.defaultSort() + "; '-' descends."))
        .string("projectSlug", "Project slug.").nullable().check(Params::slugProblem).add();
    if (d.replays()) {
      b.add(environment("One or more.", false));
    }
    return b.add(period("e.g. 24h (default 14d).", false))
        .add(start("ISO-8601; with end, instead of period."))
        .add(end())
        .string("regionUrl", "From find_organizations.").nullable().maxLength(2048).add()
        .add(limit(""))
        .add(includeExplanation(""))
        .build();
  }

  private static @Nullable String timeProblem(String value) {
    return instant(value) == null ? "must be an ISO-8601 date and time such as 2025-04-01T00:00:00Z" : null;
  }

  /** The instant of a validated {@code start}/{@code end} (UTC when it has no offset), or null when invalid. */
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

  // ------------------------------------------------------------------------------------------------ the plan

  /** The time range: a relative {@code period}, or {@code start} and {@code end} (validated caller input). */
  record TimeRange(@Nullable String period, @Nullable String start, @Nullable String end) {

    static TimeRange of(Args args) {
      return of(args.nonBlank("period"), args.nonBlank("start"), args.nonBlank("end"));
    }

    static TimeRange of(@Nullable String period, @Nullable String start, @Nullable String end) {
      if (start == null && end == null) {
        return new TimeRange(period == null ? DEFAULT_PERIOD : period, null, null);
      }
      if (period != null) {
        throw SentryMcpException.invalidInput(
            "Give either period or start and end, not both (e.g. period='24h', or " + TIME_EXAMPLE + ").");
      }
      if (start == null || end == null) {
        throw SentryMcpException.invalidInput(
            "start and end go together: give both (ISO-8601, e.g. " + TIME_EXAMPLE + "), or a period.");
      }
      Instant from = instant(start);
      Instant to = instant(end);
      if (from == null || to == null) {
        throw SentryMcpException.invalidInput("start and end must be ISO-8601 dates and times, e.g. "
            + TIME_EXAMPLE + ".");
      }
      if (!from.isBefore(to)) {
        throw SentryMcpException.invalidInput("start must be before end (e.g. " + TIME_EXAMPLE + ").");
      }
      return new TimeRange(null, start, end);
    }

    /** Whether the caller gave a time range (else a translation may choose one). */
    static boolean given(Args args) {
      return args.given("period") || args.given("start") || args.given("end");
    }

    /** {@code statsPeriod}, or {@code start} and {@code end}. */
    void addTo(Query q) {
      if (period != null) {
        q.add("statsPeriod", period);
      } else {
        q.add("start", start).add("end", end);
      }
    }

    String describe() {
      return period != null ? "last " + period : start + " to " + end;
    }

    String linkParams() {
      return period != null ? "&statsPeriod=" + ApiPath.percentEncode(period)
          : "&start=" + ApiPath.percentEncode(String.valueOf(start)) + "&end="
              + ApiPath.percentEncode(String.valueOf(end));
    }
  }

  /** The search as decided from the arguments: every part but {@code query} is a validated identifier. */
  record Search(Dataset dataset, @Nullable String query, List<String> fields, String sort, TimeRange time, int limit,
      List<String> environments, boolean explicitFields, boolean explicitSort) {

    boolean replays() {
      return dataset.replays();
    }
  }

  static boolean isAggregate(String field) {
    return field.indexOf('(') >= 0;
  }

  /** Decides fields, sort, time range and query from the arguments (no request). */
  static Search plan(Dataset dataset, Args args) {
    return plan(dataset, args.nonBlank("query"), args.strings("fields"), args.nonBlank("sort"), TimeRange.of(args),
        args.intValue("limit", DEFAULT_LIMIT), args.strings("environment"));
  }

  /** Decides fields, sort and query from given values (the caller's, or a translation's). */
  static Search plan(Dataset dataset, @Nullable String query, List<String> given, @Nullable String sortArg,
      TimeRange time, int limit, List<String> environments) {
    if (given.size() > MAX_FIELDS) {
      throw SentryMcpException.invalidInput("fields: at most " + MAX_FIELDS + " fields.");
    }
    boolean explicitFields = !given.isEmpty();
    List<String> fields = new ArrayList<>(explicitFields ? given : dataset.defaultFields());
    boolean aggregate = fields.stream().anyMatch(EventSearch::isAggregate);
    String sort;
    if (sortArg != null) {
      sort = sortArg;
    } else if (!dataset.replays() && aggregate) {
      sort = "-" + fields.stream().filter(EventSearch::isAggregate).findFirst().orElseThrow();
    } else {
      sort = dataset.defaultSort();
    }
    if (dataset.replays()) {
      String sortField = sort.startsWith("-") ? sort.substring(1) : sort;
      if (!Dataset.REPLAY_SORT_FIELDS.contains(sortField)) {
        throw SentryMcpException.invalidInput("sort: replays sort by one of " + String.join(", ",
            Dataset.REPLAY_SORT_FIELDS) + ", '-' for descending, e.g. sort='" + Dataset.REPLAYS.exampleSort()
            + "'.");
      }
    } else {
      String sortField = sort.startsWith("-") ? sort.substring(1) : sort;
      // adding a plain field to an aggregate query would group it: only a field of the same kind is added
      if (!fields.contains(sortField) && isAggregate(sortField) == aggregate) {
        fields.add(sortField);
      }
      if (dataset == Dataset.METRICS && !aggregate) {
        for (String f : Dataset.METRIC_IDENTITY) {
          if (!fields.contains(f)) {
            fields.add(f);
          }
        }
      }
    }
    return new Search(dataset, query, List.copyOf(fields), sort, time, limit, List.copyOf(environments),
        explicitFields, sortArg != null);
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

  // ------------------------------------------------------------------------------------------------ the search

  private final WebLinks links;
  private final boolean allDatasets;
  private final boolean environmentParam;
  private final @Nullable Translator translator;

  /**
   * @param allDatasets true for {@code search_events} (its hints name it with a dataset), false for a dataset tool
   *     (its hints name the dataset tools)
   * @param environmentParam whether the tool has an {@code environment} parameter (else its input errors show the
   *     environment as a query filter)
   */
  EventSearch(ToolEnvironment env, boolean allDatasets, boolean environmentParam) {
    this.links = new WebLinks(env.config());
    this.allDatasets = allDatasets;
    this.environmentParam = environmentParam;
    this.translator = Translator.of(env.translation());
  }

  /** The time limit of a search tool's call: the configured one, plus a translation's when there is a model. */
  Duration timeout(Duration configured) {
    return translator == null ? configured : configured.plus(translator.timeLimit());
  }

  /**
   * Runs the search of {@code dataset} with the validated arguments. A query that reads as natural language is
   * translated first (or, without a model, answered with how to write it in Sentry's syntax, before any request).
   *
   * @param datasetGiven whether the caller chose the dataset (else a translation may choose another)
   */
  ToolResult run(Dataset dataset, Args args, ToolCall call, boolean datasetGiven) {
    String org = args.requireString("organizationSlug");
    String project = args.nonBlank("projectSlug");
    String given = args.nonBlank("query");
    boolean natural = given != null && QueryText.looksNatural(given);
    Translator tr = translator;
    if (natural && tr == null) {
      throw Translator.notConfigured(dataset.exampleQuery());
    }
    Search planned = natural ? null : plan(dataset, args);
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
    Translator.Translation translation = null;
    Search s;
    if (planned != null) {
      s = planned;
    } else if (tr != null && given != null) {
      translation = translate(tr, dataset, datasetGiven, args, call, api, org, projectId, used, given);
      s = planOf(translation, args);
    } else {
      throw new IllegalStateException("no plan");
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
      s.time().addTo(q);
      rows = search(s, used, call, translation, () -> api.get(ApiPath.of("/organizations/{org}/replays/", org), q)
          .jsonObject("replays"));
    } else {
      if (translation == null) {
        validate(api, org, s, query, projectId, used, call);
      }
      call.checkCancelled();
      Query q = Query.create().add("per_page", s.limit()).add("query", query).add("dataset", s.dataset().apiName());
      s.time().addTo(q);
      if (projectId != null) {
        q.add("project", projectId);
      }
      q.add("sort", s.sort());
      for (String f : s.fields()) {
        q.add("field", f);
      }
      q.add("referrer", REFERRER);
      if (s.dataset() == Dataset.SPANS) {
        q.add("sampling", "NORMAL");
      }
      rows = search(s, used, call, translation, () -> api.get(ApiPath.of("/organizations/{org}/events/", org), q)
          .jsonObject("events"));
    }
    return render(org, s, projectId, rows, args.bool("includeExplanation", false), translation);
  }

  // ------------------------------------------------------------------------------------------------ translation

  /**
   * Has the model write the search; every candidate is planned as the caller's arguments would be and checked by
   * Sentry's validation endpoint (replays: by the plan's sort check) before it is accepted.
   */
  private Translator.Translation translate(Translator tr, Dataset dataset, boolean datasetGiven, Args args,
      ToolCall call, SentryApiClient api, String org, @Nullable Long projectId, Map<String, String> used,
      String request) {
    String fixed = datasetGiven || !allDatasets ? dataset.argName() : null;
    Translator.EventsContext context = new Translator.EventsContext(Dataset.NAMES, fixed,
        args.strings("fields"), args.nonBlank("sort"), TimeRange.given(args), dataset.argName());
    return tr.events(call, api, org, projectId, request, context,
        t -> check(t, args, api, org, projectId, used, call), dataset.exampleQuery());
  }

  /** The plan of a translation: the caller's fixed values, the model's for the rest. */
  private static Search planOf(Translator.Translation t, Args args) {
    Dataset d = Dataset.of(t.dataset() == null ? "errors" : t.dataset());
    TimeRange time = TimeRange.given(args) ? TimeRange.of(args) : TimeRange.of(t.period(), t.start(), t.end());
    List<String> fields = d.replays() ? List.of() : t.fields();
    return plan(d, t.query().isEmpty() ? null : t.query(), fields, t.sort(), time,
        args.intValue("limit", DEFAULT_LIMIT), args.strings("environment"));
  }

  private Translator.@Nullable Problem check(Translator.Translation t, Args args, SentryApiClient api, String org,
      @Nullable Long projectId, Map<String, String> used, ToolCall call) {
    Search cand;
    try {
      cand = planOf(t, args);
    } catch (SentryMcpException e) {
      return new Translator.Problem(e.getMessage() == null ? "the search is not valid" : e.getMessage());
    }
    if (cand.replays()) {
      return null;
    }
    try {
      validate(api, org, cand, effectiveQuery(cand), projectId, used, call);
      return null;
    } catch (ApiException e) {
      if (e.kind() != ErrorKind.INVALID_INPUT) {
        throw e;
      }
      return new Translator.Problem("Sentry's validation refused the search", e.details());
    }
  }

  /** The {@code data} array of a search answer; a 400 is an input error with Sentry's explanation as data. */
  private List<SentryJson> search(Search s, Map<String, String> used, ToolCall call,
      Translator.@Nullable Translation translation, Supplier<SentryJson> request) {
    SentryJson body;
    try {
      body = NotFoundHints.withHint(used, call.constraints(), request);
    } catch (ApiException e) {
      if (e.status() == 400) {
        List<String> parts = candidateParts(s);
        List<Untrusted> details = new ArrayList<>();
        if (translation != null) {
          details.add(translation.queryData());
        }
        details.addAll(e.details());
        throw new ApiException(ErrorKind.INVALID_INPUT, 400, e.endpoint(),
            "Sentry refused the search (HTTP 400): check the " + join(parts, " or ") + " against its explanation"
                + " in the details and retry, e.g. " + examples(s.dataset(), parts) + "."
                + (translation == null ? "" : " The query was translated from natural language (it is the first"
                    + " detail); writing it in Sentry search syntax avoids the translation."),
            details, e.retryAfter(), e);
      }
      throw e;
    }
    return body.get("data").requireArray("data").items();
  }

  /**
   * {@code GET /organizations/{org}/events/validate/}: HTTP 400 or {@code valid: false} is an input error whose
   * message names the refused parts and whose details are Sentry's explanations; any other failure of this check is
   * left to the search itself.
   */
  private void validate(SentryApiClient api, String org, Search s, @Nullable String query, @Nullable Long projectId,
      Map<String, String> used, ToolCall call) {
    Query q = Query.create().add("dataset", s.dataset().apiName());
    if (projectId != null) {
      q.add("project", projectId);
    }
    q.add("query", query);
    for (String env : s.environments()) {
      q.add("environment", env);
    }
    s.time().addTo(q);
    for (String f : s.fields()) {
      q.add("field", f);
    }
    q.add("orderby", s.sort());
    SearchValidation.Report report = SearchValidation.check(api, org, q, used, call.constraints());
    if (report.valid()) {
      return;
    }
    ApiException refusal = report.refusal();
    if (refusal != null) {
      throw refused(s, refusal.endpoint(), refusal.details(), refusal, candidateParts(s), " or ");
    }
    List<String> parts = report.parts();
    throw refused(s, "GET /organizations/{org}/events/validate/", report.problems(), null,
        parts.isEmpty() ? candidateParts(s) : parts, parts.isEmpty() ? " or " : ", ");
  }

  private ApiException refused(Search s, String endpoint, List<Untrusted> details, @Nullable Throwable cause,
      List<String> parts, String separator) {
    return new ApiException(ErrorKind.INVALID_INPUT, 400, endpoint,
        "Sentry's validation refused the search (" + join(parts, separator) + "); its explanation is in the"
            + " details. Retry with corrected values, e.g. " + examples(s.dataset(), parts) + ".",
        details, null, cause);
  }

  /** The parts that can make a plain 400: query, fields (not for replays), sort and the environment when given. */
  private static List<String> candidateParts(Search s) {
    List<String> parts = new ArrayList<>(List.of("query"));
    if (!s.replays()) {
      parts.add("fields");
    }
    parts.add("sort");
    if (!s.environments().isEmpty()) {
      parts.add("environment");
    }
    return parts;
  }

  /** {@code a, b or c} ({@code lastSeparator} " or ") or {@code a, b, c} (", "). */
  private static String join(List<String> parts, String lastSeparator) {
    if (parts.size() <= 1) {
      return String.join("", parts);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + lastSeparator + parts.get(parts.size() - 1);
  }

  /** A correct value for each part, for this dataset (server text). */
  private String examples(Dataset d, List<String> parts) {
    List<String> out = new ArrayList<>();
    for (String part : parts) {
      String ex = switch (part) {
        case "query" -> "query='" + d.exampleQuery() + "'";
        case "fields" -> d.exampleFields() == null ? null : "fields=" + d.exampleFields();
        case "sort" -> "sort='" + d.exampleSort() + "'";
        case "environment" -> environmentParam ? "environment='production'" : "query='environment:production'";
        case "projectSlug" -> "a projectSlug that find_projects lists";
        case "dataset" -> allDatasets ? "dataset='" + d.argName() + "'" : null;
        default -> null;
      };
      if (ex != null) {
        out.add(ex);
      }
    }
    if (out.isEmpty()) {
      out.add("query='" + d.exampleQuery() + "'");
    }
    return out.size() == 1 ? out.get(0)
        : String.join(", ", out.subList(0, out.size() - 1)) + " and " + out.get(out.size() - 1);
  }

  // ------------------------------------------------------------------------------------------------ the result

  private ToolResult render(String org, Search s, @Nullable Long projectId, List<SentryJson> rows, boolean explain,
      Translator.@Nullable Translation translation) {
    ToolResult.Builder doc = ToolResult.builder();
    doc.heading(1, s.dataset().title() + " in " + org);
    if (translation != null) {
      Translations.describe(doc, translation, explain);
    } else if (explain) {
      doc.paragraph(Rendering.noAiNote(", with "
          + (s.explicitFields() ? "the given fields" : "the dataset's default fields")
          + (s.explicitSort() ? "" : " and the default sort")));
    }
    StringBuilder search = new StringBuilder("sort ").append(s.sort()).append(", ").append(s.time().describe());
    if (!s.environments().isEmpty()) {
      search.append(", environment ").append(String.join(", ", s.environments()));
    }
    doc.fieldText("Search", search.toString());
    doc.fieldText("In Sentry", link(org, s, projectId));
    if (translation == null && s.query() != null) {
      doc.field("Query", Untrusted.of(s.query(), QUERY_SOURCE, TrustClass.UNTRUSTED_EXTERNAL));
    }
    if (rows.isEmpty()) {
      doc.paragraph("No " + s.dataset().noun() + " found. Try a broader query or a longer period.");
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
      Untrusted json = v.asCompactJsonText();
      return Rendering.cell(json == null ? null : json.truncate(MAX_VALUE_CHARS));
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

  private Inline[] hint(Dataset dataset) {
    return switch (dataset) {
      case ERRORS -> new Inline[] {Inline.text("An issue: "), Inline.code("get_issue_details"),
          Inline.text(" with its issue as issueId.")};
      case REPLAYS -> allDatasets
          ? new Inline[] {Inline.text("A replay's errors: "), Inline.code("search_events"),
              Inline.text(" with dataset errors and the query "), Inline.code("replayId:"),
              Inline.text(" followed by its id.")}
          : new Inline[] {Inline.text("A replay's errors: "), Inline.code("search_errors"),
              Inline.text(" with the query "), Inline.code("replayId:"), Inline.text(" followed by its id.")};
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
    String path = s.dataset().linkPath();
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
    qs.append(s.time().linkParams());
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
