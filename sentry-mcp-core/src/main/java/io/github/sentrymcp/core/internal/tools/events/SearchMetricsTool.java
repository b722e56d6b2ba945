package io.github.sentrymcp.core.internal.tools.events;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.time.Duration;

/**
 * {@code search_metrics}: trace metrics (counters, gauges, distributions), filtered with Sentry's search syntax: {@link EventSearch} on {@link Dataset#METRICS}, with the
 * reference's parameters (no {@code dataset}, no {@code environment}) and {@code start}/{@code end}.
 */
final class SearchMetricsTool extends AbstractSentryTool {
  static final String DESCRIPTION = String.join("\n",
      "Search metrics: counters, gauges and distributions.",
      "",
      "Use this tool when you need to:",
      "- Read metric samples or aggregate them",
      "",
      "<examples>",
      "search_metrics(organizationSlug='my-org', query='metric.name:http.request.duration')",
      "</examples>");

  static final ToolSpec SPEC = ToolSpec.builder("search_metrics", "Search metrics", DESCRIPTION)
      .input(EventSearch.datasetToolInput(Dataset.METRICS))
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final EventSearch search;

  SearchMetricsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.search = new EventSearch(env, false, false);
  }

  @Override
  public Duration timeout(Duration configured) {
    return search.timeout(configured);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    return search.run(Dataset.METRICS, args, call, true);
  }
}
