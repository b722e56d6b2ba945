package io.github.sentrymcp.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.github.sentrymcp.server.StdioServerClients.call;
import static io.github.sentrymcp.server.StdioServerClients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Natural-language search end to end: the shaded jar with an explicitly chosen provider, driven by the MCP Java SDK
 * client over stdio and Streamable HTTP, with WireMock standing in for OpenAI and Anthropic (recorded-shape bodies
 * under {@code src/test/resources/models/}). The process's own model variables are blanked (blank counts as unset).
 */
class NaturalLanguageSearchIT {
  private static final String OPENAI_KEY = "sk-FAKEopenaiNLS4Qw7Zt2";
  private static final String ANTHROPIC_KEY = "sk-ant-FAKEanthropicNLS8Kx3";
  private static final String ORG = "sentry-mcp-evals";
  private static final String REQUEST = "show me unresolved errors from the last 24 hours";
  private static final String TRANSLATED = "is:unresolved level:error";
  /** The sentence only the provider's error body holds: it must reach neither a result nor a log line. */
  private static final String PROVIDER_SENTENCE = "Purple elephants dance at midnight";
  private static final String SENTRY_TOKEN = "sntrys_nls-it-token-5521";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WireMockServer WM = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private static final Pattern LISTENING = Pattern.compile("MCP Streamable HTTP at (http://\\S+)/mcp");

  private final List<String> stderr = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startWireMock() {
    WM.start();
  }

  @AfterAll
  static void stopWireMock() {
    WM.stop();
  }

  @BeforeEach
  void reset() {
    WM.resetAll();
  }

  /** Every model variable blanked, then these. */
  private static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    for (String v : List.of("EMBEDDED_AGENT_PROVIDER", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENROUTER_API_KEY",
        "OPENAI_MODEL", "OPENAI_BASE_URL", "ANTHROPIC_MODEL", "ANTHROPIC_BASE_URL", "OPENROUTER_MODEL",
        "OPENAI_API_VERSION", "OPENROUTER_REASONING_EFFORT", "OPENAI_TOKEN_LIMIT_PARAMETER", "SENTRY_ACCESS_TOKEN")) {
      env.put(v, "");
    }
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  /** A stdio client of the jar started with this environment and these arguments; stderr lines go to the list. */
  private McpSyncClient client(Map<String, String> env, String... args) {
    McpSyncClient c = StdioServerClients.client(stderr::add, env, args);
    c.initialize();
    return c;
  }

  private String base() {
    return "http://127.0.0.1:" + WM.port();
  }

