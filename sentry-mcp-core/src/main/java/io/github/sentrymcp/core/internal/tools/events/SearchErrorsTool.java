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
 * {@code search_errors}: error events (exceptions and crashes), filtered with Sentry's search syntax: {@link EventSearch} on {@link Dataset#ERRORS}, with the
 * reference's parameters (no {@code dataset}, no {@code environment}) and {@code start}/{@code end}.
 */
final class SearchErrorsTool extends AbstractSentryTool {
  static final String DESCRIPTION = String.join("\n",
      "Search error events (exceptions, crashes).",
      "",
      "Use this tool when you need to:",
      "- List or count errors (for log lines: search_logs)",
      "",
      "<examples>",
      "search_errors(organizationSlug='my-org', fields=['error.type', 'count()'])",
      "</examples>");

  static final ToolSpec SPEC = ToolSpec.builder("search_errors", "Search errors", DESCRIPTION)
      .input(EventSearch.datasetToolInput(Dataset.ERRORS))
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final EventSearch search;

  SearchErrorsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.search = new EventSearch(env, false, false);
  }

  @Override
  public Duration timeout(Duration configured) {
    return search.timeout(configured);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    return search.run(Dataset.ERRORS, args, call, true);
  }
}
