package io.github.sentrymcp.api.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One turn of a conversation with a model. The system prompt is not a message: it is {@link ModelRequest#system()}. */
public sealed interface ModelMessage {

  /**
   * What the model is asked.
   *
   * @param text the question
   */
  record User(String text) implements ModelMessage {
    /**
     * Checks the text.
     *
     * @param text the question
     * @throws NullPointerException when {@code text} is null
     */
    public User {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An earlier answer of the model, sent back so that it sees its own tool calls.
   *
   * @param text the answer's text, or null when it only called tools
   * @param toolCalls the tool calls it asked for; copied
   */
  record Assistant(@Nullable String text, List<ModelToolCall> toolCalls) implements ModelMessage {
    /**
     * Copies the tool calls.
     *
     * @param text the answer's text, or null when it only called tools
     * @param toolCalls the tool calls it asked for; copied
     * @throws IllegalArgumentException when there is neither text nor a tool call
     */
    public Assistant {
      toolCalls = List.copyOf(toolCalls);
      if (text == null && toolCalls.isEmpty()) {
        throw new IllegalArgumentException("an assistant turn has text or tool calls");
      }
    }

    /**
     * The turn of a response.
     *
     * @param response the model's response
     * @return its text and tool calls as an assistant turn
     */
    public static Assistant of(ModelResponse response) {
      return new Assistant(response.text(), response.toolCalls());
    }
  }

  /**
   * The answer to one tool call.
   *
   * @param callId the {@link ModelToolCall#id()} it answers
   * @param toolName the tool's name as the model called it
   * @param content the result, as text the library wrote (Sentry's values inside its untrusted-data fences)
   * @param error whether the call failed (content then says why)
   */
  record ToolResult(String callId, String toolName, String content, boolean error) implements ModelMessage {
    /**
     * Checks that every component is present.
     *
     * @param callId the {@link ModelToolCall#id()} it answers
     * @param toolName the tool's name as the model called it
     * @param content the result, as text the library wrote (Sentry's values inside its untrusted-data fences)
     * @param error whether the call failed (content then says why)
     * @throws NullPointerException when {@code callId}, {@code toolName} or {@code content} is null
     */
    public ToolResult {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(content, "content");
    }
  }
}
