package io.github.sentrymcp.api.model;

import java.util.Objects;

/**
 * A tool call the model asked for. All three values are the model's output: untrusted until checked.
 *
 * @param id the provider's id of the call, echoed in the {@link ModelMessage.ToolResult} that answers it
 * @param name the tool the model named (it may name none of the offered tools)
 * @param arguments the arguments as JSON text (it may not be valid JSON)
 */
public record ModelToolCall(String id, String name, String arguments) {
  /**
   * Checks that every component is present.
   *
   * @param id the provider's id of the call, echoed in the {@link ModelMessage.ToolResult} that answers it
   * @param name the tool the model named (it may name none of the offered tools)
   * @param arguments the arguments as JSON text (it may not be valid JSON)
   * @throws NullPointerException when a component is null
   */
  public ModelToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }
}
