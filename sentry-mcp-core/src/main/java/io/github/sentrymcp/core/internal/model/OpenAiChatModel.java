package io.github.sentrymcp.core.internal.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.model.ModelToolCall;
import io.github.sentrymcp.core.model.ModelProvider;
import io.github.sentrymcp.core.model.ModelSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's Chat Completions API ({@code POST <base>/chat/completions}) for OpenAI, Azure OpenAI, OpenRouter and
 * OpenAI-compatible servers. The request carries only {@code model} (not for an Azure deployment URL),
 * {@code messages}, {@code tools} (when there are any), the output limit under the configured parameter name and, for
 * OpenRouter, {@code reasoning} when an effort is set: no sampling or format parameter a model could refuse.
 */
final class OpenAiChatModel implements LanguageModel {
  private final ModelSettings settings;
  private final ModelHttp http;
  private final URI endpoint;
  private final boolean modelInBody;
  private final Map<String, String> headers;
  private final AtomicLong generatedIds = new AtomicLong();

  OpenAiChatModel(ModelSettings settings, ModelHttp http, URI endpoint, boolean modelInBody) {
    this.settings = settings;
    this.http = http;
    this.endpoint = endpoint;
    this.modelInBody = modelInBody;
    Map<String, String> h = new LinkedHashMap<>();
    if (settings.provider() == ModelProvider.AZURE_OPENAI) {
      h.put("api-key", settings.apiKey());
    } else {
      h.put("Authorization", "Bearer " + settings.apiKey());
    }
    if (settings.provider() == ModelProvider.OPENROUTER) {
      h.put("X-Title", "sentry-mcp-java");
    }
    this.headers = Map.copyOf(h);
  }

  @Override
  public String name() {
    return settings.label();
  }

  @Override
  public String providerName() {
    return settings.provider().telemetryName();
  }

  @Override
  public String modelName() {
    return settings.model();
  }

  @Override
  public ModelResponse generate(ModelRequest request) {
    ModelHttp.JsonAnswer answer = http.postForObject(endpoint, headers, body(request), request);
    JsonNode root = answer.root();
    if (root.path("error").isObject() && !root.path("choices").isArray()) {
      // OpenRouter reports some failures as HTTP 200 with an error object whose code is an HTTP-like status
      JsonNode code = root.path("error").path("code");
      int status = code.canConvertToInt() ? code.asInt() : 0;
      if (status >= 400 && status < 600) {
        throw http.statusFailure(status, answer.headers(), ModelHttp.ProviderError.of(root));
      }
      throw http.badResponse(answer.status(), "an error object instead of a chat completion", null);
    }
    return parse(root, answer.status());
  }

  /** The request body: nothing beyond what every chat model accepts. */
  ObjectNode body(ModelRequest request) {
    ObjectNode body = ModelHttp.JSON.createObjectNode();
    if (modelInBody) {
      body.put("model", settings.model());
    }
    ArrayNode messages = body.putArray("messages");
    if (!request.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (ModelMessage m : request.messages()) {
      if (m instanceof ModelMessage.User u) {
        messages.addObject().put("role", "user").put("content", u.text());
      } else if (m instanceof ModelMessage.Assistant a) {
        ObjectNode o = messages.addObject().put("role", "assistant");
        o.put("content", a.text());
        if (!a.toolCalls().isEmpty()) {
          ArrayNode calls = o.putArray("tool_calls");
          for (ModelToolCall c : a.toolCalls()) {
            ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
            call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
          }
        }
      } else if (m instanceof ModelMessage.ToolResult r) {
        messages.addObject().put("role", "tool").put("tool_call_id", r.callId()).put("content", r.content());
      }
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ModelTool t : request.tools()) {
        ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
        fn.put("name", t.name()).put("description", t.description()).set("parameters", schema(t));
      }
    }
    body.put(settings.tokenLimit().parameter(), request.maxOutputTokens());
    if (settings.provider() == ModelProvider.OPENROUTER) {
      settings.reasoningEffort().ifPresent(e -> body.putObject("reasoning").put("effort", e));
    }
    return body;
  }

