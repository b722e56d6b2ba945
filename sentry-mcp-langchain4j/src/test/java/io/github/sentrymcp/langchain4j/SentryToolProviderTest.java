package io.github.sentrymcp.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolProviderRequest;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.FakeSentryExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider against the real engine and FakeSentry. */
class SentryToolProviderTest {
  private static final String TOKEN = "sntrys_" + "toolProviderTest0123456789abcdefABCD";
  private static final String ORG = "sentry-mcp-evals";
  private static final Session SESSION = Session.of(AccessToken.of(TOKEN));
  private static final ToolProviderRequest REQUEST = new ToolProviderRequest("memory-1", UserMessage.from("hi"));

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

  private static List<AiServiceTool> tools(SentryToolProvider provider) {
    return provider.provideTools(REQUEST).aiServiceTools();
  }

  private static AiServiceTool tool(List<AiServiceTool> tools, String name) {
    Optional<AiServiceTool> t = tools.stream().filter(x -> x.name().equals(name)).findFirst();
    assertTrue(t.isPresent(), name + " in " + tools.stream().map(AiServiceTool::name).toList());
    return t.orElseThrow();
  }

  private static ToolExecutionResult run(AiServiceTool tool, String arguments) {
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name(tool.name()).arguments(arguments).build();
    return tool.toolExecutor().executeWithContext(call, null);
  }

  /** The text with each render's random fence nonce made the same. */
  private static String unfenced(String text) {
    return FENCE.matcher(text).replaceAll("<d-nonce>");
  }

  private static final Pattern FENCE = Pattern.compile("<d-[A-Za-z0-9_-]+>");

  @Test
  void providesWhatTheEngineListsForTheSessionInTheChosenSurface() {
    for (Surface surface : Surface.values()) {
      SentryToolProvider provider = SentryToolProvider.builder(engine, SESSION).surface(surface).build();
      List<String> expected = engine.listedTools(SESSION, surface).stream().map(ToolDescriptor::name).toList();
      assertEquals(expected, tools(provider).stream().map(AiServiceTool::name).toList(), surface.id());
      assertEquals(expected, provider.toolNames(SESSION));
    }
    SentryToolProvider byDefault = SentryToolProvider.builder(engine, SESSION).build();
    assertEquals(engine.config().surface(), byDefault.surface());
    for (AiServiceTool t : tools(byDefault)) {
      ToolDescriptor d = engine.tool(t.name()).orElseThrow().descriptorFor(SESSION.constraints());
      assertEquals(d.description(), t.toolSpecification().description());
      assertNotNull(t.toolSpecification().parameters(), t.name());
    }
  }

  @Test
  void aToolCallReturnsWhatTheEngineRenders() {
    SentryToolProvider provider = SentryToolProvider.builder(engine, SESSION).surface(Surface.DIRECT).build();
    List<AiServiceTool> tools = tools(provider);
    Map<String, String> calls = Map.of(
        "whoami", "{}",
        "find_organizations", "",
        "find_projects", "{\"organizationSlug\":\"" + ORG + "\"}",
        "get_issue_details", "{\"organizationSlug\":\"" + ORG + "\",\"issueId\":\"CLOUDFLARE-MCP-41\"}");
    for (Map.Entry<String, String> c : calls.entrySet()) {
      ToolExecutionResult viaLangChain4j = run(tool(tools, c.getKey()), c.getValue());
      Map<String, Object> args = c.getValue().isEmpty() ? Map.of()
          : c.getKey().equals("find_projects") ? Map.of("organizationSlug", ORG)
          : c.getKey().equals("get_issue_details") ? Map.of("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41")
          : Map.of();
      RenderedResult direct = engine.callAndRender(c.getKey(), args, SESSION);
      assertFalse(direct.isError(), direct.text());
      assertFalse(viaLangChain4j.isError(), viaLangChain4j.resultText());
      assertEquals(unfenced(direct.text()), unfenced(viaLangChain4j.resultText()), c.getKey());
      assertTrue(viaLangChain4j.resultText().contains("<d-"), "Sentry's values stay fenced");
      // the plain execute() of older AI services gives the same text
      ToolExecutionRequest call = ToolExecutionRequest.builder().id("c2").name(c.getKey()).arguments(c.getValue())
          .build();
      assertEquals(unfenced(direct.text()),
          unfenced(tool(tools, c.getKey()).toolExecutor().execute(call, "memory-1")));
    }
    assertTrue(fake.arrivals().stream().anyMatch(a -> a.startsWith("GET /api/0/auth/")), fake.arrivals().toString());
    assertTrue(fake.arrivals().stream().anyMatch(a -> a.startsWith("GET /api/0/organizations/" + ORG + "/projects/")),
        fake.arrivals().toString());
  }

  @Test
  void argumentsThatAreNotAJsonObjectAreAClearErrorText() {
    AiServiceTool whoami = tool(tools(SentryToolProvider.builder(engine, SESSION).surface(Surface.DIRECT).build()),
        "find_projects");
    for (String bad : List.of("{\"organizationSlug\":", "[1,2]", "\"text\"", "not json at all")) {
      ToolExecutionResult r = run(whoami, bad);
      assertTrue(r.isError(), bad);
      assertTrue(r.resultText().contains("The arguments of find_projects must be a JSON object of its parameters"),
          r.resultText());
      assertFalse(r.resultText().contains("Exception"), r.resultText());
      assertFalse(r.resultText().contains("\tat "), r.resultText());
    }
    assertEquals(List.of(), fake.arrivals(), "nothing reached Sentry");
    // a failing call is an error text too, never an exception: a required parameter left out
    ToolExecutionResult missing = run(whoami, "{}");
    assertTrue(missing.isError());
    assertTrue(missing.resultText().contains("organizationSlug"), missing.resultText());
  }

  @Test
  void aToolOutsideTheSessionsGrantIsNotProvided() {
    Session narrow = Session.builder(AccessToken.of(TOKEN)).disableTools("whoami").build();
    for (Surface surface : Surface.values()) {
      List<String> names = tools(SentryToolProvider.builder(engine, narrow).surface(surface).build()).stream()
          .map(AiServiceTool::name).toList();
      assertFalse(names.contains("whoami"), surface.id() + ": " + names);
      assertTrue(names.contains("find_organizations"), surface.id() + ": " + names);
    }
  }

  @Test
  void theSessionFunctionDecidesPerRequest() {
    Session narrow = Session.builder(AccessToken.of(TOKEN)).disableTools("whoami").build();
    SentryToolProvider provider = SentryToolProvider.builder(engine,
        r -> "narrow".equals(r.chatMemoryId()) ? narrow : SESSION).surface(Surface.DIRECT).build();
    List<String> wide = provider.provideTools(REQUEST).aiServiceTools().stream().map(AiServiceTool::name).toList();
    List<String> small = provider.provideTools(new ToolProviderRequest("narrow", UserMessage.from("hi")))
        .aiServiceTools().stream().map(AiServiceTool::name).toList();
    assertTrue(wide.contains("whoami"));
    assertFalse(small.contains("whoami"));
    assertEquals(wide.size() - 1, small.size());
  }
}
