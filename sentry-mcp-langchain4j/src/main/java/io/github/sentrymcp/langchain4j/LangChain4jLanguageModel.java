package io.github.sentrymcp.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelException.Failure;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.model.ModelToolCall;
import io.github.sentrymcp.langchain4j.internal.JsonSchemas;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j {@link ChatModel} as the engine's {@link LanguageModel}, so that a host's configured model (with its
 * keys, endpoint, proxy, retries and listeners) also answers the natural-language search tools:
 *
 * <pre>{@code
 * LanguageModel model = LangChain4jLanguageModel.of(chatModel, "openai", "gpt-5");
 * SentryMcp engine = SentryMcp.create(SentryMcpConfig.builder().languageModel(model)...build());
 * }</pre>
 *
 * <p>A {@link ModelRequest} becomes a {@link ChatRequest}: the system text as a system message, user turns, earlier
 * assistant turns with their tool calls, tool results (with their error flag), the tools as {@link ToolSpecification}s
 * whose parameters are the tools' JSON schemas converted without loss, and the maximum number of output tokens. The
 * {@link ChatResponse} becomes a {@link ModelResponse}: its text, tool calls, token usage and stop reason. The
 * request's timeout is not passed on (a {@link ChatModel} has none per request): the model's own configured timeout
 * applies. A request whose cancellation signal has fired is not sent, and an answer that arrives after it fired is
 * dropped as {@link Failure#CANCELLED}.
 *
 * <p>Every exception of the chat model becomes a {@link ModelException} with a fitting {@link Failure} and a fixed
 * message: the provider's own text, which may echo the request, keys or URLs, is never in the message (it stays in
 * the exception's cause, which is never shown to a model or a user).
 */
public final class LangChain4jLanguageModel implements LanguageModel {
  private final ChatModel chatModel;
  private final String providerName;
  private final String modelName;

  private LangChain4jLanguageModel(ChatModel chatModel, String providerName, String modelName) {
    this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
    this.providerName = requireWord(providerName, "providerName");
    this.modelName = requireWord(modelName, "modelName");
  }

  /**
   * Adapts a chat model, naming it for logs and telemetry.
   *
   * @param providerName the provider as {@code gen_ai.provider.name} knows it, such as {@code openai}
   * @param modelName the model asked for, such as {@code gpt-5}
   * @param chatModel the chat model
   * @return the adapter
   */
  public static LangChain4jLanguageModel of(ChatModel chatModel, String providerName, String modelName) {
    return new LangChain4jLanguageModel(chatModel, providerName, modelName);
  }

  /**
   * Adapts a chat model, naming it after what it says of itself: its {@link ChatModel#provider() provider} and the
   * model name of its default request parameters ({@code unknown} when it has none).
   *
   * @param chatModel the chat model
   * @return the adapter
   */
  public static LangChain4jLanguageModel of(ChatModel chatModel) {
    Objects.requireNonNull(chatModel, "chatModel");
    String model = null;
    var defaults = chatModel.defaultRequestParameters();
    if (defaults != null) {
      model = defaults.modelName();
    }
    return new LangChain4jLanguageModel(chatModel, providerName(chatModel.provider()),
        model == null || model.isBlank() ? "unknown" : model.strip());
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
    ChatRequest chatRequest = chatRequest(request);
    if (request.cancellation().isCancelled()) {
      throw new ModelException(Failure.CANCELLED, "The model request was cancelled.");
    }
    ChatResponse response;
    try {
      response = chatModel.chat(chatRequest);
    } catch (RuntimeException e) {
      throw failure(e);
    }
    if (request.cancellation().isCancelled()) {
      throw new ModelException(Failure.CANCELLED, "The model request was cancelled.");
    }
    return modelResponse(response);
  }

  /** The LangChain4j request of a model request. */
  static ChatRequest chatRequest(ModelRequest request) {
    List<ChatMessage> messages = new ArrayList<>();
    if (!request.system().isBlank()) {
      messages.add(SystemMessage.from(request.system()));
    }
    for (ModelMessage m : request.messages()) {
      messages.add(message(m));
    }
    ChatRequest.Builder b = ChatRequest.builder().messages(messages).maxOutputTokens(request.maxOutputTokens());
    if (!request.tools().isEmpty()) {
      List<ToolSpecification> tools = new ArrayList<>();
      for (ModelTool t : request.tools()) {
        try {
          tools.add(ToolSpecification.builder().name(t.name()).description(t.description())
              .parameters(JsonSchemas.parameters(t.parametersSchema())).build());
        } catch (IllegalArgumentException e) {
          throw new ModelException(Failure.INVALID_REQUEST, 0,
              "The parameters schema of the model tool " + t.name() + " is not a JSON object schema.", null, e);
        }
      }
      b.toolSpecifications(tools);
    }
    return b.build();
  }

  private static ChatMessage message(ModelMessage m) {
    if (m instanceof ModelMessage.User u) {
      return UserMessage.from(u.text());
    }
    if (m instanceof ModelMessage.Assistant a) {
      List<ToolExecutionRequest> calls = new ArrayList<>();
      for (ModelToolCall c : a.toolCalls()) {
        calls.add(ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.arguments()).build());
      }
      AiMessage.Builder b = AiMessage.builder().toolExecutionRequests(calls);
      if (a.text() != null) {
        b.text(a.text());
      }
      return b.build();
    }
    ModelMessage.ToolResult r = (ModelMessage.ToolResult) m;
    return ToolExecutionResultMessage.builder().id(r.callId()).toolName(r.toolName()).text(r.content())
        .isError(r.error()).build();
  }

  /** The model response of a LangChain4j response. */
  static ModelResponse modelResponse(@Nullable ChatResponse response) {
    AiMessage ai = response == null ? null : response.aiMessage();
    if (response == null || ai == null) {
      throw new ModelException(Failure.BAD_RESPONSE, "The model's answer had no message.");
    }
    List<ModelToolCall> calls = new ArrayList<>();
    List<ToolExecutionRequest> requests = ai.toolExecutionRequests();
    if (requests != null) {
      int i = 0;
      for (ToolExecutionRequest r : requests) {
        i++;
        if (r.name() == null || r.name().isBlank()) {
          throw new ModelException(Failure.BAD_RESPONSE, "The model asked for a tool call without a tool name.");
        }
        String id = r.id() == null || r.id().isBlank() ? "call_" + i : r.id();
        String arguments = r.arguments() == null || r.arguments().isBlank() ? "{}" : r.arguments();
        calls.add(new ModelToolCall(id, r.name(), arguments));
      }
    }
    String text = ai.text();
    if (text == null && calls.isEmpty()) {
      throw new ModelException(Failure.BAD_RESPONSE, "The model's answer had neither text nor tool calls.");
    }
    return new ModelResponse(text, calls, usage(response.tokenUsage()), stop(response.finishReason(), calls));
  }

  private static ModelResponse.Usage usage(@Nullable TokenUsage usage) {
    if (usage == null) {
      return ModelResponse.Usage.UNKNOWN;
    }
    return new ModelResponse.Usage(count(usage.inputTokenCount()), count(usage.outputTokenCount()));
  }

  private static long count(@Nullable Integer n) {
    return n == null || n < 0 ? 0 : n;
  }

  private static ModelResponse.Stop stop(@Nullable FinishReason reason, List<ModelToolCall> calls) {
    if (reason == null) {
      return calls.isEmpty() ? ModelResponse.Stop.END : ModelResponse.Stop.TOOL_CALLS;
    }
    return switch (reason) {
      case STOP -> calls.isEmpty() ? ModelResponse.Stop.END : ModelResponse.Stop.TOOL_CALLS;
      case TOOL_EXECUTION -> ModelResponse.Stop.TOOL_CALLS;
      case LENGTH -> ModelResponse.Stop.MAX_TOKENS;
      case CONTENT_FILTER -> ModelResponse.Stop.CONTENT_FILTER;
      case OTHER -> ModelResponse.Stop.OTHER;
    };
  }

  /** The model exception of a chat model's failure: the most specific cause in the chain decides. */
  static ModelException failure(RuntimeException e) {
    if (e instanceof ModelException m) {
      return m;
    }
    Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      ModelException mapped = mapped(t, e);
      if (mapped != null) {
        return mapped;
      }
    }
    return ModelException.of(Failure.UNAVAILABLE, 0, e);
  }

  private static @Nullable ModelException mapped(Throwable t, RuntimeException root) {
    if (t instanceof AuthenticationException) {
      return fixed(Failure.AUTHENTICATION, 0, root);
    }
    if (t instanceof ModelNotFoundException) {
      return fixed(Failure.NOT_FOUND, 0, root);
    }
    if (t instanceof InvalidRequestException) {
      return fixed(Failure.INVALID_REQUEST, 0, root);
    }
    if (t instanceof RateLimitException) {
      return fixed(Failure.RATE_LIMITED, 0, root);
    }
    if (t instanceof TimeoutException || t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
        || t instanceof java.util.concurrent.TimeoutException) {
      return fixed(Failure.TIMEOUT, 0, root);
    }
    if (t instanceof InternalServerException) {
      return fixed(Failure.UNAVAILABLE, 0, root);
    }
    if (t instanceof UnresolvedModelServerException || t instanceof UnknownHostException
        || t instanceof ConnectException) {
      return fixed(Failure.NETWORK, 0, root);
    }
    if (t instanceof HttpException h) {
      return fixed(Failure.ofHttpStatus(h.statusCode()), h.statusCode(), root);
    }
    if (t instanceof CancellationException || t instanceof InterruptedException) {
      return fixed(Failure.CANCELLED, 0, root);
    }
    if (t instanceof IOException) {
      return fixed(Failure.NETWORK, 0, root);
    }
    return null;
  }

  private static ModelException fixed(Failure failure, int status, RuntimeException cause) {
    return ModelException.of(failure, status, cause);
  }

  private static String providerName(@Nullable ModelProvider provider) {
    if (provider == null) {
      return "langchain4j";
    }
    return switch (provider) {
      case OPEN_AI -> "openai";
      case ANTHROPIC -> "anthropic";
      case AZURE_OPEN_AI -> "azure.ai.openai";
      case AMAZON_BEDROCK -> "aws.bedrock";
      case GOOGLE_AI_GEMINI -> "gcp.gemini";
      case GOOGLE_VERTEX_AI_GEMINI, GOOGLE_VERTEX_AI_ANTHROPIC -> "gcp.vertex_ai";
      case GOOGLE_GENAI -> "gcp.gen_ai";
      case MISTRAL_AI -> "mistral_ai";
      case WATSONX -> "ibm.watsonx.ai";
      case OTHER -> "langchain4j";
      default -> provider.name().toLowerCase(Locale.ROOT);
    };
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
    return "LangChain4jLanguageModel[" + name() + "]";
  }
}
