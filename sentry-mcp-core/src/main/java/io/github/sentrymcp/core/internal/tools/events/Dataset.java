package io.github.sentrymcp.core.internal.tools.events;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the searchable datasets: the name Sentry's events endpoint knows, the default fields and sort,
 * where the same search opens in Sentry's UI, and the examples an input error gives. {@code search_events} takes one
 * as its {@code dataset} argument; each dataset tool ({@code search_errors}, {@code search_logs}, ...) is fixed to
 * one. Every string here is server text.
 */
enum Dataset {
  SPANS("spans", "Spans", "spans",
      List.of("id", "span.op", "span.description", "span.duration", "transaction", "timestamp", "project", "trace"),
      "/explore/traces/?mode=samples", "span.op:db span.duration:>100ms", "['span.op', 'p95(span.duration)']",
      "-p95(span.duration)"),
  ERRORS("errors", "Errors", "errors",
      List.of("issue", "title", "project", "timestamp", "level", "message", "error.type", "culprit", "user.email",
          "user.id"),
      "/discover/results/?dataset=errors&queryDataset=error-events", "level:error environment:production",
      "['title', 'count()']", "-count()"),
  LOGS("logs", "Logs", "logs",
      List.of("timestamp", "project", "message", "severity", "trace"),
      "/explore/logs/?", "severity:error", "['severity', 'count()']", "-count()"),
  METRICS("tracemetrics", "Metrics", "metric samples",
      List.of("id", "timestamp", "project", "trace", "metric.name", "metric.type", "metric.unit", "value"),
      "/explore/metrics/?", "metric.name:http.request.duration", "['metric.name', 'value']", "-timestamp"),
  PROFILES("profiles", "Profiles", "profiles",
      List.of("project", "profile.id", "profiler.id", "thread.id", "timestamp", "transaction", "transaction.duration",
          "release", "environment", "trace", "precise.start_ts", "precise.finish_ts"),
      "/explore/profiling/?", "transaction.duration:>1s", "['transaction', 'p95(transaction.duration)']",
      "-p95(transaction.duration)"),
  // replays: paths into each replay object (the replays endpoint takes no field list)
  REPLAYS("replays", "Replays", "replays",
      List.of("id", "started_at", "duration", "count_errors", "user.display_name", "environment"),
      "/replays/?", "count_errors:>0", null, "-count_errors");

  /** The {@code dataset} values of {@code search_events}, in the order it advertises them. */
  static final List<String> NAMES = List.of("spans", "errors", "logs", "metrics", "profiles", "replays");

  /** The sort fields Sentry's replays endpoint accepts (each optionally prefixed with {@code -}). */
  static final List<String> REPLAY_SORT_FIELDS = List.of("activity", "browser.name", "browser.version",
      "count_dead_clicks", "count_errors", "count_infos", "count_rage_clicks", "count_urls", "count_warnings",
      "device.brand", "device.family", "device.model", "device.name", "dist", "duration", "finished_at", "os.name",
      "os.version", "platform", "project_id", "sdk.name", "started_at", "user.email", "user.id", "user.username");

  /** Fields a non-aggregate trace-metrics search always returns: which metric a sample belongs to. */
  static final List<String> METRIC_IDENTITY = List.of("metric.name", "metric.type", "metric.unit");

  private final String apiName;
  private final String title;
  private final String noun;
  private final List<String> defaultFields;
  private final String linkPath;
  private final String exampleQuery;
  private final @Nullable String exampleFields;
  private final String exampleSort;

  Dataset(String apiName, String title, String noun, List<String> defaultFields, String linkPath,
      String exampleQuery, @Nullable String exampleFields, String exampleSort) {
    this.apiName = apiName;
    this.title = title;
    this.noun = noun;
    this.defaultFields = defaultFields;
    this.linkPath = linkPath;
    this.exampleQuery = exampleQuery;
    this.exampleFields = exampleFields;
    this.exampleSort = exampleSort;
  }

  /** The dataset of a {@code search_events} argument ({@link #NAMES}). */
  static Dataset of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The name {@code search_events} takes. */
  String argName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The dataset name Sentry's events endpoint knows ({@code metrics} is {@code tracemetrics}). */
  String apiName() {
    return apiName;
  }

  /** The heading word: "Spans", "Errors", ... */
  String title() {
    return title;
  }

  /** What the rows are, for "No ... found". */
  String noun() {
    return noun;
  }

  boolean replays() {
    return this == REPLAYS;
  }

  /** The columns when the caller names none. */
  List<String> defaultFields() {
    return defaultFields;
  }

  /** The sort when the caller gives none and the fields hold no aggregate. */
  String defaultSort() {
    return replays() ? "-started_at" : "-timestamp";
  }

  /** The path and first query parameters of the same search in Sentry's UI (ends in {@code ?} when none). */
  String linkPath() {
    return linkPath;
  }

  /** A correct query for this dataset, e.g. {@code severity:error}. */
  String exampleQuery() {
    return exampleQuery;
  }

  /** A correct field list (as the caller writes it), or null for replays (no fields). */
  @Nullable String exampleFields() {
    return exampleFields;
  }

  /** A correct sort that goes with {@link #exampleFields()}. */
  String exampleSort() {
    return exampleSort;
  }
}
