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
 * {@code search_profiles}: profiles (profile ids and the profiled transactions), filtered with Sentry's search syntax: {@link EventSearch} on {@link Dataset#PROFILES}, with the
 * reference's parameters (no {@code dataset}, no {@code environment}) and {@code start}/{@code end}.
 */
final class SearchProfilesTool extends AbstractSentryTool {
  static final String DESCRIPTION = String.join("\n",
      "Search profiles: profile ids and profiled transactions.",
      "",
      "Use this tool when you need to:",
      "- Find profiles of slow transactions",
      "",
      "<examples>",
      "search_profiles(organizationSlug='my-org', query='transaction.duration:>1s')",
      "</examples>");

  static final ToolSpec SPEC = ToolSpec.builder("search_profiles", "Search profiles", DESCRIPTION)
      .input(EventSearch.datasetToolInput(Dataset.PROFILES))
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final EventSearch search;

  SearchProfilesTool(ToolEnvironment env) {
    super(env, SPEC);
    this.search = new EventSearch(env, false, false);
  }

  @Override
  public Duration timeout(Duration configured) {
    return search.timeout(configured);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    return search.run(Dataset.PROFILES, args, call, true);
  }
}
