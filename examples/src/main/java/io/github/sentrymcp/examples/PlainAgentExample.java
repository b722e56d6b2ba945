package io.github.sentrymcp.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.model.ModelToolCall;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An agent loop in plain Java: the engine's tools offered to your own {@link LanguageModel}, no MCP involved.
 *
 * <p>What to copy: {@link #offeredTools} (each tool's descriptor becomes a {@link ModelTool} with its JSON Schema as
 * text) and {@link #run} (ask the model; run every tool call it makes with {@code callAndRender}, which never throws;
 * send the results back as {@link ModelMessage.ToolResult}s; stop at a text answer or after {@code maxSteps} turns).
 * Results are fenced text, and {@link SentryMcp#instructions()} in the system prompt tells the model how to read them.
 * {@link ScriptedModel} stands in for your provider's client so that the run is deterministic.
 *
 * <p>The build runs this program against an in-process {@link FakeSentry} and fails if the answer is wrong.
 */
public final class PlainAgentExample {
  /** The most model turns one question may take. */
  static final int MAX_STEPS = 6;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, @Nullable Object>> ARGUMENTS = new TypeReference<>() {};

  private PlainAgentExample() {}

  /**
   * What the agent did.
   *
   * @param answer the model's final text, or null when it hit the step limit
   * @param toolCalls the names of the tools it called, in order
   * @param steps how many times the model was asked
   */
  record Outcome(@Nullable String answer, List<String> toolCalls, int steps) {}

  public static void main(String[] args) {
    // An example program: printing results to stdout is its purpose.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    try (FakeSentry fake = FakeSentry.builder().requiredToken("example-token").build();
        SentryMcp engine = SentryMcp.create(
            SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build())) {
      Session session = Session.builder(AccessToken.of("example-token")).id("agent-example").build();

      Outcome outcome = run(engine, session, new ScriptedModel(), "Which projects does my organization have?",
          MAX_STEPS);

      String answer = outcome.answer();
      out.println("Tools called: " + outcome.toolCalls());
      out.println("Answer: " + answer);
      require(answer != null && answer.contains("cloudflare-mcp"),
          "the answer names the sample project");
      require(outcome.toolCalls().equals(List.of("find_organizations", "find_projects")),
          "the model called find_organizations, then find_projects");
      require(fake.requests("GET", "/api/0/organizations/").size() == 1
              && fake.requests("GET", "/api/0/organizations/sentry-mcp-evals/projects/").size() == 1,
          "FakeSentry answered both tool calls");
    }
  }

  /** The tools this session's listing shows, as the model SPI's tools. */
  static List<ModelTool> offeredTools(SentryMcp engine, Session session) {
    List<ModelTool> tools = new ArrayList<>();
    for (ToolDescriptor d : engine.listedTools(session)) {
      tools.add(new ModelTool(d.name(), d.description(), toJson(d.inputSchema())));
    }
    return tools;
  }

  /** Asks the model until it answers with text, running the tools it calls; at most {@code maxSteps} turns. */
  static Outcome run(SentryMcp engine, Session session, LanguageModel model, String question, int maxSteps) {
    String instructions = engine.instructions();
    String system = "You answer questions about the user's Sentry data, using the tools."
        + (instructions == null ? "" : "\n\n" + instructions);
    List<ModelTool> tools = offeredTools(engine, session);
    List<ModelMessage> conversation = new ArrayList<>(List.of(new ModelMessage.User(question)));
    List<String> called = new ArrayList<>();
    for (int step = 1; step <= maxSteps; step++) {
      ModelResponse response = model.generate(
          new ModelRequest(system, conversation, tools, 2048, Duration.ofSeconds(60)));
      if (response.toolCalls().isEmpty()) {
        String text = response.text();
        return new Outcome(text == null ? "" : text, called, step);
      }
      conversation.add(ModelMessage.Assistant.of(response));
      for (ModelToolCall call : response.toolCalls()) {
        called.add(call.name());
        conversation.add(execute(engine, session, call));
      }
    }
    return new Outcome(null, called, maxSteps);
  }

  /**
   * Runs one tool call. The model's name and arguments are untrusted: the engine refuses unknown or unavailable tools
   * and invalid arguments, and every failure goes back to the model as an error result.
   */
  private static ModelMessage.ToolResult execute(SentryMcp engine, Session session, ModelToolCall call) {
    Map<String, @Nullable Object> arguments;
    try {
      JsonNode parsed = JSON.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
      if (parsed == null || !parsed.isObject()) {
        return new ModelMessage.ToolResult(call.id(), call.name(), "The arguments must be a JSON object.", true);
      }
      arguments = JSON.convertValue(parsed, ARGUMENTS);
    } catch (JsonProcessingException e) {
      return new ModelMessage.ToolResult(call.id(), call.name(), "The arguments are not valid JSON.", true);
    }
    RenderedResult result = engine.callAndRender(call.name(), arguments, session);
    return new ModelMessage.ToolResult(call.id(), call.name(), result.text(), result.isError());
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tool schema is plain JSON values", e);
    }
  }

  /**
   * A model that follows a script, so that the example needs no provider: it asks for find_organizations, then for
   * find_projects of the first organization listed, then answers with the first project's slug. A real model reads
   * the same text; this one only reads the first row of a result's table.
   */
  static final class ScriptedModel implements LanguageModel {
    @Override
    public String name() {
      return "scripted example";
    }

    @Override
    public ModelResponse generate(ModelRequest request) {
      ModelMessage last = request.messages().get(request.messages().size() - 1);
      if (!(last instanceof ModelMessage.ToolResult result)) {
        return toolCall(request, "find_organizations", "{}");
      }
      if (result.error()) {
        return answer("The tool " + result.toolName() + " failed: " + result.content());
      }
      String slug = firstSlug(result.content());
      if (slug == null) {
        return answer("I found nothing.");
      }
      if (result.toolName().equals("find_organizations")) {
        return toolCall(request, "find_projects", toJson(Map.of("organizationSlug", slug)));
      }
      return answer("The first project of your organization is " + slug + ".");
    }

    private static ModelResponse toolCall(ModelRequest request, String tool, String arguments) {
      if (request.tools().stream().noneMatch(t -> t.name().equals(tool))) {
        return answer("I was not offered " + tool + ".");
      }
      String id = "call-" + request.messages().size();
      return new ModelResponse(null, List.of(new ModelToolCall(id, tool, arguments)), ModelResponse.Usage.UNKNOWN,
          ModelResponse.Stop.TOOL_CALLS);
    }

    private static ModelResponse answer(String text) {
      return new ModelResponse(text, List.of(), ModelResponse.Usage.UNKNOWN, ModelResponse.Stop.END);
    }

    /** The first cell of the row below a {@code Slug | ...} header line, or null. */
    static @Nullable String firstSlug(String text) {
      List<String> lines = text.lines().toList();
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (lines.get(i).startsWith("Slug |")) {
          String cell = lines.get(i + 1).split("\\|", -1)[0].strip();
          return cell.isEmpty() || cell.startsWith("<") ? null : cell;
        }
      }
      return null;
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("example check failed: " + what);
    }
  }
}
