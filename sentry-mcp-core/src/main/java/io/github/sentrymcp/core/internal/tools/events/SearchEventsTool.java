package io.github.sentrymcp.core.internal.tools.events;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.time.Duration;

/**
 * {@code search_events}: one page of an organization's (or a project's) errors, spans, logs, trace metrics, profiles
 * or replays, filtered with Sentry's search syntax. The search is {@link EventSearch}'s, on the dataset the caller
 * names (default errors); the dataset tools ({@code search_errors}, ...) run the same search on a fixed dataset.
 */
final class SearchEventsTool extends AbstractSentryTool {
  static final String DEFAULT_DATASET = "errors";

  static final String DESCRIPTION = String.join("\n",
      "Search a Sentry organization's errors, spans, logs, trace metrics, profiles or replays.",
      "",
      "Use this tool when you need to:",
      "- Find error events, slow spans or transactions, log lines, metric samples, profiles or replays",
      "- Count or aggregate events (fields such as 'count()' or 'p95(span.duration)')",
      "",
      "`query` is Sentry search syntax, sent as given; a plain-language request is translated only when the server"
          + " has a model for it (the result shows the query).",
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
      "- period is a relative time range such as 1h, 24h, 7d or 2w (default 14d); or give start and end (ISO-8601).",
      "- For issues (grouped errors) use search_issues; for one issue's events search_issue_events.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("search_events", "Search events", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .string("dataset", "What to search: errors (default), spans, logs, metrics (trace metrics), profiles or"
              + " replays.")
          .nullable().enumValues(Dataset.NAMES).defaultValue(DEFAULT_DATASET).add()
          .add(Params.query("Sentry search query, e.g. 'level:error environment:production' or"
              + " 'span.op:db span.duration:>100ms'. Sent to Sentry as given."))
          .add(EventSearch.fields("The columns to return, e.g. ['title', 'count()']. Default: per dataset."))
          .add(EventSearch.sort("Sort field, prefixed with '-' for descending. Default: -timestamp (replays:"
              + " -started_at)."))
          .add(Params.projectSlug(false))
          .add(EventSearch.environment("Only events of this environment, or of any of these environments.", true))
          .add(EventSearch.period("Relative time range such as 1h, 24h, 7d or 2w (default 14d).", true))
          .add(EventSearch.start("Range start, ISO-8601; with end, instead of period."))
          .add(EventSearch.end())
          .add(Params.regionUrl())
          .add(EventSearch.limit("Maximum number of rows to return (1-100, default: 10)."))
          .add(EventSearch.includeExplanation("Include a note on how the query was interpreted."))
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final EventSearch search;

  SearchEventsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.search = new EventSearch(env, true, true);
  }

  @Override
  public Duration timeout(Duration configured) {
    return search.timeout(configured);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String dataset = args.nonBlank("dataset");
    return search.run(Dataset.of(dataset == null ? DEFAULT_DATASET : dataset), args, call, args.given("dataset"));
  }
}
