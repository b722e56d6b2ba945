package io.github.sentrymcp.core.tools;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.schema.Args;
import io.github.sentrymcp.core.schema.InputSchema;
import java.util.Set;

/** STUB: to be implemented. */
public final class FindProjectsTool extends AbstractSentryTool {
  static final ToolSpec SPEC = new ToolSpec("find_projects", "find_projects", "TODO", InputSchema.builder().build(), null,
      ToolAnnotations.READ_ONLY, Set.of(), Set.of(Skill.INSPECT));

  public FindProjectsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, CallContext context) {
    throw new UnsupportedOperationException("TODO");
  }
}
