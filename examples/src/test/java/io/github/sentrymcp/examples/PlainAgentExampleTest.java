package io.github.sentrymcp.examples;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PlainAgentExample}'s agent loop against FakeSentry, with its scripted model and with misbehaving ones. */
class PlainAgentExampleTest {
  private static final String TOKEN = "agent-test-token";

  private FakeSentry fake;
  private SentryMcp engine;
  private final Session session = Session.builder(AccessToken.of(TOKEN)).id("agent-test").build();

  @BeforeEach
  void start() {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
    engine = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build());
  }

  @AfterEach
  void stop() {
    engine.close();
    fake.close();
  }

  @Test
  void mainChecksItsOwnResults() {
    assertDoesNotThrow(() -> PlainAgentExample.main(new String[0]));
  }

  @Test
  void theScriptedModelFindsTheProjectOfTheOrganizationItRead() {
    PlainAgentExample.Outcome outcome = PlainAgentExample.run(engine, session, new PlainAgentExample.ScriptedModel(),
        "Which projects does my organization have?", PlainAgentExample.MAX_STEPS);

    assertEquals("The first project of your organization is cloudflare-mcp.", outcome.answer());
    assertEquals(List.of("find_organizations", "find_projects"), outcome.toolCalls());
    assertEquals(3, outcome.steps(), "two tool turns and the answer");
    assertEquals(List.of("GET /api/0/organizations/", "GET /api/0/organizations/sentry-mcp-evals/projects/"),
        fake.arrivals().stream().map(a -> a.replaceFirst("\\?.*", "")).toList(),
        "the organization read from the first result is the one asked for next");
  }

  @Test
  void offersTheListedToolsWithTheirSchemasAsJsonText() throws Exception {
    List<ModelTool> tools = PlainAgentExample.offeredTools(engine, session);
    List<ToolDescriptor> listed = engine.listedTools(session);

    assertEquals(listed.stream().map(ToolDescriptor::name).toList(), tools.stream().map(ModelTool::name).toList());
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode schema = json.readTree(tools.get(i).parametersSchema());
      assertEquals("object", schema.path("type").asText(), tools.get(i).name());
      assertEquals(json.readTree(json.writeValueAsString(listed.get(i).inputSchema())), schema, tools.get(i).name());
      assertEquals(listed.get(i).description(), tools.get(i).description());
    }
  }

  @Test
  void stopsAtTheStepLimitWhenTheModelNeverAnswers() {
    AtomicInteger asked = new AtomicInteger();
    LanguageModel looping = model(request -> {
      asked.incrementAndGet();
      return calls(new ModelToolCall("c" + asked.get(), "whoami", "{}"));
    });

    PlainAgentExample.Outcome outcome = PlainAgentExample.run(engine, session, looping, "Who am I?", 3);

    assertNull(outcome.answer());
    assertEquals(3, outcome.steps());
    assertEquals(3, asked.get());
    assertEquals(List.of("whoami", "whoami", "whoami"), outcome.toolCalls());
    assertEquals(3, fake.requests("GET", "/api/0/auth/").size());
  }

  @Test
  void badCallsGoBackToTheModelAsErrorsWithoutReachingSentry() {
    List<ModelMessage.ToolResult> seen = new ArrayList<>();
    LanguageModel careless = model(request -> {
      List<ModelMessage> messages = request.messages();
      if (messages.get(messages.size() - 1) instanceof ModelMessage.ToolResult) {
        for (ModelMessage m : messages) {
          if (m instanceof ModelMessage.ToolResult r) {
            seen.add(r);
          }
        }
        return new ModelResponse("done", List.of(), ModelResponse.Usage.UNKNOWN, ModelResponse.Stop.END);
      }
      return calls(new ModelToolCall("a", "find_projects", "{not json"),
          new ModelToolCall("b", "find_projects", "[\"sentry-mcp-evals\"]"),
          new ModelToolCall("c", "no_such_tool", "{}"),
          new ModelToolCall("d", "update_issue", "{\"organizationSlug\":\"sentry-mcp-evals\",\"issueId\":\"X-1\","
              + "\"status\":\"resolved\"}"),
          new ModelToolCall("e", "find_projects", "{\"organizationSlug\":\"sentry-mcp-evals\",\"bogus\":1}"));
    });

    PlainAgentExample.Outcome outcome = PlainAgentExample.run(engine, session, careless, "Break things", 4);

    assertEquals("done", outcome.answer());
    assertEquals(List.of("a", "b", "c", "d", "e"), seen.stream().map(ModelMessage.ToolResult::callId).toList());
    for (ModelMessage.ToolResult r : seen) {
      assertTrue(r.error(), () -> r.callId() + " is an error result: " + r.content());
      assertFalse(r.content().isBlank(), r.callId());
    }
    assertEquals("The arguments are not valid JSON.", seen.get(0).content());
    assertEquals("The arguments must be a JSON object.", seen.get(1).content());
    assertTrue(fake.arrivals().isEmpty(), () -> "nothing reached Sentry: " + fake.arrivals());
  }

  @Test
  void theScriptedModelSaysSoWhenAToolFails() {
    FakeSentry other = FakeSentry.builder().requiredToken("another-token").build();
    try (other;
        SentryMcp refused = SentryMcp.create(
            SentryMcpConfig.builder().host(other.hostAndPort()).insecureHttp(true).build())) {
      PlainAgentExample.Outcome outcome = PlainAgentExample.run(refused, session,
          new PlainAgentExample.ScriptedModel(), "Which projects?", PlainAgentExample.MAX_STEPS);

      String answer = outcome.answer();
      assertNotNull(answer);
      assertTrue(answer.startsWith("The tool find_organizations failed: "), answer);
      assertEquals(List.of("find_organizations"), outcome.toolCalls());
      assertFalse(answer.contains(TOKEN), "the token never reaches the model");
    }
  }

  private interface Script {
    ModelResponse next(ModelRequest request);
  }

  private static LanguageModel model(Script script) {
    return new LanguageModel() {
      @Override
      public String name() {
        return "test script";
      }

      @Override
      public ModelResponse generate(ModelRequest request) {
        return script.next(request);
      }
    };
  }

  private static ModelResponse calls(ModelToolCall... calls) {
    return new ModelResponse(null, List.of(calls), ModelResponse.Usage.UNKNOWN, ModelResponse.Stop.TOOL_CALLS);
  }
}
