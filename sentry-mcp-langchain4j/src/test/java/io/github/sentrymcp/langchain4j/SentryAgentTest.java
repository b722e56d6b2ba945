package io.github.sentrymcp.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.model.QueryTranslation;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.FakeSentryExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent as a host would build it: a LangChain4j AI service with the Sentry tools, a scripted chat model that asks
 * for {@code whoami} and {@code find_organizations} and then answers from their results, the real engine and
 * FakeSentry.
 */
class SentryAgentTest {
  private static final String TOKEN = "sntrys_" + "agentTest0123456789abcdefABCDEFabcd";

  /** The host's AI service. */
  interface Assistant {
    String chat(String message);
  }

  @RegisterExtension
  static final FakeSentryExtension SENTRY = FakeSentryExtension.of(FakeSentry.builder().requiredToken(TOKEN));

  private static FakeSentry fake;
  private static SentryMcp engine;

  @BeforeAll
  static void start() {
    fake = SENTRY.fake(); // started, reset before each test and closed by the extension
    engine = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build());
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void anAiServiceCallsTheSentryToolsAndAnswersFromTheirResults() {
    ScriptedChatModel chat = new ScriptedChatModel()
        .then(request -> {
          List<String> offered = request.toolSpecifications().stream().map(ToolSpecification::name).toList();
          assertTrue(offered.containsAll(List.of("whoami", "find_organizations")), offered.toString());
          return ChatResponse.builder().aiMessage(AiMessage.from(List.of(
                  ToolExecutionRequest.builder().id("t1").name("whoami").arguments("{}").build(),
                  ToolExecutionRequest.builder().id("t2").name("find_organizations").arguments("{}").build())))
              .finishReason(FinishReason.TOOL_EXECUTION).tokenUsage(new TokenUsage(100, 20)).build();
        })
        .then(request -> {
          Map<String, String> results = request.messages().stream()
              .filter(ToolExecutionResultMessage.class::isInstance).map(ToolExecutionResultMessage.class::cast)
              .collect(Collectors.toMap(ToolExecutionResultMessage::toolName, ToolExecutionResultMessage::text));
          assertTrue(results.get("whoami").contains("Test User"), results.toString());
          assertTrue(results.get("find_organizations").contains("sentry-mcp-evals"), results.toString());
          return ChatResponse.builder().aiMessage(AiMessage.from("You are Test User, in sentry-mcp-evals."))
              .finishReason(FinishReason.STOP).tokenUsage(new TokenUsage(300, 12)).build();
        });
    SentryToolProvider tools = SentryToolProvider.builder(engine, Session.of(AccessToken.of(TOKEN)))
        .surface(Surface.DIRECT).build();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(chat).toolProvider(tools).build();

    String answer = assistant.chat("Who am I in Sentry, and in which organizations?");

    assertEquals("You are Test User, in sentry-mcp-evals.", answer);
    assertEquals(2, chat.requests.size());
    List<ChatMessage> second = chat.requests.get(1).messages();
    assertTrue(second.stream().anyMatch(m -> m instanceof AiMessage a && a.hasToolExecutionRequests()));
    List<String> arrivals = fake.arrivals();
    assertTrue(arrivals.stream().anyMatch(a -> a.startsWith("GET /api/0/auth/")), arrivals.toString());
    assertTrue(arrivals.stream().anyMatch(a -> a.startsWith("GET /api/0/organizations/")), arrivals.toString());
    assertFalse(answer.isBlank());
  }

  @Test
  void theEnginesSearchTranslatesWithTheHostsChatModel() {
    ScriptedChatModel chat = new ScriptedChatModel()
        .then(ChatResponse.builder()
            .aiMessage(AiMessage.from("{\"query\": \"is:unresolved level:error\", \"sort\": \"date\"}"))
            .finishReason(FinishReason.STOP).tokenUsage(new TokenUsage(321, 12)).build())
        .thenFail(new dev.langchain4j.exception.AuthenticationException("bad key sk-SECRETKEY"));
    SentryMcpConfig config = SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build();
    Session session = Session.of(AccessToken.of(TOKEN));
    try (SentryMcp translating = SentryMcp.builder(config).queryTranslation(
        QueryTranslation.builder(LangChain4jLanguageModel.of(chat, "openai", "gpt-test")).build()).build()) {
      RenderedResult r = translating.callAndRender("search_issues", Map.of("organizationSlug", "sentry-mcp-evals",
          "query", "unresolved errors from today please"), session);
      assertFalse(r.isError(), r.text());
      assertEquals(1, chat.requests.size());
      assertTrue(chat.requests.get(0).messages().get(0) instanceof dev.langchain4j.data.message.SystemMessage);
      assertTrue(fake.journal().stream().anyMatch(q -> q.path().contains("/issues/")
              && "is:unresolved level:error".equals(q.queryParam("query"))),
          fake.arrivals().toString());

      RenderedResult failed = translating.callAndRender("search_issues", Map.of("organizationSlug",
          "sentry-mcp-evals", "query", "unresolved errors from today please"), session);
      assertTrue(failed.isError(), failed.text());
      assertFalse(failed.text().contains("SECRETKEY"), failed.text());
    }
  }
}
