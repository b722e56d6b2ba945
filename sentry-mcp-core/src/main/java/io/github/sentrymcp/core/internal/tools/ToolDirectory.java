package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.ToolGate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The engine's tools as other tools see them: for tools that call a sibling (the gateway's executors, {@code
 * get_sentry_resource}). A sibling call passes the same gate as a direct call (tool lists, skills, scopes,
 * constraints), so a tool the session may not use is refused before any request, whichever tool reaches for it.
 *
 * <p>The engine fills the directory once, after creating its tools; until then (and for tools created outside an
 * engine) it is empty and every sibling is unknown.
 */
public final class ToolDirectory {
  private final ToolGate gate;
  private volatile Map<String, SentryTool> tools = Map.of();

  public ToolDirectory(ToolGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /**
   * Fills the directory.
   *
   * @throws IllegalStateException when it was filled before
   */
  public void install(Map<String, SentryTool> all) {
    if (!tools.isEmpty()) {
      throw new IllegalStateException("the tool directory is already filled");
    }
    tools = Map.copyOf(all);
  }

  /** The tool of this name, whether the session may use it or not. */
  public Optional<SentryTool> find(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** Every tool, in no particular order. */
  public Collection<SentryTool> all() {
    return tools.values();
  }

  /** The gate every call passes. */
  public ToolGate gate() {
    return gate;
  }

  /** Why the session may not use the tool of this name, or null when it may (an unknown name is a problem too). */
  public @Nullable SentryMcpException problem(String name, CallContext context) {
    SentryTool t = tools.get(name);
    if (t == null) {
      return SentryMcpException.invalidInput("The tool " + name + " does not exist in this server.");
    }
    return gate.problem(t, context.session());
  }

  /**
   * Calls a sibling for the same call context (its cancellation, metrics and session): the gate first, so a refused
   * call makes no request.
   *
   * @throws SentryMcpException when the session may not use the tool, or as the tool throws
   */
  public ToolResult call(String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    SentryTool t = tools.get(name);
    if (t == null) {
      throw SentryMcpException.invalidInput("The tool " + name + " does not exist in this server.");
    }
    SentryMcpException p = gate.problem(t, context.session());
    if (p != null) {
      throw p;
    }
    return t.call(arguments, context);
  }

  /** The names of the tools, sorted (for messages). */
  public List<String> names() {
    return tools.keySet().stream().sorted().toList();
  }
}
