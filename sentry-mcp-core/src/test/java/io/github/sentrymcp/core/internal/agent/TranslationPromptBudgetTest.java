package io.github.sentrymcp.core.internal.agent;

import static io.github.sentrymcp.core.internal.agent.ScriptedModel.text;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a translation costs before the model has looked anything up: the first request's system prompt, lookup
 * definitions and request, in characters (about three per token). A budget per tool keeps the prompts from growing
 * unnoticed; BENCHMARKS.md records the figures.
 */
class TranslationPromptBudgetTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "search_issues, 2600",
      "search_events, 3600",
      "search_issue_events, 2600"})
  void theFirstRequestStaysWithinItsBudget(String tool, int budget) {
    try (FakeSentry fake = FakeSentry.start()) {
      ScriptedModel model = ScriptedModel.answering(text("{\"query\": \"is:unresolved\", \"sort\": null}"));
      Map<String, Object> arguments = tool.equals("search_issue_events")
          ? args("organizationSlug", ToolTestSupport.ORG, "issueId", "CLOUDFLARE-MCP-41", "query",
              "show me errors from the last day")
          : args("organizationSlug", ToolTestSupport.ORG, "query", "show me errors from the last day");
      try (SentryMcp mcp = SentryMcp.builder(io.github.sentrymcp.api.config.SentryMcpConfig.builder()
              .host(fake.hostAndPort()).insecureHttp(true).build())
          .queryTranslation(io.github.sentrymcp.core.model.QueryTranslation.builder(model).build()).build()) {
        RenderedResult r = mcp.callAndRender(tool, arguments, ToolTestSupport.session());
        assertTrue(!model.requests.isEmpty(), r.text());
      }
      ModelRequest first = model.requests.get(0);
      int system = first.system().length();
      int tools = first.tools().stream()
          .mapToInt(t -> t.name().length() + t.description().length() + t.parametersSchema().length()).sum();
      int request = first.messages().stream().mapToInt(m -> ((ModelMessage.User) m).text().length()).sum();
      int total = system + tools + request;
      System.out.printf("%s first request: system %d, lookups %d (%s), request %d, total %d chars%n", tool, system,
          tools, String.join(", ", first.tools().stream().map(ModelTool::name).toList()), request, total);
      assertTrue(total <= budget, tool + ": " + total + " chars > budget " + budget);
    }
  }
}
