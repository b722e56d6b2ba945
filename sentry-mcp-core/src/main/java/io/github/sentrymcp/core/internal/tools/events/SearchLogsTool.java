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
 * {@code search_logs}: log entries, filtered with Sentry's search syntax: {@link EventSearch} on {@link Dataset#LOGS}, with the
 * reference's parameters (no {@code dataset}, no {@code environment}) and {@code start}/{@code end}.
 */
final class SearchLogsTool extends AbstractSentryTool {
  static final String DESCRIPTION = String.join("\n",
      "Search log entries.",
      "",
      "Use this tool when you need to:",
      "- Find or count log lines, e.g. by severity",
      "",
      "<examples>",
      "search_logs(organizationSlug='my-org', query='severity:error', period='1h')",
      "</examples>");

  static final ToolSpec SPEC = ToolSpec.builder("search_logs", "Search logs", DESCRIPTION)
      .input(EventSearch.datasetToolInput(Dataset.LOGS))
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final EventSearch search;

  SearchLogsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.search = new EventSearch(env, false, false);
  }

  @Override
  public Duration timeout(Duration configured) {
    return search.timeout(configured);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    return search.run(Dataset.LOGS, args, call, true);
  }
}
