package io.github.sentrymcp.core.internal.tools.traces;

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

/**
 * {@code get_span_details}: one span of a trace, its attributes and a snapshot of its children: the span-focused view
 * of {@code get_trace_details} (same requests: the organization's region, the trace meta, the trace), with both ids
 * required. Organization-scoped like the trace, so no project check.
 */
final class GetSpanDetailsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Get one span of a Sentry trace: timing, status, attributes, errors and its child spans.",
      "",
      "<examples>",
      "get_span_details(organizationSlug='my-organization', traceId='a4d1aae7216b47ff8117cf4e09ce9d0a',"
          + " spanId='aa8e7f3384ef4ff5')",
      "</examples>",
      "",
      "<hints>",
      "- For a whole trace use get_trace_details; for a trace or span URL, get_sentry_resource.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_span_details", "Get span details", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("traceId", "The trace ID: 32 hexadecimal characters.")
          .required().pattern(Params.HEX32).add()
          .string("spanId", "The span ID: 16 hexadecimal characters.")
          .required().minLength(1).maxLength(32).pattern(GetTraceDetailsTool.SPAN_ID).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final GetTraceDetailsTool trace;

  GetSpanDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.trace = new GetTraceDetailsTool(env);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    return trace.details(call, args.requireString("organizationSlug"), args.nonBlank("regionUrl"),
        args.requireString("traceId"), args.requireString("spanId"));
  }
}
