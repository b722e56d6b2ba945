package io.github.sentrymcp.api.model;

/**
 * A chat model that can call tools: one bounded request in, one answer (text or tool calls) out. Implementations are
 * thread-safe and hold no conversation state; the caller sends the whole conversation every time.
 *
 * <p>The library's adapters send only the parameters the configured model accepts, never log the API key or the
 * provider's error text, and map every failure to a {@link ModelException} with a fixed-template message.
 */
public interface LanguageModel {

  /**
   * A short label of the provider and model for logs and results, such as {@code openai gpt-5}: server-chosen text,
   * never a key or a URL.
   *
   * @return the label
   */
  String name();

  /**
   * The provider's name for telemetry ({@code gen_ai.provider.name}), such as {@code openai}, {@code anthropic} or
   * {@code azure.ai.openai}; by default the first word of {@link #name()}.
   *
   * @return the provider's name
   */
  default String providerName() {
    String n = name().strip();
    int space = n.indexOf(' ');
    return space < 0 ? n : n.substring(0, space);
  }

  /**
   * The model asked for, for telemetry ({@code gen_ai.request.model}); by default what follows the first word of
   * {@link #name()}.
   *
   * @return the model's name
   */
  default String modelName() {
    String n = name().strip();
    int space = n.indexOf(' ');
    return space < 0 ? n : n.substring(space + 1).strip();
  }

  /**
   * Sends the conversation and returns the model's next turn.
   *
   * @param request the conversation, tools and bounds
   * @return the model's next turn
   * @throws ModelException when the provider refuses the request, fails, times out or answers something unreadable
   */
  ModelResponse generate(ModelRequest request);
}
