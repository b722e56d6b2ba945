package io.github.sentrymcp.core.internal.tools;

import java.util.Objects;
import java.util.function.Function;

/**
 * A built-in tool as its feature registers it: its static definition, known without creating the tool (for {@link
 * BuiltinTools#names()}), and how an engine creates it.
 *
 * @param spec the tool's definition ({@code XxxTool.SPEC})
 * @param factory the tool's constructor ({@code XxxTool::new})
 */
public record ToolEntry(ToolSpec spec, Function<ToolEnvironment, ? extends AbstractSentryTool> factory) {
  public ToolEntry {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(factory, "factory");
  }

  public static ToolEntry of(ToolSpec spec, Function<ToolEnvironment, ? extends AbstractSentryTool> factory) {
    return new ToolEntry(spec, factory);
  }

  /**
   * Creates the tool for an engine.
   *
   * @throws IllegalStateException when the created tool does not carry this entry's spec (a spec registered with
   *     another tool's constructor)
   */
  public AbstractSentryTool create(ToolEnvironment env) {
    AbstractSentryTool tool = factory.apply(env);
    if (tool.spec() != spec) {
      throw new IllegalStateException("the entry of " + spec.name() + " creates the tool "
          + tool.spec().name());
    }
    return tool;
  }
}
