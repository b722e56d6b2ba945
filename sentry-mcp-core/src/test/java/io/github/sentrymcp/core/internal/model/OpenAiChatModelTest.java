package io.github.sentrymcp.core.internal.model;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.github.sentrymcp.core.internal.model.ModelTestSupport.KEY;
import static io.github.sentrymcp.core.internal.model.ModelTestSupport.LIST_FIELDS;
import static io.github.sentrymcp.core.internal.model.ModelTestSupport.QUESTION;
import static io.github.sentrymcp.core.internal.model.ModelTestSupport.SYSTEM;
import static io.github.sentrymcp.core.internal.model.ModelTestSupport.json;
import static io.github.sentrymcp.core.internal.model.ModelTestSupport.keys;
import static io.github.sentrymcp.core.internal.model.ModelTestSupport.question;
import static io.github.sentrymcp.core.internal.model.ModelTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelToolCall;
import io.github.sentrymcp.core.internal.LibraryVersion;
import io.github.sentrymcp.core.model.LanguageModels;
import io.github.sentrymcp.core.model.ModelProvider;
import io.github.sentrymcp.core.model.ModelSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Chat Completions adapter against WireMock standing in for OpenAI, Azure OpenAI (both base URL shapes) and
 * OpenRouter, with the recorded-shape exchanges of {@code src/test/resources/models/}.
 */
class OpenAiChatModelTest {
  private static final WireMockServer WM = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  /** The four ways the adapter is configured, each with the path it must post to and the recorded answers' folder. */
  enum Variant {
    OPENAI("/v1/chat/completions", "openai", "max_tokens"),
    AZURE_V1("/my-resource/openai/v1/chat/completions", "azure", "max_completion_tokens"),
    AZURE_DEPLOYMENT("/openai/deployments/gpt-5-prod/chat/completions?api-version=2024-10-21", "azure",
        "max_completion_tokens"),
    OPENROUTER("/api/v1/chat/completions", "openrouter", "max_tokens");

    final String path;
    final String folder;
    final String tokenParameter;

    Variant(String path, String folder, String tokenParameter) {
      this.path = path;
      this.folder = folder;
      this.tokenParameter = tokenParameter;
    }

    LanguageModel model() {
      String base = "http://127.0.0.1:" + WM.port();
      return switch (this) {
        case OPENAI -> LanguageModels.create(ModelSettings.builder(ModelProvider.OPENAI, KEY)
            .baseUrl(base + "/v1").build());
        case AZURE_V1 -> LanguageModels.create(ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
            .baseUrl(base + "/my-resource/openai/v1/").build());
        case AZURE_DEPLOYMENT -> LanguageModels.create(ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
            .baseUrl(base + "/openai/deployments/gpt-5-prod").build());
        case OPENROUTER -> openRouter(ModelSettings.builder(ModelProvider.OPENROUTER, KEY).build());
      };
    }

    /** The expected top-level keys of a request with tools. */
    List<String> bodyKeys() {
      return this == AZURE_DEPLOYMENT ? List.of("messages", "tools", tokenParameter)
          : List.of("model", "messages", "tools", tokenParameter);
    }
  }

  /** OpenRouter's base URL is fixed, so its adapter is pointed at WireMock through the internal factory. */
  static LanguageModel openRouter(ModelSettings settings) {
    return ModelAdapters.openAiChat(settings, ModelAdapters.defaultClient(),
        URI.create("http://127.0.0.1:" + WM.port() + "/api/v1/chat/completions"), true);
  }

  @BeforeAll
  static void start() {
    WM.start();
  }

  @AfterAll
  static void stop() {
    WM.stop();
  }

  @BeforeEach
  void reset() {
    WM.resetAll();
  }