  static JsonNode schema(ModelTool tool) {
    JsonNode schema;
    try {
      schema = ModelHttp.JSON.readTree(tool.parametersSchema());
    } catch (JsonProcessingException e) {
      schema = null;
    }
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException("the parameters schema of model tool " + tool.name()
          + " is not a JSON object");
    }
    return schema;
  }

  private ModelResponse parse(JsonNode root, int status) {
    JsonNode choice = root.path("choices").path(0);
    JsonNode message = choice.path("message");
    if (!message.isObject()) {
      throw http.badResponse(status, "no chat completion choice", null);
    }
    String text = text(message.path("content"));
    if (text == null && !message.path("content").isMissingNode() && !message.path("content").isNull()) {
      throw http.badResponse(status, "a message content that is neither text nor text parts", null);
    }
    List<ModelToolCall> calls = new ArrayList<>();
    JsonNode toolCalls = message.path("tool_calls");
    if (!toolCalls.isMissingNode() && !toolCalls.isNull() && !toolCalls.isArray()) {
      throw http.badResponse(status, "tool calls that are not a list", null);
    }
    for (JsonNode c : toolCalls) {
      JsonNode fn = c.path("function");
      JsonNode name = fn.path("name");
      if (!name.isTextual() || name.asText().isEmpty()) {
        throw http.badResponse(status, "a tool call without a name", null);
      }
      String id = c.path("id").isTextual() && !c.path("id").asText().isEmpty() ? c.path("id").asText()
          : "call_" + generatedIds.incrementAndGet();
      calls.add(new ModelToolCall(id, name.asText(), arguments(fn.path("arguments"))));
    }
    ModelResponse.Stop stop = calls.isEmpty() ? stop(choice.path("finish_reason").asText(""))
        : ModelResponse.Stop.TOOL_CALLS;
    if (text == null && calls.isEmpty() && message.path("refusal").isTextual()) {
      // the model declined (its refusal text is not passed on): reported like a content filter stop
      stop = ModelResponse.Stop.CONTENT_FILTER;
    }
    if (text == null && calls.isEmpty() && stop != ModelResponse.Stop.MAX_TOKENS
        && stop != ModelResponse.Stop.CONTENT_FILTER) {
      throw http.badResponse(status, "a message with neither content nor tool calls", null);
    }
    JsonNode usage = root.path("usage");
    return new ModelResponse(text, calls,
        new ModelResponse.Usage(count(usage.path("prompt_tokens")), count(usage.path("completion_tokens"))), stop);
  }

  /** A string, or the text parts some compatible servers send; null when neither. */
  private static @Nullable String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      boolean any = false;
      for (JsonNode part : content) {
        if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
          sb.append(part.path("text").asText());
          any = true;
        }
      }
      return any ? sb.toString() : null;
    }
    return null;
  }

  /** Arguments as JSON text: a string as sent, an object (some servers) written back as JSON, else {@code {}}. */
  static String arguments(JsonNode args) {
    if (args.isTextual()) {
      return args.asText();
    }
    if (args.isMissingNode() || args.isNull()) {
      return "{}";
    }
    try {
      return ModelHttp.JSON.writeValueAsString(args);
    } catch (JsonProcessingException e) {
      return "{}";
    }
  }

  static long count(JsonNode n) {
    return n.canConvertToLong() && n.asLong() > 0 ? n.asLong() : 0;
  }

  private static ModelResponse.Stop stop(String finishReason) {
    return switch (finishReason) {
      case "stop" -> ModelResponse.Stop.END;
      case "tool_calls", "function_call" -> ModelResponse.Stop.TOOL_CALLS;
      case "length" -> ModelResponse.Stop.MAX_TOKENS;
      case "content_filter" -> ModelResponse.Stop.CONTENT_FILTER;
      default -> ModelResponse.Stop.OTHER;
    };
  }

  @Override
  public String toString() {
    return "OpenAiChatModel[" + settings.label() + "]";
  }
}
