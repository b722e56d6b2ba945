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
 * {@code search_traces}: spans (requests, database queries and other operations), filtered with Sentry's search syntax: {@link EventSearch} on {@link Dataset#SPANS}, with the
 * reference's parameters (no {@code dataset}, no {@code environment}) and {@code start}/{@code end}.
 */
final class SearchTracesTool extends AbstractSentryTool {
  static final String DESCRIPTION = String.join("\n",
      "Search spans: requests, DB queries, other operations.",
      "",
      "Use this tool when you need to:",
      "- Find slow operations; measure latency or throughput",
      "",
      "<examples>",
      "search_traces(organizationSlug='my-org', fields=['span.op', 'p95(span.duration)'])",
      "</examples>");

  static final ToolSpec SPEC = ToolSpec.builder("search_traces", "Search traces", DESCRIPTION)
      .input(EventSearch.datasetToolInput(Dataset.SPANS))
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final EventSearch search;

  SearchTracesTool(ToolEnvironment env) {
    super(env, SPEC);
    this.search = new EventSearch(env, false, false);
  }

  @Override
  public Duration timeout(Duration configured) {
    return search.timeout(configured);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    return search.run(Dataset.SPANS, args, call, true);
  }
}
