package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.ScopeResolver;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.CallScope;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Base of the built-in tools. {@link #call} is the whole pipeline, whichever way a tool is invoked (MCP transport or
 * plain Java): skills and scopes are checked first (fail closed, no request made), constrained parameters are
 * replaced by the session's constraint values (write tools instead refuse values naming another organization or
 * project, see {@link #refusesConstraintOverride()}), arguments are validated against the schema, then {@link
 * #execute} runs.
 */
public abstract class AbstractSentryTool implements SentryTool {

  /** Parameters that session constraints pin. */
  public static final Set<String> CONSTRAINT_PARAMS =
      Set.of("organizationSlug", "projectSlug", "projectSlugOrId", "regionUrl");

  protected final ToolEnvironment env;
  private final ToolSpec spec;
  private final ToolDescriptor descriptor;

  protected AbstractSentryTool(ToolEnvironment env, ToolSpec spec) {
    this.env = env;
    this.spec = spec;
    this.descriptor = spec.descriptor();
  }

  @Override
  public final ToolDescriptor descriptor() {
    return descriptor;
  }

  public final ToolSpec spec() {
    return spec;
  }

  /** The descriptor as advertised in a constrained session: pinned parameters removed from the input schema. */
  @Override
  public ToolDescriptor descriptorFor(SessionConstraints constraints) {
    Set<String> hidden = hiddenParams(constraints);
    if (hidden.isEmpty()) {
      return descriptor;
    }
    return new ToolDescriptor(descriptor.name(), descriptor.title(), descriptor.description(),
        spec.input().jsonSchemaWithout(hidden), descriptor.outputSchema(), descriptor.annotations(),
        descriptor.requiredScopes(), descriptor.skills());
  }

  /** Whether the tool makes no sense in this constrained session (e.g. find_organizations under an org pin). */
  @Override
  public boolean hiddenUnder(SessionConstraints constraints) {
    return false;
  }

  /**
   * Whether a caller value for a pinned organization or project that differs from the session's constraint is
   * refused with a permission error. For read-only tools such a value is silently replaced by the constraint (as the
   * reference server does); every tool that is not read-only refuses it, so a write aimed outside the constrained
   * organization or project fails before any request instead of being redirected to another target.
   */
  protected boolean refusesConstraintOverride() {
    return !spec.annotations().readOnly();
  }

  private static Set<String> hiddenParams(SessionConstraints c) {
    Set<String> hidden = new LinkedHashSet<>();
    if (c.organizationSlug() != null) {
      hidden.add("organizationSlug");
    }
    if (c.projectSlug() != null) {
      hidden.add("projectSlug");
      hidden.add("projectSlugOrId");
    }
    if (c.regionUrl() != null) {
      hidden.add("regionUrl");
    }
    return hidden;
  }

  @Override
  public final ToolResult call(Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    // the engine's gate, asked again: a built-in tool called directly from Java is gated the same way
    SentryMcpException denied = env.gate().problem(this, context.session());
    if (denied != null) {
      throw denied;
    }
    SessionConstraints c = context.constraints();
    if (refusesConstraintOverride()) {
      refuseOverride(arguments, "organizationSlug", c.organizationSlug(), "organization");
      refuseOverride(arguments, "projectSlug", c.projectSlug(), "project");
      refuseOverride(arguments, "projectSlugOrId", c.projectSlug(), "project");
    }
    Map<String, @Nullable Object> effective = new HashMap<>(arguments);
    Set<String> hidden = hiddenParams(c);
    effective.keySet().removeAll(hidden);
    if (c.organizationSlug() != null && spec.input().has("organizationSlug")) {
      effective.put("organizationSlug", c.organizationSlug());
    }
    if (c.projectSlug() != null) {
      if (spec.input().has("projectSlug")) {
        effective.put("projectSlug", c.projectSlug());
      }
      if (spec.input().has("projectSlugOrId")) {
        effective.put("projectSlugOrId", c.projectSlug());
      }
    }
    if (c.regionUrl() != null && spec.input().has("regionUrl")) {
      effective.put("regionUrl", c.regionUrl());
    }
    Args args = spec.input().validate(descriptor.name(), effective);
    try (CallScope scope = CallScope.start(context.cancellation(), timeout(env.config().callTimeout()),
        context.session().credential(), context.metrics(), context.observer())) {
      scope.check();
      return execute(args, new ToolCall(context, scope, env.client().bind(scope)));
    } // closing the scope aborts any request of the call still outstanding: none outlives the call
  }

  private void refuseOverride(Map<String, ? extends @Nullable Object> arguments, String param,
      @Nullable String pinned, String what) {
    Object given = arguments.get(param);
    if (pinned == null || given == null || !spec.input().has(param)) {
      return;
    }
    if (!(given instanceof String s) || !s.strip().equals(pinned)) {
      // the caller's value is not repeated: it is unvalidated input
      throw SentryMcpException.permissionDenied("The tool " + descriptor.name() + " may only work inside the "
          + what + " this session is constrained to (" + pinned + "), but " + param + " names another one."
          + " No request was sent.");
    }
  }

  /**
   * Runs the tool with validated arguments (constraints already injected). Every request goes through {@link
   * ToolCall#api()}, so that it ends when the call is cancelled or out of time.
   */
  protected abstract ToolResult execute(Args args, ToolCall call);

  /**
   * Under a project constraint, an issue fetched by id must belong to the constrained project.
   *
   * @param issue the issue JSON (its {@code project.slug} is compared)
   */
  protected static void requireConstrainedProject(SentryJson issue, CallContext context) {
    String project = context.constraints().projectSlug();
    if (project != null && !issue.path("project", "slug").textEquals(project)) {
      throw SentryMcpException.permissionDenied(
          "The issue does not belong to the project this session is constrained to (" + project + ").");
    }
  }
}
