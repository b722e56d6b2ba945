package io.github.sentrymcp.api.model;

import io.github.sentrymcp.api.CancellationSignal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One request to a model: the whole conversation, the tools it may call and the bounds of its answer.
 *
 * @param system the system prompt (server text)
 * @param messages the conversation so far, oldest first; never empty
 * @param tools the tools the model may call (may be empty)
 * @param maxOutputTokens the most tokens the answer may have (sent as the provider's output limit)
 * @param timeout how long the whole request may take
 * @param cancellation cancelled when the tool call that asked is cancelled; an adapter aborts its request then
 */
public record ModelRequest(String system, List<ModelMessage> messages, List<ModelTool> tools, int maxOutputTokens,
    Duration timeout, CancellationSignal cancellation) {
  /**
   * Copies the lists and checks the bounds.
   *
   * @param system the system prompt (server text)
   * @param messages the conversation so far, oldest first; never empty
   * @param tools the tools the model may call (may be empty)
   * @param maxOutputTokens the most tokens the answer may have (sent as the provider's output limit)
   * @param timeout how long the whole request may take
   * @param cancellation cancelled when the tool call that asked is cancelled; an adapter aborts its request then
   * @throws NullPointerException when a component is null
   * @throws IllegalArgumentException when there is no message, {@code maxOutputTokens} is not positive or {@code
   *     timeout} is not positive
   */
  public ModelRequest {
    Objects.requireNonNull(system, "system");
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(cancellation, "cancellation");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a model request has at least one message");
    }
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /**
   * A request that nothing cancels but its timeout.
   *
   * @param system the system prompt (server text)
   * @param messages the conversation so far, oldest first; never empty
   * @param tools the tools the model may call (may be empty)
   * @param maxOutputTokens the most tokens the answer may have
   * @param timeout how long the whole request may take
   */
  public ModelRequest(String system, List<ModelMessage> messages, List<ModelTool> tools, int maxOutputTokens,
      Duration timeout) {
    this(system, messages, tools, maxOutputTokens, timeout, CancellationSignal.never());
  }
}
