package io.github.sentrymcp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.core.model.ModelSettings.TokenLimit;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSettingsTest {
  private static final String KEY = "sk-test-4f9c2a7e1b8d3c6a5e0fQz";

  private static ModelSettings openAi(String baseUrl) {
    return ModelSettings.builder(ModelProvider.OPENAI, KEY).baseUrl(baseUrl).build();
  }

  private static List<String> problems(ModelSettings.Builder b) {
    ConfigurationException e = assertThrows(ConfigurationException.class, b::build);
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
    return e.problems();
  }

  @Test
  void defaults() {
    ModelSettings s = ModelSettings.builder(ModelProvider.OPENAI, KEY).build();
    assertEquals("gpt-5", s.model());
    assertEquals(URI.create("https://api.openai.com/v1"), s.baseUrl());
    assertEquals(Duration.ofSeconds(30), s.requestTimeout());
    assertEquals("openai gpt-5", s.label());
    assertEquals(Optional.empty(), s.apiVersion());
    assertEquals(Optional.empty(), s.reasoningEffort());
    ModelSettings a = ModelSettings.builder(ModelProvider.ANTHROPIC, KEY).build();
    assertEquals("claude-sonnet-4-5", a.model());
    assertEquals(URI.create("https://api.anthropic.com/v1"), a.baseUrl());
    ModelSettings r = ModelSettings.builder(ModelProvider.OPENROUTER, KEY).build();
    assertEquals(URI.create("https://openrouter.ai/api/v1"), r.baseUrl());
    assertEquals("openrouter openai/gpt-5", r.label());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.example.com/v1", "https://api.example.com:8443/openai/v1/",
      "http://127.0.0.1:11434/v1", "http://localhost:8080/v1", "http://[::1]:8080/v1", "HTTPS://llm.internal/v1"})
  void acceptedBaseUrls(String url) {
    ModelSettings s = openAi(url);
    assertFalse(s.baseUrl().toString().endsWith("/"), "a trailing slash is dropped");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://api.example.com/v1", "http://10.0.0.5:11434/v1", "ftp://api.example.com/v1",
      "https://user:pa55word@api.example.com/v1", "https://api.example.com/v1?key=abc",
      "https://api.example.com/v1#frag", "api.example.com/v1", "/v1", "mailto:someone@example.com",
      "https://api example.com/v1"})
  void refusedBaseUrls(String url) {
    List<String> problems = problems(ModelSettings.builder(ModelProvider.OPENAI, KEY).baseUrl(url));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("the openai base URL "), problems.get(0));
    assertFalse(problems.get(0).contains("pa55word") || problems.get(0).contains("key=abc"), problems.get(0));
  }

  @Test
  void plainHttpOnlyToALoopbackHost() {
    assertEquals(List.of("the openai base URL must use https (plain http only to a loopback host such as"
        + " http://127.0.0.1:11434/v1)"), problems(ModelSettings.builder(ModelProvider.OPENAI, KEY)
        .baseUrl("http://llm.example.com/v1")));
  }

  @Test
  void azureNeedsABaseUrlOfOneOfItsTwoShapes() {
    assertEquals(1, problems(ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)).size());
    ModelSettings v1 = ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
        .baseUrl("https://my-resource.openai.azure.com/openai/v1/").build();
    assertEquals("v1", ModelSettings.azureShape(v1.baseUrl()));
    ModelSettings deployment = ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
        .baseUrl("https://my-resource.openai.azure.com/openai/deployments/gpt-5-prod").apiVersion("2025-04-01-preview")
        .build();
    assertEquals("gpt-5-prod", ModelSettings.azureShape(deployment.baseUrl()));
    assertEquals(Optional.of("2025-04-01-preview"), deployment.apiVersion());
    for (String url : List.of("https://my-resource.openai.azure.com/", "https://my-resource.openai.azure.com/openai",
        "https://my-resource.openai.azure.com/openai/deployments/", "https://x.openai.azure.com/openai/deployments/a%2Fb",
        "https://my-resource.openai.azure.com/openai/v2")) {
      assertEquals(List.of("the azure-openai base URL must end in /openai/v1 or in /openai/deployments/<deployment>"),
          problems(ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY).baseUrl(url)), url);
    }
    assertNull(ModelSettings.azureShape(URI.create("https://x.example.com/v1")));
  }

  @Test
  void apiVersionIsOnlyForAzureAndMustLookLikeOne() {
    assertEquals(List.of("an api-version is only for the azure-openai provider"),
        problems(ModelSettings.builder(ModelProvider.OPENAI, KEY).apiVersion("2024-10-21")));
    assertEquals(List.of("the Azure api-version must look like 2024-10-21 or 2025-04-01-preview"),
        problems(ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
            .baseUrl("https://r.openai.azure.com/openai/deployments/d").apiVersion("2024-10-21&x=1")));
  }

  @Test
  void openRouterHasAFixedBaseUrl() {
    assertEquals(List.of("the openrouter provider has a fixed base URL; do not set one"),
        problems(ModelSettings.builder(ModelProvider.OPENROUTER, KEY).baseUrl("https://openrouter.ai/api/v1")));
  }

  @Test
  void reasoningEfforts() {
    for (String effort : ModelSettings.REASONING_EFFORTS) {
      assertEquals(Optional.of(effort), ModelSettings.builder(ModelProvider.OPENROUTER, KEY)
          .reasoningEffort(effort.toUpperCase(java.util.Locale.ROOT)).build().reasoningEffort());
    }
    assertEquals(Optional.of("xhigh"), ModelSettings.builder(ModelProvider.OPENROUTER, KEY).reasoningEffort(" max ")
        .build().reasoningEffort());
    assertEquals(List.of("the OpenRouter reasoning effort must be one of none, minimal, low, medium, high, xhigh"),
        problems(ModelSettings.builder(ModelProvider.OPENROUTER, KEY).reasoningEffort("extreme")));
    assertEquals(List.of("a reasoning effort is only for the openrouter provider"),
        problems(ModelSettings.builder(ModelProvider.ANTHROPIC, KEY).reasoningEffort("high")));
  }

  @Test
  void defaultTokenLimit() {
    assertEquals(TokenLimit.MAX_COMPLETION_TOKENS, ModelSettings.builder(ModelProvider.OPENAI, KEY).build()
        .tokenLimit(), "api.openai.com takes max_completion_tokens");
    assertEquals(TokenLimit.MAX_COMPLETION_TOKENS, openAi("https://API.OPENAI.COM/v1").tokenLimit());
    assertEquals(TokenLimit.MAX_TOKENS, openAi("http://127.0.0.1:11434/v1").tokenLimit(), "other servers: max_tokens");
    assertEquals(TokenLimit.MAX_TOKENS, openAi("https://llm-proxy.example.com/v1").tokenLimit());
    assertEquals(TokenLimit.MAX_COMPLETION_TOKENS, ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
        .baseUrl("https://r.openai.azure.com/openai/v1").build().tokenLimit());
    assertEquals(TokenLimit.MAX_TOKENS, ModelSettings.builder(ModelProvider.OPENROUTER, KEY).build().tokenLimit());
    assertEquals(TokenLimit.MAX_COMPLETION_TOKENS, ModelSettings.builder(ModelProvider.OPENAI, KEY)
        .baseUrl("http://127.0.0.1:11434/v1").tokenLimit(TokenLimit.MAX_COMPLETION_TOKENS).build().tokenLimit(),
        "an explicit choice wins");
    assertEquals(Optional.of(TokenLimit.MAX_TOKENS), TokenLimit.parse(" MAX_TOKENS "));
    assertEquals(Optional.of(TokenLimit.MAX_COMPLETION_TOKENS), TokenLimit.parse("max_completion_tokens"));
    assertEquals(Optional.empty(), TokenLimit.parse("max_output_tokens"));
  }

  @Test
  void toStringNeverShowsTheKey() {
    ModelSettings s = ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
        .baseUrl("https://my-resource.openai.azure.com/openai/deployments/gpt-5-prod").build();
    String text = s.toString();
    assertFalse(text.contains(KEY), text);
    assertFalse(text.contains("deployments"), "only the origin of the base URL: " + text);
    assertTrue(text.contains("[REDACTED]") && text.contains("azure-openai") && text.contains("my-resource"), text);
  }

  @Test
  void everyProblemIsListedAtOnce() {
    List<String> problems = problems(ModelSettings.builder(ModelProvider.OPENAI, " ")
        .model("gpt 5; rm -rf")
        .baseUrl("http://api.example.com/v1")
        .apiVersion("2024-10-21")
        .reasoningEffort("high"));
    assertEquals(5, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("OPENAI_API_KEY is empty"), problems.get(0));
    assertTrue(problems.get(1).startsWith("the openai model name must be"), problems.get(1));
  }

  @Test
  void keysWithSpacesOrNonAsciiAreRefusedWithoutBeingShown() {
    String key = "sk-ant-abc def\n";
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelSettings.builder(ModelProvider.ANTHROPIC, key).build());
    assertEquals(List.of("ANTHROPIC_API_KEY holds characters an API key cannot have (spaces, line breaks or"
        + " non-ASCII)"), e.problems());
    assertFalse(e.getMessage().contains("sk-ant"));
  }

  @Test
  void requestTimeoutMustBePositive() {
    ModelSettings.Builder b = ModelSettings.builder(ModelProvider.OPENAI, KEY);
    assertThrows(IllegalArgumentException.class, () -> b.requestTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.requestTimeout(Duration.ofSeconds(-1)));
    assertEquals(Duration.ofSeconds(5), b.requestTimeout(Duration.ofSeconds(5)).build().requestTimeout());
  }
}
