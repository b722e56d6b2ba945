package io.github.sentrymcp.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
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
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelException.Failure;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.model.ModelToolCall;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ChatModel adapter with a scripted LangChain4j chat model. */
class LangChain4jLanguageModelTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\","
      + "\"description\":\"what to find\"},\"limit\":{\"type\":\"integer\",\"default\":10,\"maximum\":100}},"
      + "\"required\":[\"query\"],\"additionalProperties\":false}";
  private static final ModelTool TOOL = new ModelTool("search_fields", "Finds fields.", SCHEMA);

  private static ModelRequest request(List<ModelMessage> messages, List<ModelTool> tools) {
    return new ModelRequest("You translate questions into Sentry queries.", messages, tools, 512,
        Duration.ofSeconds(30));
  }

  private static ChatResponse answer(AiMessage message, FinishReason reason, TokenUsage usage) {
    return ChatResponse.builder().aiMessage(message).finishReason(reason).tokenUsage(usage).build();
  }

  @Test
  void aTextAnswerWithItsUsage() throws Exception {
    ScriptedChatModel chat = new ScriptedChatModel()
        .then(answer(AiMessage.from("is:unresolved"), FinishReason.STOP, new TokenUsage(120, 7)));
    LangChain4jLanguageModel model = LangChain4jLanguageModel.of(chat, "openai", "gpt-5");
    ModelResponse r = model.generate(request(List.of(new ModelMessage.User("unresolved issues")), List.of(TOOL)));
    assertEquals("is:unresolved", r.text());
    assertEquals(List.of(), r.toolCalls());
    assertEquals(new ModelResponse.Usage(120, 7), r.usage());
    assertEquals(ModelResponse.Stop.END, r.stop());
    assertEquals("openai gpt-5", model.name());
    assertEquals("openai", model.providerName());
    assertEquals("gpt-5", model.modelName());

    ChatRequest sent = chat.requests.get(0);
    assertEquals(512, sent.maxOutputTokens());
    List<ChatMessage> messages = sent.messages();
    assertEquals(2, messages.size());
    assertEquals("You translate questions into Sentry queries.", ((SystemMessage) messages.get(0)).text());
    assertEquals("unresolved issues", ((UserMessage) messages.get(1)).singleText());
    assertEquals(1, sent.toolSpecifications().size());
    var spec = sent.toolSpecifications().get(0);
    assertEquals("search_fields", spec.name());
    assertEquals("Finds fields.", spec.description());
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals(json.readValue(SCHEMA, Map.class), json.readValue(
        json.writeValueAsString(JsonSchemaElementJsonUtils.toMap(spec.parameters())), Map.class),
        "the schema text arrives whole, the default and maximum included");
  }

  @Test
  void toolCallAnswersAndAConversationWithToolResults() {
    ScriptedChatModel chat = new ScriptedChatModel()
        .then(answer(AiMessage.from(List.of(
                ToolExecutionRequest.builder().id("call_a").name("search_fields").arguments("{\"query\":\"x\"}")
                    .build(),
                ToolExecutionRequest.builder().name("search_fields").build())),
            FinishReason.TOOL_EXECUTION, new TokenUsage(50, null)))
        .then(answer(AiMessage.from("done"), FinishReason.LENGTH, null));
    LangChain4jLanguageModel model = LangChain4jLanguageModel.of(chat, "anthropic", "claude");
    ModelResponse first = model.generate(request(List.of(new ModelMessage.User("q")), List.of(TOOL)));
    assertNull(first.text());
    assertEquals(List.of(new ModelToolCall("call_a", "search_fields", "{\"query\":\"x\"}"),
        new ModelToolCall("call_2", "search_fields", "{}")), first.toolCalls(),
        "a missing id is made up, missing arguments are an empty object");
    assertEquals(ModelResponse.Stop.TOOL_CALLS, first.stop());
    assertEquals(new ModelResponse.Usage(50, 0), first.usage());

    ModelResponse second = model.generate(request(List.of(new ModelMessage.User("q"),
        ModelMessage.Assistant.of(first),
        new ModelMessage.ToolResult("call_a", "search_fields", "fields: a, b", false),
        new ModelMessage.ToolResult("call_2", "search_fields", "query is required", true)), List.of(TOOL)));
    assertEquals("done", second.text());
    assertEquals(ModelResponse.Stop.MAX_TOKENS, second.stop());
    assertEquals(ModelResponse.Usage.UNKNOWN, second.usage());

    List<ChatMessage> sent = chat.requests.get(1).messages();
    assertEquals(5, sent.size());
    AiMessage assistant = (AiMessage) sent.get(2);
    assertNull(assistant.text());
    assertEquals(List.of("call_a", "call_2"),
        assistant.toolExecutionRequests().stream().map(ToolExecutionRequest::id).toList());
    assertEquals("{\"query\":\"x\"}", assistant.toolExecutionRequests().get(0).arguments());
    ToolExecutionResultMessage ok = (ToolExecutionResultMessage) sent.get(3);
    assertEquals("call_a", ok.id());
    assertEquals("search_fields", ok.toolName());
    assertEquals("fields: a, b", ok.text());
    assertFalse(ok.isError());
    ToolExecutionResultMessage failed = (ToolExecutionResultMessage) sent.get(4);
    assertTrue(failed.isError());
  }

  @Test
  void stopReasons() {
    ScriptedChatModel chat = new ScriptedChatModel()
        .then(answer(AiMessage.from("x"), FinishReason.CONTENT_FILTER, new TokenUsage(1, 1)))
        .then(answer(AiMessage.from("x"), FinishReason.OTHER, new TokenUsage(1, 1)))
        .then(ChatResponse.builder().aiMessage(AiMessage.from("x")).build())
        .then(ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("1")
            .name("search_fields").arguments("{}").build())).build());
    LangChain4jLanguageModel model = LangChain4jLanguageModel.of(chat, "p", "m");
    ModelRequest req = request(List.of(new ModelMessage.User("q")), List.of());
    assertEquals(ModelResponse.Stop.CONTENT_FILTER, model.generate(req).stop());
    assertEquals(ModelResponse.Stop.OTHER, model.generate(req).stop());
    assertEquals(ModelResponse.Stop.END, model.generate(req).stop());
    assertEquals(ModelResponse.Stop.TOOL_CALLS, model.generate(req).stop());
    assertTrue(chat.requests.get(0).toolSpecifications() == null
        || chat.requests.get(0).toolSpecifications().isEmpty(), "no tools, none sent");
  }

  @Test
  void failuresBecomeModelExceptionsWithFixedMessages() {
    String secret = "sk-live-SECRET https://api.example.com/v1?key=abc";
    Map<RuntimeException, Failure> cases = new java.util.LinkedHashMap<>();
    cases.put(new AuthenticationException(secret), Failure.AUTHENTICATION);
    cases.put(new ModelNotFoundException(secret), Failure.NOT_FOUND);
    cases.put(new InvalidRequestException(secret), Failure.INVALID_REQUEST);
    cases.put(new RateLimitException(secret), Failure.RATE_LIMITED);
    cases.put(new TimeoutException(secret), Failure.TIMEOUT);
    cases.put(new InternalServerException(secret), Failure.UNAVAILABLE);
    cases.put(new UnresolvedModelServerException(secret), Failure.NETWORK);
    cases.put(new HttpException(402, secret), Failure.QUOTA_EXCEEDED);
    cases.put(new HttpException(403, secret), Failure.FORBIDDEN);
    cases.put(new HttpException(529, secret), Failure.UNAVAILABLE);
    cases.put(new RuntimeException(secret, new ConnectException(secret)), Failure.NETWORK);
    cases.put(new UncheckedIOException(new java.io.IOException(secret)), Failure.NETWORK);
    cases.put(new RuntimeException(secret, new RateLimitException(secret)), Failure.RATE_LIMITED);
    cases.put(new IllegalStateException(secret), Failure.UNAVAILABLE);
    for (Map.Entry<RuntimeException, Failure> c : cases.entrySet()) {
      ScriptedChatModel chat = new ScriptedChatModel().thenFail(c.getKey());
      ModelException e = assertThrows(ModelException.class, () -> LangChain4jLanguageModel.of(chat, "p", "m")
          .generate(request(List.of(new ModelMessage.User("q")), List.of())));
      assertEquals(c.getValue(), e.failure(), c.getKey().toString());
      assertEquals(c.getValue().kind(), e.kind());
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
      assertFalse(e.getMessage().contains("http"), e.getMessage());
      assertSame(c.getKey(), e.getCause(), "the provider's exception stays the cause only");
    }
    ModelException withStatus = assertThrows(ModelException.class, () -> LangChain4jLanguageModel.of(
        new ScriptedChatModel().thenFail(new HttpException(401, secret)), "p", "m")
        .generate(request(List.of(new ModelMessage.User("q")), List.of())));
    assertEquals(Failure.AUTHENTICATION, withStatus.failure());
    assertEquals(401, withStatus.status());
    assertEquals("The language model's provider refused the API key.", withStatus.getMessage());
  }

  @Test
  void anUnreadableAnswerIsABadResponse() {
    ScriptedChatModel chat = new ScriptedChatModel()
        .then(ChatResponse.builder().aiMessage(AiMessage.builder().build()).build());
    ModelException e = assertThrows(ModelException.class, () -> LangChain4jLanguageModel.of(chat, "p", "m")
        .generate(request(List.of(new ModelMessage.User("q")), List.of())));
    assertEquals(Failure.BAD_RESPONSE, e.failure());
  }

  @Test
  void aCancelledRequestIsNotSent() {
    ScriptedChatModel chat = new ScriptedChatModel();
    CancellationSignal signal = CancellationSignal.create();
    signal.cancel();
    ModelRequest cancelled = new ModelRequest("s", List.of(new ModelMessage.User("q")), List.of(), 10,
        Duration.ofSeconds(1), signal);
    ModelException e = assertThrows(ModelException.class,
        () -> LangChain4jLanguageModel.of(chat, "p", "m").generate(cancelled));
    assertEquals(Failure.CANCELLED, e.failure());
    assertEquals(List.of(), chat.requests);
  }

  @Test
  void aToolWhoseSchemaIsNotAnObjectSchemaIsAnInvalidRequest() {
    ScriptedChatModel chat = new ScriptedChatModel();
    ModelException e = assertThrows(ModelException.class, () -> LangChain4jLanguageModel.of(chat, "p", "m")
        .generate(request(List.of(new ModelMessage.User("q")),
            List.of(new ModelTool("bad", "d", "{\"type\":\"string\"}")))));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(List.of(), chat.requests);
  }

  @Test
  void namedAfterWhatTheChatModelSaysOfItself() {
    LangChain4jLanguageModel model = LangChain4jLanguageModel.of(new ScriptedChatModel());
    assertEquals("langchain4j unknown", model.name());
    assertInstanceOf(String.class, model.toString());
    assertThrows(IllegalArgumentException.class,
        () -> LangChain4jLanguageModel.of(new ScriptedChatModel(), "open ai", "m"));
  }
}
