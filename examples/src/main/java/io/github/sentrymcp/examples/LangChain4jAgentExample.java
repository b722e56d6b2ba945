package io.github.sentrymcp.examples;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.langchain4j.SentryToolProvider;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j agent with the Sentry tools: an {@link AiServices} assistant whose {@link SentryToolProvider} offers
 * the tools the session may use, each call running through the engine (its results are the sanitizer's fenced text,
 * its failures error results). {@link ScriptedChatModel} stands in for your provider's {@link ChatModel} so that the run
 * is deterministic.
 *
 * <p>The build runs this program against an in-process {@link FakeSentry} and fails if the answer is wrong.
 */
public final class LangChain4jAgentExample {
  private LangChain4jAgentExample() {}

  /** The application's assistant: LangChain4j implements it. */
  interface Assistant {
    String chat(String question);
  }

  public static void main(String[] args) {
    // An example program: printing results to stdout is its purpose.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    try (FakeSentry fake = FakeSentry.builder().requiredToken("example-token").build();
        SentryMcp engine = SentryMcp.create(
            SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build())) {
      Session session = Session.builder(AccessToken.of("example-token")).id("langchain4j-example").build();
      ScriptedChatModel model = new ScriptedChatModel();

      String answer = ask(engine, session, model, "Which projects does my organization have?");

      out.println("Tools called: " + model.toolCalls);
      out.println("Answer: " + answer);
      require(answer.contains("cloudflare-mcp"), "the answer names the sample project");
      require(model.toolCalls.equals(List.of("find_organizations", "find_projects")),
          "the model called find_organizations, then find_projects");
      require(fake.requests("GET", "/api/0/organizations/").size() == 1
              && fake.requests("GET", "/api/0/organizations/sentry-mcp-evals/projects/").size() == 1,
          "FakeSentry answered both tool calls");
    }
  }

  /** Asks the assistant one question with the session's Sentry tools. */
  static String ask(SentryMcp engine, Session session, ChatModel model, String question) {
    SentryToolProvider tools = SentryToolProvider.builder(engine, session).build();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).toolProvider(tools)
        .systemMessageProvider(memoryId -> "You answer questions about the user's Sentry data, using the tools."
            + (engine.instructions() == null ? "" : "\n\n" + engine.instructions()))
        .build();
    return assistant.chat(question);
  }

  /**
   * A chat model that follows the script of {@link PlainAgentExample.ScriptedModel}: find_organizations, then
   * find_projects of the first organization listed, then an answer naming the first project.
   */
  static final class ScriptedChatModel implements ChatModel {
    /** The tools the model asked for, in order. */
    final List<String> toolCalls = new ArrayList<>();

    @Override
    public ChatResponse doChat(ChatRequest request) {
      List<ChatMessage> messages = request.messages();
      ChatMessage last = messages.get(messages.size() - 1);
      if (!(last instanceof ToolExecutionResultMessage result)) {
        return toolCall(request, "find_organizations", "{}");
      }
      if (Boolean.TRUE.equals(result.isError())) {
        return answer("The tool " + result.toolName() + " failed: " + result.text());
      }
      String slug = PlainAgentExample.ScriptedModel.firstSlug(result.text());
      if (slug == null) {
        return answer("I found nothing.");
      }
      if (result.toolName().equals("find_organizations")) {
        return toolCall(request, "find_projects", "{\"organizationSlug\":\"" + slug + "\"}");
      }
      return answer("The first project of your organization is " + slug + ".");
    }

    private ChatResponse toolCall(ChatRequest request, String tool, String arguments) {
      List<ToolSpecification> offered = request.toolSpecifications();
      if (offered == null || offered.stream().noneMatch(t -> t.name().equals(tool))) {
        return answer("I was not offered " + tool + ".");
      }
      toolCalls.add(tool);
      ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-" + toolCalls.size()).name(tool)
          .arguments(arguments).build();
      return ChatResponse.builder().aiMessage(AiMessage.from(List.of(call)))
          .finishReason(FinishReason.TOOL_EXECUTION).build();
    }

    private static ChatResponse answer(@Nullable String text) {
      return ChatResponse.builder().aiMessage(AiMessage.from(text == null ? "" : text))
          .finishReason(FinishReason.STOP).build();
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("example check failed: " + what);
    }
  }
}