  private static LoggedRequest onlyRequest() {
    List<LoggedRequest> all = WM.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
    assertEquals(1, all.size());
    return all.get(0);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void textAnswer(Variant v) {
    WM.stubFor(post(urlEqualTo(v.path)).willReturn(okJson(resource(v.folder + "/chat-text.json"))));

    ModelResponse r = v.model().generate(question());

    assertEquals("level:error transaction:/checkout", r.text());
    assertEquals(List.of(), r.toolCalls());
    assertEquals(ModelResponse.Stop.END, r.stop());
    assertEquals(new ModelResponse.Usage(412, 87), r.usage());
    LoggedRequest req = onlyRequest();
    assertEquals(v.path, req.getUrl());
    JsonNode body = json(req.getBodyAsString());
    assertEquals(v.bodyKeys(), keys(body), "only the parameters every model accepts are sent");
    assertEquals(2048, body.get(v.tokenParameter).asInt());
    assertEquals(json("[{\"role\":\"system\",\"content\":" + quote(SYSTEM) + "},{\"role\":\"user\",\"content\":"
        + quote(QUESTION) + "}]"), body.get("messages"));
    if (v != Variant.AZURE_DEPLOYMENT) {
      assertEquals(v == Variant.OPENROUTER ? "openai/gpt-5" : "gpt-5", body.get("model").asText());
    }
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void headers(Variant v) {
    WM.stubFor(post(urlEqualTo(v.path)).willReturn(okJson(resource(v.folder + "/chat-text.json"))));

    v.model().generate(question());

    LoggedRequest req = onlyRequest();
    if (v == Variant.AZURE_V1 || v == Variant.AZURE_DEPLOYMENT) {
      assertEquals(KEY, req.getHeader("api-key"));
      assertFalse(req.containsHeader("Authorization"), "Azure gets the key only as api-key");
    } else {
      assertEquals("Bearer " + KEY, req.getHeader("Authorization"));
      assertFalse(req.containsHeader("api-key"));
    }
    assertEquals(v == Variant.OPENROUTER ? "sentry-mcp-java" : null, req.getHeader("X-Title"));
    assertEquals("sentry-mcp-java/" + LibraryVersion.get(), req.getHeader("User-Agent"));
    assertEquals("application/json", req.getHeader("Content-Type"));
    assertEquals("application/json", req.getHeader("Accept"));
    assertEquals(v == Variant.AZURE_DEPLOYMENT ? List.of("2024-10-21") : null,
        req.getQueryParams().containsKey("api-version") ? req.queryParameter("api-version").values() : null);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void toolCallAnswer(Variant v) {
    WM.stubFor(post(urlEqualTo(v.path)).willReturn(okJson(resource(v.folder + "/chat-tool-call.json"))));

    ModelResponse r = v.model().generate(question());

    assertEquals(List.of(new ModelToolCall("call_Qm3v8Jt2LwX9bR5nY1kP0sDe", "list_fields", "{\"dataset\":\"errors\"}")),
        r.toolCalls());
    assertEquals(ModelResponse.Stop.TOOL_CALLS, r.stop());
    assertEquals(new ModelResponse.Usage(356, 150), r.usage());
    // OpenAI and Azure send null content with tool calls; OpenRouter sends ""
    assertEquals(v == Variant.OPENROUTER ? "" : null, r.text());
    JsonNode tools = json(onlyRequest().getBodyAsString()).get("tools");
    assertEquals(json("[{\"type\":\"function\",\"function\":{\"name\":\"list_fields\",\"description\":"
        + quote(LIST_FIELDS.description()) + ",\"parameters\":" + LIST_FIELDS.parametersSchema() + "}}]"), tools);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void multiStepConversationSendsTheToolCallsAndResultsBack(Variant v) {
    LanguageModel model = v.model();
    WM.stubFor(post(urlEqualTo(v.path)).willReturn(okJson(resource(v.folder + "/chat-tool-call.json"))));
    ModelResponse first = model.generate(question());
    WM.stubFor(post(urlEqualTo(v.path)).willReturn(okJson(resource(v.folder + "/chat-text.json"))));
    ModelRequest second = new ModelRequest(SYSTEM, List.of(new ModelMessage.User(QUESTION),
        ModelMessage.Assistant.of(first),
        new ModelMessage.ToolResult(first.toolCalls().get(0).id(), "list_fields", "level, transaction, environment",
            false)), List.of(LIST_FIELDS), 2048, Duration.ofSeconds(10));

    ModelResponse answer = model.generate(second);

    assertEquals("level:error transaction:/checkout", answer.text());
    List<LoggedRequest> requests = WM.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
    assertEquals(2, requests.size());
    ObjectNode expected = (ObjectNode) json(resource("openai/conversation-request.json"));
    // the recorded request is OpenAI's; the other providers differ only in the model and the limit's name
    expected.remove("max_tokens");
    expected.put(v.tokenParameter, 2048);
    if (v == Variant.OPENROUTER) {
      expected.put("model", "openai/gpt-5");
    }
    if (v == Variant.AZURE_DEPLOYMENT) {
      expected.remove("model");
    }
    if (v == Variant.OPENROUTER) {
      // OpenRouter's tool-call turn had "" as its content, which goes back as it came
      ((ObjectNode) expected.get("messages").get(2)).put("content", "");
    }
    assertEquals(expected, json(requests.get(1).getBodyAsString()));
  }

  @Test
  void theOutputLimitGoesUnderTheConfiguredParameterName() {
    WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(resource("openai/chat-text.json"))));
    String base = "http://127.0.0.1:" + WM.port() + "/v1";
    for (ModelSettings.TokenLimit limit : ModelSettings.TokenLimit.values()) {
      WM.resetRequests();
      LanguageModels.create(ModelSettings.builder(ModelProvider.OPENAI, KEY).baseUrl(base).tokenLimit(limit)
          .model("gpt-5-mini").build()).generate(question(List.of()));

      JsonNode body = json(onlyRequest().getBodyAsString());
      assertEquals(List.of("model", "messages", limit.parameter()), keys(body), "no tools key without tools");
      assertEquals("gpt-5-mini", body.get("model").asText());
    }
  }

  @Test
  void azureDeploymentUrlsTakeTheConfiguredApiVersion() {
    String path = "/openai/deployments/gpt-5-prod/chat/completions?api-version=2025-04-01-preview";
    WM.stubFor(post(urlEqualTo(path)).willReturn(okJson(resource("azure/chat-text.json"))));

    LanguageModels.create(ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
        .baseUrl("http://127.0.0.1:" + WM.port() + "/openai/deployments/gpt-5-prod").apiVersion("2025-04-01-preview")
        .build()).generate(question());

    assertEquals(path, onlyRequest().getUrl());
  }

  @Test
  void openRouterSendsTheReasoningEffortOnlyWhenSet() {
    WM.stubFor(post(urlEqualTo(Variant.OPENROUTER.path)).willReturn(okJson(resource("openrouter/chat-text.json"))));

    openRouter(ModelSettings.builder(ModelProvider.OPENROUTER, KEY).model("anthropic/claude-sonnet-4.5")
        .reasoningEffort("max").build()).generate(question());

    JsonNode body = json(onlyRequest().getBodyAsString());
    assertEquals(List.of("model", "messages", "tools", "max_tokens", "reasoning"), keys(body));
    assertEquals(json("{\"effort\":\"xhigh\"}"), body.get("reasoning"));
    assertEquals("anthropic/claude-sonnet-4.5", body.get("model").asText());
  }

  @Test
  void compatibleServersMaySendTextPartsObjectArgumentsAndNoIds() {
    // shapes some OpenAI-compatible servers (local model servers, proxies) answer with
    WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("{\"id\":\"chatcmpl-local-42\","
        + "\"object\":\"chat.completion\",\"created\":1765110000,\"model\":\"qwen3:8b\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking up \"},"
        + "{\"type\":\"text\",\"text\":\"fields.\"}],\"tool_calls\":[{\"type\":\"function\",\"function\":"
        + "{\"name\":\"list_fields\",\"arguments\":{\"dataset\":\"spans\"}}},{\"type\":\"function\",\"function\":"
        + "{\"name\":\"list_fields\",\"arguments\":{\"dataset\":\"logs\"}}}]},\"finish_reason\":\"stop\"}]}")));

    ModelResponse r = Variant.OPENAI.model().generate(question());

    assertEquals("Looking up fields.", r.text());
    assertEquals(ModelResponse.Stop.TOOL_CALLS, r.stop(), "tool calls always mean TOOL_CALLS");
    assertEquals(ModelResponse.Usage.UNKNOWN, r.usage());
    assertEquals(2, r.toolCalls().size());
    assertEquals("{\"dataset\":\"spans\"}", r.toolCalls().get(0).arguments());
    assertTrue(r.toolCalls().get(0).id().matches("call_\\d+"), r.toolCalls().get(0).id());
    assertFalse(r.toolCalls().get(0).id().equals(r.toolCalls().get(1).id()), "generated ids are distinct");
  }

