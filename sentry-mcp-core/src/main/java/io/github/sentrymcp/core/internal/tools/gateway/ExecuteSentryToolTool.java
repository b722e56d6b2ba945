package io.github.sentrymcp.core.internal.tools.gateway;

import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's executors: {@code execute_sentry_tool} runs read-only tools only (annotated read-only itself, so
 * hosts can let it run without approval), {@code execute_sentry_write_tool} runs the tools that change data (annotated
 * destructive, so hosts ask before each use). The inner call passes the same gate as a direct call (tool lists,
 * skills, scopes, constraints): a tool the session may not use is refused before any request. The result is the inner
 * tool's.
 */
final class ExecuteSentryToolTool extends AbstractSentryTool {
  static final String READ_NAME = "execute_sentry_tool";
  static final String WRITE_NAME = "execute_sentry_write_tool";

  private static InputSchema input() {
    return InputSchema.builder()
        .string("name", "Tool name from search_sentry_tools.").required().minLength(1).maxLength(64).add()
        .object("arguments", "The tool's arguments, as its input schema describes.").add()
        .build();
  }

  static final ToolSpec READ_SPEC = ToolSpec.builder(READ_NAME, "Run a read-only Sentry tool",
          "Run a read-only Sentry tool found with search_sentry_tools. Tools that change data run only with"
              + " execute_sentry_write_tool.\n\n<examples>\nexecute_sentry_tool(name='get_issue_details',"
              + " arguments={'organizationSlug': 'my-org', 'issueId': 'PROJ-123'})\n</examples>")
      .input(input())
      .annotations(Annotations.READ_ONLY)
      .scopes()
      .allSkills()
      .build();

  static final ToolSpec WRITE_SPEC = ToolSpec.builder(WRITE_NAME, "Run a Sentry tool that changes data",
          "Run a Sentry tool that changes data (found with search_sentry_tools; e.g. add_issue_note, create_dsn)."
              + " Read-only tools run with execute_sentry_tool.")
      .input(input())
      .annotations(Annotations.DESTRUCTIVE_NOT_IDEMPOTENT)
      .scopes()
      .allSkills()
      .build();

  private final boolean readOnly;
  private volatile @Nullable Limit limit;

  private ExecuteSentryToolTool(ToolEnvironment env, ToolSpec spec, boolean readOnly) {
    super(env, spec);
    this.readOnly = readOnly;
  }

  static ExecuteSentryToolTool reads(ToolEnvironment env) {
    return new ExecuteSentryToolTool(env, READ_SPEC, true);
  }

  static ExecuteSentryToolTool writes(ToolEnvironment env) {
    return new ExecuteSentryToolTool(env, WRITE_SPEC, false);
  }

  /**
   * The longest limit of the tools it may run (analyze_issue_with_seer waits for Seer): the inner tool still bounds
   * its own requests by its own limit.
   */
  @Override
  public Duration timeout(Duration configured) {
    Limit l = limit;
    if (l == null || !l.configured().equals(configured)) {
      Duration max = configured;
      for (SentryTool t : env.tools().all()) {
        if (!Surfaces.isGateway(t.descriptor().name())) {
          Duration d = t.timeout(configured);
          if (d.compareTo(max) > 0) {
            max = d;
          }
        }
      }
      l = new Limit(configured, max);
      limit = l;
    }
    return l.longest();
  }

  /** The longest limit of the tools, for the configured limit it was computed from (the tools never change). */
  private record Limit(Duration configured, Duration longest) {}

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String name = args.requireString("name");
    String shown = Csv.printable(name, 64);
    SentryTool inner = env.tools().find(name).orElse(null);
    if (inner == null || Surfaces.isGateway(name)) {
      throw SentryMcpException.invalidInput("The tool \"" + shown + "\" is not available through "
          + spec().name() + ". Use search_sentry_tools to find one.");
    }
    // the gate's own words: which grant is missing (tool names, skills and scopes only)
    SentryMcpException denied = env.tools().gate().problem(inner, call.context().session());
    if (denied != null) {
      throw denied;
    }
    boolean innerReadOnly = inner.descriptor().annotations().readOnly();
    if (readOnly && !innerReadOnly) {
      throw SentryMcpException.invalidInput("The tool " + shown + " changes data: run it with " + WRITE_NAME
          + " (hosts may ask for approval there). Nothing was sent.");
    }
    if (!readOnly && innerReadOnly) {
      throw SentryMcpException.invalidInput("The tool " + shown + " only reads: run it with " + READ_NAME
          + ". Nothing was sent.");
    }
    Map<String, Object> arguments = args.object("arguments");
    call.checkCancelled();
    return env.tools().call(name, arguments, call.context());
  }
}
