package io.github.sentrymcp.core.internal.model;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Anthropic Messages adapter against WireMock with recorded-shape exchanges. */
class AnthropicModelTest {
  private static final WireMockServer WM = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private static final String PATH = "/v1/messages";

  private LanguageModel model;

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
    model = LanguageModels.create(ModelSettings.builder(ModelProvider.ANTHROPIC, KEY)
        .baseUrl("http://127.0.0.1:" + WM.port() + "/v1").build());
  }

  private static List<LoggedRequest> requests() {
    return WM.findAll(anyRequestedFor(anyUrl()));
  }

  @Test
  void textAnswer() {
    WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(resource("anthropic/messages-text.json"))));

    ModelResponse r = model.generate(question());

    assertEquals("level:error transaction:/checkout", r.text());
    assertEquals(List.of(), r.toolCalls());
    assertEquals(ModelResponse.Stop.END, r.stop());
    assertEquals(new ModelResponse.Usage(412, 23), r.usage(), "input tokens include the cache's");
    assertEquals("anthropic claude-sonnet-4-5", model.name());
    LoggedRequest req = requests().get(0);
    JsonNode body = json(req.getBodyAsString());
    assertEquals(List.of("model", "max_tokens", "system", "messages", "tools"), keys(body),
        "only the parameters every model accepts are sent (no temperature)");
    assertEquals("claude-sonnet-4-5", body.get("model").asText());
    assertEquals(2048, body.get("max_tokens").asInt());
    assertEquals(SYSTEM, body.get("system").asText());
    assertEquals(json("[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]"), body.get("messages"));
  }

  @Test
  void headers() {
    WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(resource("anthropic/messages-text.json"))));

    model.generate(question());

    LoggedRequest req = requests().get(0);
    assertEquals(PATH, req.getUrl());
    assertEquals(KEY, req.getHeader("x-api-key"));
    assertEquals("2023-06-01", req.getHeader("anthropic-version"));
    assertFalse(req.containsHeader("Authorization"));
    assertEquals("sentry-mcp-java/" + LibraryVersion.get(), req.getHeader("User-Agent"));
    assertEquals("application/json", req.getHeader("Content-Type"));
    assertEquals("application/json", req.getHeader("Accept"));
  }

  @Test
  void toolUseAnswer() {
    WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(resource("anthropic/messages-tool-use.json"))));

    ModelResponse r = model.generate(question());

    assertEquals("I'll look up the fields of the errors dataset first.", r.text());
    assertEquals(List.of(
        new ModelToolCall("toolu_01A09q90qw90lq917835lq9", "list_fields", "{\"dataset\":\"errors\"}"),
        new ModelToolCall("toolu_01B7zK3mP9xQ2wR5tY8uN4vL", "list_fields", "{\"dataset\":\"spans\"}")), r.toolCalls());
    assertEquals(ModelResponse.Stop.TOOL_CALLS, r.stop());
    assertEquals(new ModelResponse.Usage(356, 71), r.usage());
    assertEquals(json("[{\"name\":\"list_fields\",\"description\":\"" + LIST_FIELDS.description()
        + "\",\"input_schema\":" + LIST_FIELDS.parametersSchema() + "}]"),
        json(requests().get(0).getBodyAsString()).get("tools"));
  }

  @Test
  void multiStepConversationSendsToolUseAndMergedToolResultsBack() {
    WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(resource("anthropic/messages-tool-use.json"))));
    ModelResponse first = model.generate(question());
    WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(resource("anthropic/messages-text.json"))));
    ModelRequest second = new ModelRequest(SYSTEM, List.of(new ModelMessage.User(QUESTION),
        ModelMessage.Assistant.of(first),
        new ModelMessage.ToolResult(first.toolCalls().get(0).id(), "list_fields", "level, transaction, environment",
            false),
        new ModelMessage.ToolResult(first.toolCalls().get(1).id(), "list_fields", "the spans dataset is not enabled",
            true)), List.of(LIST_FIELDS), 2048, Duration.ofSeconds(10));

    ModelResponse answer = model.generate(second);

    assertEquals("level:error transaction:/checkout", answer.text());
    assertEquals(2, requests().size());
    assertEquals(json(resource("anthropic/conversation-request.json")), json(requests().get(1).getBodyAsString()));
  }

  @Test
  void toolCallArgumentsThatAreNotAnObjectGoBackAsAnEmptyInput() {
    WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(resource("anthropic/messages-text.json"))));
    ModelRequest request = new ModelRequest("", List.of(new ModelMessage.User(QUESTION),
        new ModelMessage.Assistant(null, List.of(new ModelToolCall("toolu_1", "list_fields", "{not json"),
            new ModelToolCall("toolu_2", "list_fields", "[1,2]"))),
        new ModelMessage.ToolResult("toolu_1", "list_fields", "bad arguments", true),
        new ModelMessage.ToolResult("toolu_2", "list_fields", "bad arguments", true),
        new ModelMessage.User("try again")), List.of(), 512, Duration.ofSeconds(10));

    model.generate(request);

    JsonNode body = json(requests().get(0).getBodyAsString());
    assertEquals(List.of("model", "max_tokens", "messages"), keys(body), "no empty system, no tools key");
    assertEquals(json("[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"list_fields\","
        + "\"input\":{}},{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"list_fields\",\"input\":{}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
        + "\"content\":\"bad arguments\",\"is_error\":true},{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\","
        + "\"content\":\"bad arguments\",\"is_error\":true}]},"
        + "{\"role\":\"user\",\"content\":\"try again\"}]"), body.get("messages"));
  }

  @Test
  void stopReasonsMapToStops() {
    String[][] cases = {{"end_turn", "END"}, {"stop_sequence", "END"}, {"max_tokens", "MAX_TOKENS"},
        {"refusal", "CONTENT_FILTER"}, {"pause_turn", "OTHER"}};
    for (String[] c : cases) {
      WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"id\":\"msg_01Stop\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"stop_reason\":\"" + c[0]
          + "\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}")));
      assertEquals(ModelResponse.Stop.valueOf(c[1]), model.generate(question()).stop(), c[0]);
    }
  }

  @Test
  void aToolUseWithoutAnIdGetsOne() {
    WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"type\":\"message\",\"role\":\"assistant\",\"content\":"
        + "[{\"type\":\"tool_use\",\"name\":\"list_fields\",\"input\":{\"dataset\":\"logs\"}}],"
        + "\"stop_reason\":\"tool_use\"}")));

    ModelResponse r = model.generate(question());

    assertTrue(r.toolCalls().get(0).id().matches("toolu_\\d+"));
    assertEquals(ModelResponse.Usage.UNKNOWN, r.usage());
  }
}
