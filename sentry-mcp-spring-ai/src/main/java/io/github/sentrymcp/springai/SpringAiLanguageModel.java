package io.github.sentrymcp.springai;

import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelException.Failure;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.model.ModelToolCall;
import io.github.sentrymcp.springai.internal.ModelFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * A Spring AI {@link ChatModel} as the engine's {@link LanguageModel}, so that the model a Spring application has
 * configured (with its keys, endpoint, retries and observations) also answers the natural-language search tools:
 *
 * <pre>{@code
 * LanguageModel model = SpringAiLanguageModel.of(chatModel, "openai");
 * SentryMcp engine = SentryMcp.create(SentryMcpConfig.builder().languageModel(model)...build());
 * }</pre>
 *
 * <p>With the auto-configuration ({@link SentryMcpAutoConfiguration}) a single {@code ChatModel} bean is used this way
 * when {@code sentry.mcp.language-model.enabled=true}.
 *
 * <p>A {@link ModelRequest} becomes a {@link Prompt}: the system text as a system message, user turns, earlier
 * assistant turns with their tool calls, tool results (an error result's text starts with {@code Error: }, since
 * Spring AI's tool responses have no error flag), and {@link ToolCallingChatOptions} with the maximum number of output
 * tokens and one tool definition per tool, whose input schema is the tool's JSON schema text unchanged. The tool
 * definitions are never executed by this adapter or by Spring AI's chat models (Spring AI 2.0 models only return the
 * calls the model asks for); the engine runs them. The {@link ChatResponse} becomes a {@link ModelResponse}: its text,
 * tool calls, token usage and stop reason. The request's timeout is not passed on (a {@code ChatModel} takes none per
 * request): the model's configured timeout applies. A request whose cancellation signal has fired is not sent, and an
 * answer that arrives after it fired is dropped as {@link Failure#CANCELLED}.
 *
 * <p>Every exception of the chat model becomes a {@link ModelException} with a fitting {@link Failure} (from the
 * provider SDK's HTTP status where the exception carries one, else from the kind of failure) and a fixed message: the
 * provider's own text, which may echo the request, keys or URLs, is never in the message.
 */
public final class SpringAiLanguageModel implements LanguageModel {
  private final ChatModel chatModel;
  private final String providerName;
  private final String modelName;

  private SpringAiLanguageModel(ChatModel chatModel, String providerName, String modelName) {
    this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
    this.providerName = requireWord(providerName, "providerName");
    this.modelName = requireWord(modelName, "modelName");
  }

  /**
   * Adapts a chat model, naming it for logs and telemetry.
   *
   * @param chatModel the application's chat model
   * @param providerName the provider as {@code gen_ai.provider.name} knows it, such as {@code openai}
   * @param modelName the model asked for, such as {@code gpt-5}
   * @return the adapter
   * @throws IllegalArgumentException when a name is blank or more than one word
   */
  public static SpringAiLanguageModel of(ChatModel chatModel, String providerName, String modelName) {
    return new SpringAiLanguageModel(chatModel, providerName, modelName);
  }

  /**
   * Adapts a chat model, naming the model after its default options ({@link ChatOptions#getModel()}; {@code unknown}
   * when it has none).
   *
   * @param chatModel the application's chat model
   * @param providerName the provider as {@code gen_ai.provider.name} knows it, such as {@code openai}
   * @return the adapter
   */
  public static SpringAiLanguageModel of(ChatModel chatModel, String providerName) {
    Objects.requireNonNull(chatModel, "chatModel");
    return new SpringAiLanguageModel(chatModel, providerName, defaultModel(chatModel));
  }

  /**
   * Adapts a chat model, naming the provider after the model's class ({@code OpenAiChatModel} is {@code openai},
   * {@code AnthropicChatModel} {@code anthropic}; {@code spring_ai} for others) and the model after its default
   * options.
   *
   * @param chatModel the application's chat model
   * @return the adapter
   */
  public static SpringAiLanguageModel of(ChatModel chatModel) {
    Objects.requireNonNull(chatModel, "chatModel");
    return new SpringAiLanguageModel(chatModel, providerOf(chatModel), defaultModel(chatModel));
  }

  @Override
  public String name() {
    return providerName + " " + modelName;
  }

  @Override
  public String providerName() {
    return providerName;
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public ModelResponse generate(ModelRequest request) {
    Objects.requireNonNull(request, "request");
    Prompt prompt = prompt(request);
    if (request.cancellation().isCancelled()) {
      throw new ModelException(Failure.CANCELLED, "The model request was cancelled.");
    }
    ChatResponse response;
    try {
      response = chatModel.call(prompt);
    } catch (RuntimeException e) {
      throw ModelFailures.of(e);
    }
    if (request.cancellation().isCancelled()) {
      throw new ModelException(Failure.CANCELLED, "The model request was cancelled.");
    }
    return modelResponse(response);
  }

  /** The Spring AI prompt of a model request. */
  static Prompt prompt(ModelRequest request) {
    List<Message> messages = new ArrayList<>();
    if (!request.system().isBlank()) {
      messages.add(new SystemMessage(request.system()));
    }
    List<ModelMessage> turns = request.messages();
    for (int i = 0; i < turns.size(); i++) {
      ModelMessage m = turns.get(i);
      if (m instanceof ModelMessage.ToolResult) {
        // consecutive tool results answer one assistant turn: one tool response message holds them all
        List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
        while (i < turns.size() && turns.get(i) instanceof ModelMessage.ToolResult r) {
          String data = r.error() ? "Error: " + r.content() : r.content();
          responses.add(new ToolResponseMessage.ToolResponse(r.callId(), r.toolName(), data));
          i++;
        }
        i--;
        messages.add(ToolResponseMessage.builder().responses(responses).build());
      } else {
        messages.add(message(m));
      }
    }
    ToolCallingChatOptions.Builder<?> options = ToolCallingChatOptions.builder().maxTokens(request.maxOutputTokens());
    if (!request.tools().isEmpty()) {
      List<ToolCallback> tools = new ArrayList<>();
      for (ModelTool t : request.tools()) {
        tools.add(new DeclaredTool(ToolDefinition.builder().name(t.name()).description(t.description())
            .inputSchema(t.parametersSchema()).build()));
      }
      options.toolCallbacks(tools);
    }
    return new Prompt(messages, options.build());
  }

  private static Message message(ModelMessage m) {
    if (m instanceof ModelMessage.User u) {
      return new UserMessage(u.text());
    }
    ModelMessage.Assistant a = (ModelMessage.Assistant) m;
    List<AssistantMessage.ToolCall> calls = new ArrayList<>();
    for (ModelToolCall c : a.toolCalls()) {
      calls.add(new AssistantMessage.ToolCall(c.id(), "function", c.name(), c.arguments()));
    }
    return AssistantMessage.builder().content(a.text() == null ? "" : a.text()).toolCalls(calls).build();
  }

  /** The model response of a Spring AI response: the first generation, with the response's usage. */
  static ModelResponse modelResponse(@Nullable ChatResponse response) {
    Generation generation = response == null ? null : response.getResult();
    AssistantMessage ai = generation == null ? null : generation.getOutput();
    if (response == null || generation == null || ai == null) {
      throw new ModelException(Failure.BAD_RESPONSE, "The model's answer had no message.");
    }
    List<ModelToolCall> calls = new ArrayList<>();
    int i = 0;
    for (AssistantMessage.ToolCall c : ai.getToolCalls()) {
      i++;
      if (c.name() == null || c.name().isBlank()) {
        throw new ModelException(Failure.BAD_RESPONSE, "The model asked for a tool call without a tool name.");
      }
      String id = c.id() == null || c.id().isBlank() ? "call_" + i : c.id();
      String arguments = c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments();
      calls.add(new ModelToolCall(id, c.name(), arguments));
    }
    String text = ai.getText();
    if (text != null && text.isEmpty() && !calls.isEmpty()) {
      text = null;
    }
    if ((text == null || text.isEmpty()) && calls.isEmpty()) {
      throw new ModelException(Failure.BAD_RESPONSE, "The model's answer had neither text nor tool calls.");
    }
    Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
    return new ModelResponse(text, calls, usage(usage), stop(generation.getMetadata(), calls));
  }

  private static ModelResponse.Usage usage(@Nullable Usage usage) {
    if (usage == null) {
      return ModelResponse.Usage.UNKNOWN;
    }
    return new ModelResponse.Usage(count(usage.getPromptTokens()), count(usage.getCompletionTokens()));
  }

  private static long count(@Nullable Integer n) {
    return n == null || n < 0 ? 0 : n;
  }

  /** Providers name their finish reasons differently ({@code stop}, {@code end_turn}, {@code TOOL_CALLS}, ...). */
  private static ModelResponse.Stop stop(@Nullable ChatGenerationMetadata metadata, List<ModelToolCall> calls) {
    String reason = metadata == null ? null : metadata.getFinishReason();
    if (!calls.isEmpty()) {
      return ModelResponse.Stop.TOOL_CALLS;
    }
    if (reason == null || reason.isBlank()) {
      return ModelResponse.Stop.END;
    }
    return switch (reason.strip().toLowerCase(Locale.ROOT)) {
      case "stop", "end_turn", "stop_sequence", "complete", "completed", "end" -> ModelResponse.Stop.END;
      case "tool_calls", "tool_use", "function_call", "tool_call" -> ModelResponse.Stop.TOOL_CALLS;
      case "length", "max_tokens", "max_output_tokens" -> ModelResponse.Stop.MAX_TOKENS;
      case "content_filter", "safety", "refusal", "blocklist", "prohibited_content" ->
          ModelResponse.Stop.CONTENT_FILTER;
      default -> ModelResponse.Stop.OTHER;
    };
  }

  private static String defaultModel(ChatModel chatModel) {
    String model = null;
    try {
      ChatOptions defaults = chatModel.getDefaultOptions();
      model = defaults == null ? null : defaults.getModel();
    } catch (RuntimeException e) {
      // a model that cannot say: named "unknown"
    }
    return model == null || model.isBlank() || model.strip().chars().anyMatch(Character::isWhitespace)
        ? "unknown" : model.strip();
  }

  private static String providerOf(ChatModel chatModel) {
    String simple = chatModel.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    if (simple.startsWith("azureopenai")) {
      return "azure.ai.openai";
    }
    if (simple.startsWith("openai")) {
      return "openai";
    }
    if (simple.startsWith("anthropic")) {
      return "anthropic";
    }
    if (simple.startsWith("bedrock")) {
      return "aws.bedrock";
    }
    if (simple.startsWith("vertexai") || simple.startsWith("googlegenai")) {
      return "gcp.gen_ai";
    }
    if (simple.startsWith("mistral")) {
      return "mistral_ai";
    }
    if (simple.startsWith("ollama")) {
      return "ollama";
    }
    if (simple.startsWith("deepseek")) {
      return "deepseek";
    }
    return "spring_ai";
  }

  private static String requireWord(String value, String what) {
    Objects.requireNonNull(value, what);
    String v = value.strip();
    if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(what + " is one word, not blank");
    }
    return v;
  }

  @Override
  public String toString() {
    return "SpringAiLanguageModel[" + name() + "]";
  }

  /**
   * A tool the model may ask for: its definition only. The engine runs the tools; if anything called this one, it
   * answers with an error text rather than running anything.
   */
  private record DeclaredTool(ToolDefinition definition) implements ToolCallback {
    @Override
    public ToolDefinition getToolDefinition() {
      return definition;
    }

    @Override
    public String call(String toolInput) {
      return "Error: this tool runs in the Sentry engine, not in the chat model.";
    }
  }
}
