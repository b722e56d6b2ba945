package io.github.sentrymcp.core.internal.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.core.model.LanguageModels;
import io.github.sentrymcp.core.model.ModelProvider;
import io.github.sentrymcp.core.model.ModelSettings;
import io.github.sentrymcp.core.model.QueryTranslation;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole translation through the built-in adapters: WireMock answers as OpenAI and as Anthropic do (recorded
 * shapes: a lookup, then the answer), the fake Sentry serves the lookups and the search.
 */
class TranslationOverHttpTest {
  static final String KEY = "sk-test-TRANSLATIONoverHTTP-7f3k";
  static final String ORG = ToolTestSupport.ORG;
  static final ObjectMapper JSON = new ObjectMapper();
  static final WireMockServer WM = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  static FakeSentry fake;
  final Session session = ToolTestSupport.session();

  @BeforeAll
  static void start() {
    WM.start();
    fake = FakeSentry.start();
  }

  @AfterAll
  static void stop() {
    WM.stop();
    fake.close();
  }

  @BeforeEach
  void reset() {
    WM.resetAll();
    fake.reset();
  }

  static String resource(String name) {
    try (InputStream in = TranslationOverHttpTest.class.getResourceAsStream("/models/translation/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SentryMcp engine(ModelSettings settings) {
    SentryMcpConfig config = SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build();
    return SentryMcp.builder(config)
        .queryTranslation(QueryTranslation.builder(LanguageModels.create(settings)).build()).build();
  }

  static void twoSteps(String path, String first, String second) {
    WM.stubFor(post(urlEqualTo(path)).inScenario("t").whenScenarioStateIs(STARTED)
        .willReturn(okJson(resource(first))).willSetStateTo("answer"));
    WM.stubFor(post(urlEqualTo(path)).inScenario("t").whenScenarioStateIs("answer")
        .willReturn(okJson(resource(second))));
  }

  static JsonNode body(LoggedRequest r) throws IOException {
    return JSON.readTree(r.getBodyAsString());
  }

  @Test
  void openAiTranslatesASearchEventsRequest() throws IOException {
    twoSteps("/v1/chat/completions", "openai-lookup.json", "openai-answer.json");
    try (SentryMcp mcp = engine(ModelSettings.builder(ModelProvider.OPENAI, KEY)
        .baseUrl("http://127.0.0.1:" + WM.port() + "/v1").model("gpt-5").build())) {
      RenderedResult r = mcp.callAndRender("search_events",
          args("organizationSlug", ORG, "query", "slowest database spans today", "includeExplanation", true),
          session);
      assertFalse(r.isError(), r.text());
      List<LoggedRequest> sent = WM.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
          urlEqualTo("/v1/chat/completions")));
      assertEquals(2, sent.size());
      assertEquals("Bearer " + KEY, sent.get(0).getHeader("Authorization"));
      JsonNode second = body(sent.get(1));
      assertEquals("gpt-5", second.get("model").asText());
      JsonNode messages = second.get("messages");
      assertEquals("system", messages.get(0).get("role").asText());
      assertEquals("tool", messages.get(3).get("role").asText());
      assertEquals("call_Qm3v8Jt2LwX9bR5nY1kP0sDe", messages.get(3).get("tool_call_id").asText());
      String lookup = messages.get(3).get("content").asText();
      Sanitized.assertInData(lookup, "span.op");
      assertFalse(second.has("temperature"));

      RecordedRequest search = fake.requests("GET", "/api/0/organizations/" + ORG + "/events/").get(0);
      assertEquals("spans", search.queryParam("dataset"));
      assertEquals("span.op:db span.duration:>1s", search.queryParam("query"));
      assertEquals("24h", search.queryParam("statsPeriod"));
      assertEquals(1, fake.requests("GET", "/api/0/organizations/" + ORG + "/events/validate/").size());
      assertTrue(r.text().contains("(translated by openai gpt-5)"), r.text());
      Sanitized.assertInData(r.text(), "Database spans slower than a second in the last day.");
      assertFalse(r.text().contains(KEY));
    }
  }

  @Test
  void anthropicTranslatesASearchIssuesRequest() throws IOException {
    twoSteps("/v1/messages", "anthropic-lookup.json", "anthropic-answer.json");
    try (SentryMcp mcp = engine(ModelSettings.builder(ModelProvider.ANTHROPIC, KEY)
        .baseUrl("http://127.0.0.1:" + WM.port() + "/v1").build())) {
      RenderedResult r = mcp.callAndRender("search_issues",
          args("organizationSlug", ORG, "query", "show me unresolved errors from the last 24 hours"), session);
      assertFalse(r.isError(), r.text());
      List<LoggedRequest> sent = WM.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
          urlEqualTo("/v1/messages")));
      assertEquals(2, sent.size());
      assertEquals(KEY, sent.get(0).getHeader("x-api-key"));
      JsonNode second = body(sent.get(1));
      JsonNode toolResult = second.get("messages").get(2).get("content").get(0);
      assertEquals("tool_result", toolResult.get("type").asText());
      assertEquals("toolu_01Xk8mQ2vN5rT9wB3yL6pD1e", toolResult.get("tool_use_id").asText());
      RecordedRequest search = fake.requests("GET", "/api/0/organizations/" + ORG + "/issues/").get(0);
      assertEquals("is:unresolved level:error firstSeen:-24h", search.queryParam("query"));
      assertEquals("freq", search.queryParam("sort"));
      assertTrue(r.text().contains("(translated by anthropic claude-sonnet-4-5)"), r.text());
    }
  }

  @Test
  void aQuotaErrorIsAClearConfigurationErrorAndNothingIsSearched() {
    WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\": {\"message\": \"You exceeded your current quota, zebra-canary-51.\", \"type\":"
            + " \"insufficient_quota\", \"param\": null, \"code\": \"insufficient_quota\"}}")));
    try (SentryMcp mcp = engine(ModelSettings.builder(ModelProvider.OPENAI, KEY)
        .baseUrl("http://127.0.0.1:" + WM.port() + "/v1").build())) {
      RenderedResult r = mcp.callAndRender("search_issues",
          args("organizationSlug", ORG, "query", "show me unresolved errors from the last 24 hours"), session);
      assertTrue(r.isError(), r.text());
      assertTrue(r.text().contains("could not be translated by openai gpt-5"), r.text());
      assertTrue(r.text().contains("Write the query in Sentry search syntax instead, e.g."
          + " query='is:unresolved level:error firstSeen:-24h'."), r.text());
      assertFalse(r.text().contains("zebra-canary-51") || r.text().contains(KEY), r.text());
      // an empty quota is the operator's to fix: not a rate limit a client would retry
      assertEquals(ErrorKind.CONFIGURATION.id(),
          ToolTestSupport.map(ToolTestSupport.map(r.structuredContent()).get("error")).get("kind"));
      assertTrue(fake.requests("GET", "/api/0/organizations/" + ORG + "/issues/").isEmpty());
    }
  }
}