  @Test
  void finishReasonsMapToStops() {
    String[][] cases = {{"stop", "END"}, {"length", "MAX_TOKENS"}, {"content_filter", "CONTENT_FILTER"},
        {"tool_calls", "TOOL_CALLS"}, {"function_call", "TOOL_CALLS"}, {"eos", "OTHER"}};
    LanguageModel model = Variant.OPENAI.model();
    for (String[] c : cases) {
      WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("{\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"finish_reason\":\"" + c[0] + "\"}]}")));
      assertEquals(ModelResponse.Stop.valueOf(c[1]), model.generate(question()).stop(), c[0]);
    }
    // a reasoning model that used its whole budget: no content, MAX_TOKENS, not a bad response
    WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("{\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":\"length\"}],"
        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2048}}")));
    ModelResponse r = model.generate(question());
    assertNull(r.text());
    assertEquals(ModelResponse.Stop.MAX_TOKENS, r.stop());
    assertEquals(new ModelResponse.Usage(10, 2048), r.usage());
  }

  @Test
  void aRefusalIsAContentFilterStopWithoutText() {
    WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("{\"id\":\"chatcmpl-CBq3\","
        + "\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":7}}")));

    ModelResponse r = Variant.OPENAI.model().generate(question());

    assertNull(r.text());
    assertEquals(ModelResponse.Stop.CONTENT_FILTER, r.stop());
    assertEquals(List.of(), r.toolCalls());
  }

  @Test
  void nameIsTheLabel() {
    assertEquals("openai gpt-5", Variant.OPENAI.model().name());
    assertEquals("azure-openai gpt-5", Variant.AZURE_V1.model().name());
    assertEquals("openrouter openai/gpt-5", Variant.OPENROUTER.model().name());
  }

  private static String quote(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }
}
