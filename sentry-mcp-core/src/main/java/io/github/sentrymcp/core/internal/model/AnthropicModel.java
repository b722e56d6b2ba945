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
import io.github.sentrymcp.core.model.ModelSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Anthropic's Messages API ({@code POST <base>/messages}). The request carries only {@code model},
 * {@code max_tokens}, {@code system}, {@code messages} and {@code tools} (when there are any); consecutive tool
 * results go back as one user turn, as the API requires.
 */
final class AnthropicModel implements LanguageModel {
  static final String API_VERSION = "2023-06-01";

  private final ModelSettings settings;
  private final ModelHttp http;
  private final URI endpoint;
  private final Map<String, String> headers;
  private final AtomicLong generatedIds = new AtomicLong();

  AnthropicModel(ModelSettings settings, ModelHttp http) {
    this.settings = settings;
    this.http = http;
    this.endpoint = URI.create(settings.baseUrl() + "/messages");
    this.headers = Map.of("x-api-key", settings.apiKey(), "anthropic-version", API_VERSION);
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
    return parse(root, answer.status());
  }

  ObjectNode body(ModelRequest request) {
    ObjectNode body = ModelHttp.JSON.createObjectNode();
    body.put("model", settings.model());
    body.put("max_tokens", request.maxOutputTokens());
    if (!request.system().isEmpty()) {
      body.put("system", request.system());
    }
    ArrayNode messages = body.putArray("messages");
    ArrayNode results = null;
    for (ModelMessage m : request.messages()) {
      if (m instanceof ModelMessage.ToolResult r) {
        if (results == null) {
          results = messages.addObject().put("role", "user").putArray("content");
        }
        ObjectNode o = results.addObject().put("type", "tool_result").put("tool_use_id", r.callId())
            .put("content", r.content());
        if (r.error()) {
          o.put("is_error", true);
        }
        continue;
      }
      results = null;
      if (m instanceof ModelMessage.User u) {
        messages.addObject().put("role", "user").put("content", u.text());
      } else if (m instanceof ModelMessage.Assistant a) {
        ArrayNode content = messages.addObject().put("role", "assistant").putArray("content");
        if (a.text() != null && !a.text().isEmpty()) {
          content.addObject().put("type", "text").put("text", a.text());
        }
        for (ModelToolCall c : a.toolCalls()) {
          content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
              .set("input", input(c.arguments()));
        }
      }
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ModelTool t : request.tools()) {
        tools.addObject().put("name", t.name()).put("description", t.description())
            .set("input_schema", OpenAiChatModel.schema(t));
      }
    }
    return body;
  }

  /** The call's arguments as the JSON object Anthropic requires; {@code {}} when they are not one. */
  private static JsonNode input(String arguments) {
    try {
      JsonNode n = ModelHttp.JSON.readTree(arguments);
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (JsonProcessingException e) {
      // not JSON: the model's tool call is answered with {} (the tool then reports what is missing)
    }
    return ModelHttp.JSON.createObjectNode();
  }

  private ModelResponse parse(JsonNode root, int status) {
    JsonNode content = root.path("content");
    if (!content.isArray()) {
      throw http.badResponse(status, "no message content", null);
    }
    StringBuilder text = new StringBuilder();
    boolean hasText = false;
    List<ModelToolCall> calls = new ArrayList<>();
    for (JsonNode block : content) {
      String type = block.path("type").asText("");
      if (type.equals("text") && block.path("text").isTextual()) {
        text.append(block.path("text").asText());
        hasText = true;
      } else if (type.equals("tool_use")) {
        JsonNode name = block.path("name");
        if (!name.isTextual() || name.asText().isEmpty()) {
          throw http.badResponse(status, "a tool call without a name", null);
        }
        String id = block.path("id").isTextual() && !block.path("id").asText().isEmpty() ? block.path("id").asText()
            : "toolu_" + generatedIds.incrementAndGet();
        calls.add(new ModelToolCall(id, name.asText(), OpenAiChatModel.arguments(block.path("input"))));
      }
    }
    ModelResponse.Stop stop = calls.isEmpty() ? stop(root.path("stop_reason").asText("")) : ModelResponse.Stop.TOOL_CALLS;
    if (!hasText && calls.isEmpty() && stop != ModelResponse.Stop.MAX_TOKENS
        && stop != ModelResponse.Stop.CONTENT_FILTER) {
      throw http.badResponse(status, "a message with neither text nor tool calls", null);
    }
    JsonNode usage = root.path("usage");
    long input = OpenAiChatModel.count(usage.path("input_tokens"))
        + OpenAiChatModel.count(usage.path("cache_creation_input_tokens"))
        + OpenAiChatModel.count(usage.path("cache_read_input_tokens"));
    return new ModelResponse(hasText ? text.toString() : null, calls,
        new ModelResponse.Usage(input, OpenAiChatModel.count(usage.path("output_tokens"))), stop);
  }

  private static ModelResponse.Stop stop(String reason) {
    return switch (reason) {
      case "end_turn", "stop_sequence" -> ModelResponse.Stop.END;
      case "tool_use" -> ModelResponse.Stop.TOOL_CALLS;
      case "max_tokens" -> ModelResponse.Stop.MAX_TOKENS;
      case "refusal" -> ModelResponse.Stop.CONTENT_FILTER;
      default -> ModelResponse.Stop.OTHER;
    };
  }

  @Override
  public String toString() {
    return "AnthropicModel[" + settings.label() + "]";
  }
}