  private static String resource(String path) {
    try (InputStream in = NaturalLanguageSearchIT.class.getResourceAsStream("/" + path)) {
      assertNotNull(in, path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first answer of {@code path} is {@code first} (a lookup), every later one {@code second}. */
  private static void scenario(String path, String first, String second) {
    WM.stubFor(post(urlEqualTo(path)).inScenario("translation").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("looked up").willReturn(okJson(resource(first))));
    WM.stubFor(post(urlEqualTo(path)).inScenario("translation").whenScenarioStateIs("looked up")
        .willReturn(okJson(resource(second))));
  }

  private static List<LoggedRequest> modelRequests() {
    return WM.findAll(anyRequestedFor(anyUrl()));
  }

  private static JsonNode body(LoggedRequest r) {
    try {
      return JSON.readTree(r.getBodyAsString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code key} occurs in {@code text} only inside a fenced region ({@code <d-NONCE ...>} to {@code </d>}). */
  private static void assertFenced(String text, String key) {
    int at = text.indexOf(key);
    assertTrue(at >= 0, key + " missing: " + text);
    while (at >= 0) {
      int open = text.lastIndexOf("<d-", at);
      int close = text.lastIndexOf("</d>", at);
      assertTrue(open >= 0 && open > close, key + " outside a <d- region: " + text);
      at = text.indexOf(key, at + 1);
    }
  }

  private static List<String> toolNames(JsonNode body, boolean openAi) {
    List<String> names = new ArrayList<>();
    for (JsonNode t : body.path("tools")) {
      names.add(openAi ? t.path("function").path("name").asText() : t.path("name").asText());
    }
    return names;
  }

  private void assertTranslated(McpSchema.CallToolResult r, String label) {
    assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
    assertTrue(text(r).contains(TRANSLATED), text(r));
    assertTrue(text(r).contains("(translated by " + label + ")"), text(r));
    // the model's sort ran too
    assertTrue(text(r).contains("Search: sort freq"), text(r));
    assertFenced(text(r), TRANSLATED);
    assertFenced(text(r), REQUEST);
  }

  /** A stderr line starts with {@code line} (the whole line when it is the model choice), and no secret shows. */
  private void assertStderr(String line, String... secrets) {
    String all = String.join("\n", stderr);
    assertTrue(stderr.stream().anyMatch(l -> line.startsWith("natural-language search: ") ? l.equals(line)
        : l.startsWith(line)), all);
    for (String s : secrets) {
      assertFalse(all.contains(s), "stderr shows " + s + ": " + all);
    }
  }

  @Test
  void openAiTranslatesASearchThroughOneLookupOverStdio() {
    scenario("/v1/chat/completions", "models/openai/chat-tool-call.json", "models/openai/chat-answer.json");
    try (McpSyncClient c = client(env("OPENAI_API_KEY", OPENAI_KEY), "--sandbox", "--no-warmup",
        "--agent-provider=openai", "--openai-base-url=" + base() + "/v1")) {
      McpSchema.CallToolResult r = call(c, "search_issues", Map.of("organizationSlug", ORG, "query", REQUEST));
      assertTranslated(r, "openai gpt-5");
      assertFalse(text(r).contains(OPENAI_KEY), text(r));
    }
    List<LoggedRequest> requests = modelRequests();
    assertEquals(2, requests.size(), requests.toString());
    for (LoggedRequest q : requests) {
      assertEquals("POST", q.getMethod().getName());
      assertEquals("/v1/chat/completions", q.getUrl());
      assertEquals("Bearer " + OPENAI_KEY, q.getHeader("Authorization"));
      assertTrue(q.getHeader("Content-Type").startsWith("application/json"), q.getHeader("Content-Type"));
      JsonNode b = body(q);
      assertEquals("gpt-5", b.path("model").asText(), b.toString());
      // a loopback base URL is an OpenAI-compatible server: max_tokens, and never a temperature
      assertTrue(b.path("max_tokens").canConvertToInt() && b.path("max_tokens").asInt() > 0, b.toString());
      assertFalse(b.has("max_completion_tokens") || b.has("temperature"), b.toString());
      // the lookups of an issue search only: no search, write or gateway tool
      assertEquals(List.of("issueFields", "whoami"), toolNames(b, true), b.toString());
      JsonNode messages = b.path("messages");
      assertEquals("system", messages.path(0).path("role").asText());
      assertEquals("user", messages.path(1).path("role").asText());
      assertFenced(messages.path(1).path("content").asText(), REQUEST);
    }
    JsonNode messages = body(requests.get(1)).path("messages");
    assertEquals(4, messages.size(), messages.toString());
    JsonNode assistant = messages.path(2);
    assertEquals("assistant", assistant.path("role").asText());
    assertEquals("issueFields", assistant.path("tool_calls").path(0).path("function").path("name").asText());
    JsonNode tool = messages.path(3);
    assertEquals("tool", tool.path("role").asText());
    assertEquals("call_Qm3v8Jt2LwX9bR5nY1kP0sDe", tool.path("tool_call_id").asText());
    // the sandbox's tag keys reach the model only as fenced data
    String content = tool.path("content").asText();
    assertFenced(content, "runtime.name");
    assertFenced(content, "uptime_rule");
    assertStderr("natural-language search: openai gpt-5 at " + base(), OPENAI_KEY);
  }

  @Test
  void anthropicTranslatesASearchThroughOneLookupOverStdio() {
    scenario("/v1/messages", "models/anthropic/messages-tool-use.json", "models/anthropic/messages-answer.json");
    try (McpSyncClient c = client(env("ANTHROPIC_API_KEY", ANTHROPIC_KEY), "--sandbox", "--no-warmup",
        "--agent-provider=anthropic", "--anthropic-base-url=" + base() + "/v1")) {
      McpSchema.CallToolResult r = call(c, "search_issues", Map.of("organizationSlug", ORG, "query", REQUEST));
      assertTranslated(r, "anthropic claude-sonnet-4-5");
      assertFalse(text(r).contains(ANTHROPIC_KEY), text(r));
    }
    List<LoggedRequest> requests = modelRequests();
    assertEquals(2, requests.size(), requests.toString());
    for (LoggedRequest q : requests) {
      assertEquals("POST", q.getMethod().getName());
      assertEquals("/v1/messages", q.getUrl());
      assertEquals(ANTHROPIC_KEY, q.getHeader("x-api-key"));
      assertEquals("2023-06-01", q.getHeader("anthropic-version"));
      assertFalse(q.containsHeader("Authorization"), "the key goes in x-api-key only");
      JsonNode b = body(q);
      assertEquals("claude-sonnet-4-5", b.path("model").asText(), b.toString());
      assertTrue(b.path("max_tokens").canConvertToInt() && b.path("max_tokens").asInt() > 0, b.toString());
      assertFalse(b.has("temperature"), b.toString());
      assertFalse(b.path("system").asText().isEmpty(), b.toString());
      assertEquals(List.of("issueFields", "whoami"), toolNames(b, false), b.toString());
      JsonNode first = b.path("messages").path(0);
      assertEquals("user", first.path("role").asText());
      assertFenced(first.path("content").asText(), REQUEST);
    }
    JsonNode messages = body(requests.get(1)).path("messages");
    assertEquals(3, messages.size(), messages.toString());
    JsonNode assistant = messages.path(1);
    assertEquals("assistant", assistant.path("role").asText());
    JsonNode toolUse = null;
    for (JsonNode block : assistant.path("content")) {
      if (block.path("type").asText().equals("tool_use")) {
        toolUse = block;
      }
    }
    assertNotNull(toolUse, assistant.toString());
    assertEquals("issueFields", toolUse.path("name").asText());
    JsonNode result = messages.path(2);
    assertEquals("user", result.path("role").asText());
    JsonNode block = result.path("content").path(0);
    assertEquals("tool_result", block.path("type").asText(), result.toString());
    assertEquals("toolu_01A09q90qw90lq917835lq9", block.path("tool_use_id").asText());
    String content = block.path("content").asText();
    assertFenced(content, "runtime.name");
    assertFenced(content, "uptime_rule");
    assertStderr("natural-language search: anthropic claude-sonnet-4-5 at " + base(), ANTHROPIC_KEY);
  }

  /**
   * Against a fake Sentry in this JVM: the lookup and the search the model's answer makes are exactly what reaches
   * Sentry, in the caller's organization.
   */
  @Test
  void theTranslatedSearchIsWhatReachesSentry() {
    scenario("/v1/chat/completions", "models/openai/chat-tool-call.json", "models/openai/chat-answer.json");
    try (FakeSentry fake = FakeSentry.builder().requiredToken(SENTRY_TOKEN).build()) {
      try (McpSyncClient c = client(env("OPENAI_API_KEY", OPENAI_KEY, "SENTRY_ACCESS_TOKEN", SENTRY_TOKEN),
          "--host=" + fake.hostAndPort(), "--insecure-http", "--no-warmup", "--agent-provider=openai",
          "--openai-base-url=" + base() + "/v1")) {
        assertTranslated(call(c, "search_issues", Map.of("organizationSlug", ORG, "query", REQUEST)), "openai gpt-5");
      }
      List<RecordedRequest> tags = fake.requests("GET", "/api/0/organizations/*/tags/");
      assertEquals(1, tags.size(), fake.journal().toString());
      assertEquals("/api/0/organizations/" + ORG + "/tags/", tags.get(0).path());
      assertEquals(Map.of("dataset", List.of("search_issues"), "statsPeriod", List.of("14d")),
          tags.get(0).queryParams());
      List<RecordedRequest> searches = fake.requests("GET", "/api/0/organizations/*/issues/");
      assertEquals(1, searches.size(), fake.journal().toString());
      assertEquals("/api/0/organizations/" + ORG + "/issues/", searches.get(0).path());
      assertEquals(TRANSLATED, searches.get(0).queryParam("query"), searches.toString());
      assertEquals("freq", searches.get(0).queryParam("sort"), searches.toString());
      for (RecordedRequest r : fake.journal()) {
        assertEquals("GET", r.method(), r.toString());
        assertEquals("Bearer " + SENTRY_TOKEN, r.header("Authorization"), r.toString());
      }
    }
    assertEquals(2, modelRequests().size(), modelRequests().toString());
    assertStderr("natural-language search: openai gpt-5 at " + base(), OPENAI_KEY, SENTRY_TOKEN);
  }

  /**
   * The provider refuses (429, quota exhausted): an error result that says what to write instead, without the
   * provider's text or the key, nothing searched, and the server keeps serving. Against a fake Sentry in this JVM, to
   * see what was searched.
   */
  @Test
  void aProviderFailureIsAnErrorResultAndTheServerKeepsServing() {
    WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json").withBody(resource("models/openai/error-429-quota.json"))));
    try (FakeSentry fake = FakeSentry.builder().requiredToken(SENTRY_TOKEN).build()) {
      try (McpSyncClient c = client(env("OPENAI_API_KEY", OPENAI_KEY, "SENTRY_ACCESS_TOKEN", SENTRY_TOKEN),
          "--host=" + fake.hostAndPort(), "--insecure-http", "--no-warmup", "--agent-provider=openai",
          "--openai-base-url=" + base() + "/v1")) {
        McpSchema.CallToolResult failed =
            call(c, "search_issues", Map.of("organizationSlug", ORG, "query", REQUEST));
        assertEquals(Boolean.TRUE, failed.isError(), text(failed));
        String t = text(failed);
        assertTrue(t.contains("could not be translated by openai gpt-5"), t);
        assertTrue(t.contains("Nothing was searched. Write the query in Sentry search syntax instead, e.g. query='"
            + "is:unresolved level:error firstSeen:-24h'"), t);
        assertFalse(t.contains(PROVIDER_SENTENCE) || t.contains(OPENAI_KEY) || t.contains(SENTRY_TOKEN), t);
        assertTrue(fake.requests("GET", "/api/0/organizations/*/issues/").isEmpty(), fake.journal().toString());

        McpSchema.CallToolResult ok =
            call(c, "search_issues", Map.of("organizationSlug", ORG, "query", "is:unresolved"));
        assertFalse(Boolean.TRUE.equals(ok.isError()), text(ok));
        assertFalse(text(ok).contains("translated by"), text(ok));
      }
      List<RecordedRequest> searches = fake.requests("GET", "/api/0/organizations/*/issues/");
      assertEquals(1, searches.size(), searches.toString());
      assertEquals("is:unresolved", searches.get(0).queryParam("query"), searches.toString());
    }
    // one model request: the quota failure is not retried, and Sentry syntax never goes to the model
    assertEquals(1, modelRequests().size(), modelRequests().toString());
    assertStderr("natural-language search: openai gpt-5 at " + base(), OPENAI_KEY, PROVIDER_SENTENCE,
        SENTRY_TOKEN);
  }

  /**
   * No provider chosen (a key and a base URL set, still off): a natural-language query is an input error that says
   * how to write it, and neither the model server nor Sentry gets a request for it.
   */
  @Test
  void withoutAProviderANaturalLanguageQueryIsAnInputErrorAndNothingIsSent() {
    scenario("/v1/chat/completions", "models/openai/chat-tool-call.json", "models/openai/chat-answer.json");
    try (FakeSentry fake = FakeSentry.builder().requiredToken(SENTRY_TOKEN).build()) {
      try (McpSyncClient c = client(env("OPENAI_API_KEY", OPENAI_KEY, "SENTRY_ACCESS_TOKEN", SENTRY_TOKEN),
          "--host=" + fake.hostAndPort(), "--insecure-http", "--no-warmup",
          "--openai-base-url=" + base() + "/v1")) {
        McpSchema.CallToolResult r = call(c, "search_issues", Map.of("organizationSlug", ORG, "query", REQUEST));
        assertEquals(Boolean.TRUE, r.isError(), text(r));
        assertTrue(text(r).contains("The query reads as natural language, and this server has no model to"
            + " translate it"), text(r));
        assertTrue(text(r).contains("query='is:unresolved level:error firstSeen:-24h'"), text(r));
      }
      assertTrue(fake.requests("GET", "/api/0/organizations/**").isEmpty(), fake.journal().toString());
    }
    assertTrue(modelRequests().isEmpty(), modelRequests().toString());
    assertStderr("WARNING: natural-language search is off: OPENAI_API_KEY is set", OPENAI_KEY);
    assertTrue(stderr.stream().anyMatch(l -> l.contains("; --openai-base-url is unused without a provider")),
        String.join("\n", stderr));
  }

  /** The HTTP launcher builds its engine with the model too: one translation through Streamable HTTP. */
  @Test
  void openAiTranslatesASearchOverStreamableHttp() throws Exception {
    scenario("/v1/chat/completions", "models/openai/chat-tool-call.json", "models/openai/chat-answer.json");
    try (HttpServerProcess s = HttpServerProcess.start(env("OPENAI_API_KEY", OPENAI_KEY), LISTENING, "--sandbox",
        "--transport=http", "--port=0", "--no-warmup", "--agent-provider=openai",
        "--openai-base-url=" + base() + "/v1")) {
      HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder(s.ready().group(1))
          .endpoint("/mcp").jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper())).build();
      try (McpSyncClient c = McpClient.sync(t).requestTimeout(Duration.ofSeconds(30)).build()) {
        c.initialize();
        McpSchema.CallToolResult r = call(c, "search_issues", Map.of("organizationSlug", ORG, "query", REQUEST));
        assertTranslated(r, "openai gpt-5");
        assertFalse(text(r).contains(OPENAI_KEY), text(r));
      }
      List<LoggedRequest> requests = modelRequests();
      assertEquals(2, requests.size(), requests.toString());
      assertEquals("Bearer " + OPENAI_KEY, requests.get(1).getHeader("Authorization"));
      assertFenced(body(requests.get(1)).path("messages").path(3).path("content").asText(), "runtime.name");
      stderr.addAll(s.stderr());
    }
    assertStderr("natural-language search: openai gpt-5 at " + base(), OPENAI_KEY);
  }
}
