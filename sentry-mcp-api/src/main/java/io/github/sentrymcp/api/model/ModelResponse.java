package io.github.sentrymcp.api.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The model's turn: text, tool calls, or both. Everything in it is model output, derived from what it was shown.
 *
 * @param text the text of the answer, or null when it has none
 * @param toolCalls the tools it asks to call, in order (empty when none)
 * @param usage the tokens the provider counted for this request
 * @param stop why the model stopped
 */
public record ModelResponse(@Nullable String text, List<ModelToolCall> toolCalls, Usage usage, Stop stop) {
  /**
   * Copies the tool calls.
   *
   * @param text the text of the answer, or null when it has none
   * @param toolCalls the tools it asks to call, in order (empty when none)
   * @param usage the tokens the provider counted for this request
   * @param stop why the model stopped
   * @throws NullPointerException when {@code toolCalls}, {@code usage} or {@code stop} is null
   */
  public ModelResponse {
    toolCalls = List.copyOf(toolCalls);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(stop, "stop");
  }

  /**
   * Tokens the provider counted; {@code 0} when it did not say.
   *
   * @param inputTokens the prompt's tokens
   * @param outputTokens the answer's tokens
   */
  public record Usage(long inputTokens, long outputTokens) {
    /** The usage of a provider that did not say. */
    public static final Usage UNKNOWN = new Usage(0, 0);

    /**
     * Checks the counts.
     *
     * @param inputTokens the prompt's tokens
     * @param outputTokens the answer's tokens
     * @throws IllegalArgumentException when a count is negative
     */
    public Usage {
      if (inputTokens < 0 || outputTokens < 0) {
        throw new IllegalArgumentException("token counts are not negative");
      }
    }
  }

  /** Why the model stopped. */
  public enum Stop {
    /** It finished its answer. */
    END,
    /** It wants the results of its tool calls. */
    TOOL_CALLS,
    /** It reached {@link ModelRequest#maxOutputTokens()}. */
    MAX_TOKENS,
    /** The provider's content filter stopped it. */
    CONTENT_FILTER,
    /** Any other reason the provider gave. */
    OTHER
  }
}
