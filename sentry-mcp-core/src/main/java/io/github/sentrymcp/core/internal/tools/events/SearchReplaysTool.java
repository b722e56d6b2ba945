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
 * {@code search_replays}: session replays, filtered with Sentry's replay search syntax: {@link EventSearch} on
 * {@link Dataset#REPLAYS} ({@code GET /organizations/{org}/replays/}, no validation request), with the reference's
 * parameters (no {@code fields}; {@code environment} as request parameters) and {@code start}/{@code end}.
 */
final class SearchReplaysTool extends AbstractSentryTool {
  static final String DESCRIPTION = String.join("\n",
      "Search session replays (lists only, no aggregates).",
      "",
      "Use this tool when you need to:",
      "- Find replays with errors or rage clicks, or of a user",
      "",
      "<examples>",
      "search_replays(organizationSlug='my-org', query='count_errors:>0', sort='-count_errors')",
      "</examples>");

  static final ToolSpec SPEC = ToolSpec.builder("search_replays", "Search replays", DESCRIPTION)
      .input(EventSearch.datasetToolInput(Dataset.REPLAYS))
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final EventSearch search;

  SearchReplaysTool(ToolEnvironment env) {
    super(env, SPEC);
    this.search = new EventSearch(env, false, true);
  }

  @Override
  public Duration timeout(Duration configured) {
    return search.timeout(configured);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    return search.run(Dataset.REPLAYS, args, call, true);
  }
}
