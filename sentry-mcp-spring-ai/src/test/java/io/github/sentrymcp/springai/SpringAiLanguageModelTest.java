package io.github.sentrymcp.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelException.Failure;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.model.ModelToolCall;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.model.QueryTranslation;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

class SpringAiLanguageModelTest {
  private static final String TOKEN = "sntrys_" + "springAiTest0123456789abcdefABCDEFab";

  /** A chat model that answers from a script and records what it was asked: a real {@link ChatModel}. */
  static final class ScriptedChatModel implements ChatModel {
    final List<Prompt> prompts = new ArrayList<>();
    private final Deque<Object> script = new ArrayDeque<>();

    ScriptedChatModel then(ChatResponse response) {
      script.add(response);
      return this;
    }

    ScriptedChatModel thenFail(RuntimeException e) {
      script.add(e);
      return this;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
      prompts.add(prompt);
      Object next = script.poll();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      if (next == null) {
        throw new IllegalStateException("the script has no more answers");
      }
      return (ChatResponse) next;
    }

    @Override
    public ChatOptions getDefaultOptions() {
      return ChatOptions.builder().model("gpt-test").build();
    }
  }

  /** What a provider SDK throws: an HTTP status behind a public accessor, a message echoing secrets. */
  public static final class ProviderHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ProviderHttpException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int statusCode() {
      return status;
    }
  }

  private static ChatResponse answer(String text, String finishReason, int in, int out,
      AssistantMessage.ToolCall... calls) {
    AssistantMessage message = AssistantMessage.builder().content(text).toolCalls(List.of(calls)).build();
    Generation generation = new Generation(message, ChatGenerationMetadata.builder().finishReason(finishReason).build());
    return new ChatResponse(List.of(generation),
        ChatResponseMetadata.builder().usage(new DefaultUsage(in, out)).build());
  }

  private static ModelRequest request(List<ModelMessage> messages, List<ModelTool> tools) {
    return new ModelRequest("You translate.", messages, tools, 777, Duration.ofSeconds(5));
  }

  @Test
  void aConversationBecomesAPromptWithTheToolsSchemasUnchangedAndNothingToRun() {
    String schema = "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\",\"description\":\"é \\\"x\\\"\"}},"
        + "\"required\":[\"q\"],\"additionalProperties\":false}";
    ModelRequest request = request(List.of(
        new ModelMessage.User("find errors"),
        new ModelMessage.Assistant("looking", List.of(new ModelToolCall("c1", "lookup", "{\"q\":\"a\"}"),
            new ModelToolCall("c2", "lookup", "{\"q\":\"b\"}"))),
        new ModelMessage.ToolResult("c1", "lookup", "one", false),
        new ModelMessage.ToolResult("c2", "lookup", "no such field", true),
        new ModelMessage.User("and now?")),
        List.of(new ModelTool("lookup", "Looks things up.", schema)));

    Prompt prompt = SpringAiLanguageModel.prompt(request);
    List<Message> m = prompt.getInstructions();
    assertEquals(5, m.size(), m.toString());
    assertEquals("You translate.", assertInstanceOf(SystemMessage.class, m.get(0)).getText());
    assertEquals("find errors", assertInstanceOf(UserMessage.class, m.get(1)).getText());
    AssistantMessage assistant = assertInstanceOf(AssistantMessage.class, m.get(2));
    assertEquals("looking", assistant.getText());
    assertEquals(List.of(new AssistantMessage.ToolCall("c1", "function", "lookup", "{\"q\":\"a\"}"),
        new AssistantMessage.ToolCall("c2", "function", "lookup", "{\"q\":\"b\"}")), assistant.getToolCalls());
    ToolResponseMessage results = assertInstanceOf(ToolResponseMessage.class, m.get(3));
    assertEquals(List.of(new ToolResponseMessage.ToolResponse("c1", "lookup", "one"),
        new ToolResponseMessage.ToolResponse("c2", "lookup", "Error: no such field")), results.getResponses());
    assertEquals("and now?", assertInstanceOf(UserMessage.class, m.get(4)).getText());

    ToolCallingChatOptions options = assertInstanceOf(ToolCallingChatOptions.class, prompt.getOptions());
    assertEquals(777, options.getMaxTokens());
    assertEquals(1, options.getToolCallbacks().size());
    ToolCallback tool = options.getToolCallbacks().get(0);
    assertEquals("lookup", tool.getToolDefinition().name());
    assertEquals("Looks things up.", tool.getToolDefinition().description());
    assertEquals(schema, tool.getToolDefinition().inputSchema());
    assertTrue(tool.call("{\"q\":\"x\"}").startsWith("Error:"), "the adapter never runs a tool");
  }

  @Test
  void anAnswerBecomesAModelResponseWithUsageAndStopReason() {
    ModelResponse text = SpringAiLanguageModel.modelResponse(answer("is:unresolved", "STOP", 12, 3));
    assertEquals("is:unresolved", text.text());
    assertEquals(new ModelResponse.Usage(12, 3), text.usage());
    assertEquals(ModelResponse.Stop.END, text.stop());

    ModelResponse calls = SpringAiLanguageModel.modelResponse(answer("", "tool_calls", 5, 6,
        new AssistantMessage.ToolCall("", "function", "lookup", "")));
    assertNull(calls.text());
    assertEquals(List.of(new ModelToolCall("call_1", "lookup", "{}")), calls.toolCalls());
    assertEquals(ModelResponse.Stop.TOOL_CALLS, calls.stop());

    assertEquals(ModelResponse.Stop.MAX_TOKENS, SpringAiLanguageModel.modelResponse(answer("x", "max_tokens", 1, 1))
        .stop());
    assertEquals(ModelResponse.Stop.MAX_TOKENS, SpringAiLanguageModel.modelResponse(answer("x", "LENGTH", 1, 1))
        .stop());
    assertEquals(ModelResponse.Stop.CONTENT_FILTER,
        SpringAiLanguageModel.modelResponse(answer("x", "content_filter", 1, 1)).stop());
    assertEquals(ModelResponse.Stop.END, SpringAiLanguageModel.modelResponse(answer("x", "end_turn", 1, 1)).stop());
    assertEquals(ModelResponse.Stop.OTHER, SpringAiLanguageModel.modelResponse(answer("x", "weird", 1, 1)).stop());

    ModelException empty = assertThrows(ModelException.class,
        () -> SpringAiLanguageModel.modelResponse(answer("", "STOP", 1, 1)));
    assertEquals(Failure.BAD_RESPONSE, empty.failure());
    ModelException nameless = assertThrows(ModelException.class, () -> SpringAiLanguageModel.modelResponse(
        answer("", "tool_calls", 1, 1, new AssistantMessage.ToolCall("c", "function", " ", "{}"))));
    assertEquals(Failure.BAD_RESPONSE, nameless.failure());
    assertEquals(Failure.BAD_RESPONSE, assertThrows(ModelException.class,
        () -> SpringAiLanguageModel.modelResponse(new ChatResponse(List.of()))).failure());
  }

  @Test
  void providerFailuresBecomeFixedMessagesFromTheirStatusOrKind() {
    record Case(RuntimeException thrown, Failure expected, int status) {}
    List<Case> cases = List.of(
        new Case(new ProviderHttpException(429, "slow down, key sk-SECRETKEY"), Failure.RATE_LIMITED, 429),
        new Case(new ProviderHttpException(401, "bad key sk-SECRETKEY"), Failure.AUTHENTICATION, 401),
        new Case(new ProviderHttpException(404, "no model sk-SECRETKEY"), Failure.NOT_FOUND, 404),
        new Case(new ProviderHttpException(503, "down sk-SECRETKEY"), Failure.UNAVAILABLE, 503),
        new Case(new RuntimeException("wrapped sk-SECRETKEY", new ProviderHttpException(400, "sk-SECRETKEY")),
            Failure.INVALID_REQUEST, 400),
        new Case(new UncheckedIOException(new ConnectException("http://user:sk-SECRETKEY@host")), Failure.NETWORK,
            0),
        new Case(new UncheckedIOException(new IOException("reset sk-SECRETKEY")), Failure.NETWORK, 0),
        new Case(new IllegalStateException("odd sk-SECRETKEY"), Failure.UNAVAILABLE, 0));
    for (Case c : cases) {
      ScriptedChatModel chat = new ScriptedChatModel().thenFail(c.thrown());
      ModelException e = assertThrows(ModelException.class, () -> SpringAiLanguageModel.of(chat, "openai")
          .generate(request(List.of(new ModelMessage.User("hi")), List.of())));
      assertEquals(c.expected(), e.failure(), c.toString());
      assertEquals(c.status(), e.status(), c.toString());
      assertFalse(e.getMessage().contains("SECRETKEY"), e.getMessage());
    }
  }

  @Test
  void aCancelledRequestIsNotSentAndNamesComeFromTheModel() {
    ScriptedChatModel chat = new ScriptedChatModel().then(answer("x", "STOP", 1, 1));
    SpringAiLanguageModel model = SpringAiLanguageModel.of(chat);
    assertEquals("spring_ai", model.providerName());
    assertEquals("gpt-test", model.modelName());
    CancellationSignal signal = CancellationSignal.create();
    signal.cancel();
    ModelRequest cancelled = new ModelRequest("s", List.of(new ModelMessage.User("hi")), List.of(), 10,
        Duration.ofSeconds(1), signal);
    assertEquals(Failure.CANCELLED, assertThrows(ModelException.class, () -> model.generate(cancelled)).failure());
    assertTrue(chat.prompts.isEmpty());
    assertEquals("openai gpt-5", SpringAiLanguageModel.of(chat, "openai", "gpt-5").name());
    assertThrows(IllegalArgumentException.class, () -> SpringAiLanguageModel.of(chat, "open ai"));
  }

  @Test
  void theEnginesSearchTranslatesWithTheApplicationsChatModel() {
    ScriptedChatModel chat = new ScriptedChatModel()
        .then(answer("{\"query\": \"is:unresolved level:error\", \"sort\": \"date\"}", "STOP", 321, 12))
        .thenFail(new ProviderHttpException(401, "bad key sk-SECRETKEY"));
    try (FakeSentry fake = FakeSentry.builder().requiredToken(TOKEN).build();
        SentryMcp engine = SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
            .build()).queryTranslation(QueryTranslation.builder(SpringAiLanguageModel.of(chat, "openai")).build())
            .build()) {
      Session session = Session.of(AccessToken.of(TOKEN));
      RenderedResult r = engine.callAndRender("search_issues", Map.of("organizationSlug", "sentry-mcp-evals",
          "query", "unresolved errors from today please"), session);
      assertFalse(r.isError(), r.text());
      assertEquals(1, chat.prompts.size());
      assertInstanceOf(SystemMessage.class, chat.prompts.get(0).getInstructions().get(0));
      assertTrue(fake.journal().stream().anyMatch(q -> q.path().contains("/issues/")
          && "is:unresolved level:error".equals(q.queryParam("query"))), fake.arrivals().toString());

      RenderedResult failed = engine.callAndRender("search_issues", Map.of("organizationSlug", "sentry-mcp-evals",
          "query", "unresolved errors from today please"), session);
      assertTrue(failed.isError(), failed.text());
      assertFalse(failed.text().contains("SECRETKEY"), failed.text());
    }
  }
}
