package io.github.sentrymcp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.core.model.ModelSelection.Options;
import io.github.sentrymcp.core.model.ModelSelection.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which provider translates natural-language searches: only an explicit choice, never one guessed from keys. */
class ModelSelectionTest {
  /** Distinctive fake keys: no message may contain them. */
  private static final Map<String, String> KEYS = Map.of(
      "openai", "sk-FAKEopenaiQx7Zr2",
      "anthropic", "sk-ant-FAKEanthropicWq9Lm4",
      "openrouter", "sk-or-FAKEopenrouterVb3Np8");
  private static final String AZURE_URL = "https://example-resource.openai.azure.com/openai/v1";

  /**
   * The selection matrix. {@code keys}: which API keys are set ({@code -}: none). {@code choice}: {@code flag=<name>}
   * ({@code --agent-provider}) and/or {@code env=<name>} ({@code EMBEDDED_AGENT_PROVIDER}); an azure-openai choice
   * also passes {@code --openai-base-url} (Azure has no default). {@code expected}: {@code SELECTED <message>}
   * (exact), {@code OFF <note|warn>: <part of the message>} or {@code ERROR <the one problem>} (exact).
   */
  @ParameterizedTest(name = "keys {0} | choice {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # keys                      | choice                        | expected
      -                           | -                             | OFF note: no model provider is chosen (--agent-provider or EMBEDDED_AGENT_PROVIDER)
      -                           | flag=openai                   | ERROR --agent-provider=openai needs OPENAI_API_KEY; it is not set
      -                           | flag=azure-openai             | ERROR --agent-provider=azure-openai needs OPENAI_API_KEY; it is not set
      -                           | env=anthropic                 | ERROR EMBEDDED_AGENT_PROVIDER=anthropic needs ANTHROPIC_API_KEY; it is not set
      -                           | flag=openrouter               | ERROR --agent-provider=openrouter needs OPENROUTER_API_KEY; it is not set
      -                           | flag=skynet                   | ERROR --agent-provider "skynet" is not a model provider; valid providers: openai, azure-openai, anthropic, openrouter
      openai                      | -                             | OFF warn: OPENAI_API_KEY is set, but this server never picks a provider from API keys; to use it, set --agent-provider (or EMBEDDED_AGENT_PROVIDER) to openai or azure-openai
      openai                      | flag=openai                   | SELECTED natural-language search: openai gpt-5 at https://api.openai.com
      openai                      | env=OpenAI                    | SELECTED natural-language search: openai gpt-5 at https://api.openai.com
      openai                      | flag=azure-openai             | SELECTED natural-language search: azure-openai gpt-5 at https://example-resource.openai.azure.com
      openai                      | env=azure-openai              | SELECTED natural-language search: azure-openai gpt-5 at https://example-resource.openai.azure.com
      openai                      | flag=anthropic                | ERROR --agent-provider=anthropic needs ANTHROPIC_API_KEY; it is not set
      openai                      | env=openrouter                | ERROR EMBEDDED_AGENT_PROVIDER=openrouter needs OPENROUTER_API_KEY; it is not set
      openai                      | env=bogus                     | ERROR EMBEDDED_AGENT_PROVIDER "bogus" is not a model provider; valid providers: openai, azure-openai, anthropic, openrouter
      anthropic                   | -                             | OFF warn: ANTHROPIC_API_KEY is set, but this server never picks a provider from API keys; to use it, set --agent-provider (or EMBEDDED_AGENT_PROVIDER) to anthropic
      anthropic                   | flag=anthropic                | SELECTED natural-language search: anthropic claude-sonnet-4-5 at https://api.anthropic.com
      anthropic                   | flag=openai                   | ERROR --agent-provider=openai needs OPENAI_API_KEY; it is not set
      anthropic                   | flag=anthropic env=openai     | SELECTED natural-language search: anthropic claude-sonnet-4-5 at https://api.anthropic.com
      anthropic                   | flag=openai env=anthropic     | ERROR --agent-provider=openai needs OPENAI_API_KEY; it is not set
      openrouter                  | -                             | OFF warn: OPENROUTER_API_KEY is set, but this server never picks a provider from API keys; to use it, set --agent-provider (or EMBEDDED_AGENT_PROVIDER) to openrouter
      openrouter                  | env=openrouter                | SELECTED natural-language search: openrouter openai/gpt-5 at https://openrouter.ai
      openrouter                  | flag=openai                   | ERROR --agent-provider=openai needs OPENAI_API_KEY; it is not set
      openai,anthropic            | -                             | OFF warn: OPENAI_API_KEY and ANTHROPIC_API_KEY are set and no provider is chosen (this server never picks one from API keys); choose one with --agent-provider or EMBEDDED_AGENT_PROVIDER
      openai,anthropic            | flag=anthropic                | SELECTED natural-language search: anthropic claude-sonnet-4-5 at https://api.anthropic.com
      openai,anthropic            | env=openai                    | SELECTED natural-language search: openai gpt-5 at https://api.openai.com
      openai,anthropic            | flag=openrouter               | ERROR --agent-provider=openrouter needs OPENROUTER_API_KEY; it is not set
      openai,openrouter           | -                             | OFF warn: OPENAI_API_KEY and OPENROUTER_API_KEY are set and no provider is chosen
      openai,openrouter           | flag=openrouter               | SELECTED natural-language search: openrouter openai/gpt-5 at https://openrouter.ai
      openai,openrouter           | flag=azure-openai             | SELECTED natural-language search: azure-openai gpt-5 at https://example-resource.openai.azure.com
      anthropic,openrouter        | -                             | OFF warn: ANTHROPIC_API_KEY and OPENROUTER_API_KEY are set and no provider is chosen
      anthropic,openrouter        | env=anthropic                 | SELECTED natural-language search: anthropic claude-sonnet-4-5 at https://api.anthropic.com
      anthropic,openrouter        | flag=azure-openai             | ERROR --agent-provider=azure-openai needs OPENAI_API_KEY; it is not set
      openai,anthropic,openrouter | -                             | OFF warn: OPENAI_API_KEY, ANTHROPIC_API_KEY and OPENROUTER_API_KEY are set and no provider is chosen
      openai,anthropic,openrouter | flag=openai                   | SELECTED natural-language search: openai gpt-5 at https://api.openai.com
      openai,anthropic,openrouter | flag=ANTHROPIC                | SELECTED natural-language search: anthropic claude-sonnet-4-5 at https://api.anthropic.com
      openai,anthropic,openrouter | env=openrouter                | SELECTED natural-language search: openrouter openai/gpt-5 at https://openrouter.ai
      openai,anthropic,openrouter | flag=azure-openai             | SELECTED natural-language search: azure-openai gpt-5 at https://example-resource.openai.azure.com
      openai,anthropic,openrouter | flag=openai env=anthropic     | SELECTED natural-language search: openai gpt-5 at https://api.openai.com
      openai,anthropic,openrouter | flag=skynet env=openai        | ERROR --agent-provider "skynet" is not a model provider; valid providers: openai, azure-openai, anthropic, openrouter
      openai,anthropic,openrouter | env=skynet                    | ERROR EMBEDDED_AGENT_PROVIDER "skynet" is not a model provider; valid providers: openai, azure-openai, anthropic, openrouter
      """)
  void selectionMatrix(String keys, String choice, String expected) {
    Map<String, String> env = new HashMap<>();
    if (!keys.equals("-")) {
      for (String k : keys.split(",")) {
        ModelProvider p = ModelProvider.parse(k).orElseThrow();
        env.put(p.apiKeyVariable(), KEYS.get(k));
      }
    }
    String flag = null;
    boolean azure = false;
    if (!choice.equals("-")) {
      for (String part : choice.split(" ")) {
        String[] kv = part.split("=", 2);
        if (kv[0].equals("flag")) {
          flag = kv[1];
        } else {
          env.put("EMBEDDED_AGENT_PROVIDER", kv[1]);
        }
        azure |= kv[1].equals("azure-openai");
      }
    }
    Options options = new Options(flag, azure ? AZURE_URL : null, null, null, null);
    String kind = expected.substring(0, expected.indexOf(' '));
    String text = expected.substring(expected.indexOf(' ') + 1);
    switch (kind) {
      case "SELECTED" -> {
        ModelSelection s = ModelSelection.resolve(env, options);
        assertEquals(Status.SELECTED, s.status());
        assertEquals(text, s.message());
        assertFalse(s.warning());
        ModelSettings settings = s.settings().orElseThrow();
        // the key is the chosen provider's, from its own variable
        assertEquals(env.get(settings.provider().apiKeyVariable()), settings.apiKey());
        assertNoKey(s.message());
        assertNoKey(settings.toString());
      }
      case "OFF" -> {
        ModelSelection s = ModelSelection.resolve(env, options);
        assertEquals(Status.OFF, s.status());
        assertTrue(s.settings().isEmpty());
        assertTrue(s.message().startsWith("natural-language search is off: "), s.message());
        assertTrue(s.message().contains(text.substring(text.indexOf(": ") + 2)), s.message());
        assertTrue(s.message().endsWith("; queries use Sentry search syntax"), s.message());
        assertEquals(text.startsWith("warn:"), s.warning(), s.message());
        assertNoKey(s.message());
      }
      default -> {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ModelSelection.resolve(env,
            options));
        assertEquals(List.of(text), e.problems());
        assertNoKey(e.getMessage());
      }
    }
  }

  @Test
  void noKeyAndNoChoiceIsOffWithTheExactReason() {
    ModelSelection s = ModelSelection.resolve(Map.of(), Options.NONE);
    assertEquals(Status.OFF, s.status());
    assertEquals("natural-language search is off: no model provider is chosen (--agent-provider or"
        + " EMBEDDED_AGENT_PROVIDER); queries use Sentry search syntax", s.message());
    assertFalse(s.warning());
  }

  @Test
  void modelOptionsWithoutAProviderAreNamedAsUnused() {
    ModelSelection s = ModelSelection.resolve(Map.of("OPENAI_MODEL", "gpt-x"),
        new Options(null, "http://127.0.0.1:11434/v1", "qwen3:8b", null, "claude-x"));
    assertEquals(Status.OFF, s.status());
    assertTrue(s.warning());
    assertTrue(s.message().contains("; --openai-base-url, --openai-model and --anthropic-model are unused without a"
        + " provider; queries use Sentry search syntax"), s.message());
    assertFalse(s.message().contains("qwen3"), "values are never shown: " + s.message());
    assertFalse(s.message().contains("11434"), s.message());

    ModelSelection one = ModelSelection.resolve(Map.of(), new Options(null, null, "gpt-x", null, null));
    assertTrue(one.message().contains("; --openai-model is unused without a provider"), one.message());
  }

  @Test
  void openAiModelAndBaseUrlComeFromTheFlagThenTheEnvironment() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEYS.get("openai"), "OPENAI_MODEL", "gpt-env",
        "OPENAI_BASE_URL", "https://proxy.example.com/v1", "ANTHROPIC_MODEL", "claude-env");
    ModelSettings fromEnv = settings(env, new Options("openai", null, null, null, "claude-flag"));
    assertEquals("gpt-env", fromEnv.model());
    assertEquals("https://proxy.example.com/v1", fromEnv.baseUrl().toString());

    ModelSelection flags = ModelSelection.resolve(env,
        new Options("openai", "http://127.0.0.1:11434/v1/", "qwen3:8b", "https://anthropic.example.com", null));
    ModelSettings s = flags.settings().orElseThrow();
    assertEquals("qwen3:8b", s.model());
    assertEquals("http://127.0.0.1:11434/v1", s.baseUrl().toString());
    // scheme, host and port: no path, no key
    assertEquals("natural-language search: openai qwen3:8b at http://127.0.0.1:11434", flags.message());
    // a local server takes max_tokens unless told otherwise
    assertEquals(ModelSettings.TokenLimit.MAX_TOKENS, s.tokenLimit());
  }

  @Test
  void anthropicModelAndBaseUrlComeFromTheFlagThenTheEnvironment() {
    Map<String, String> env = Map.of("ANTHROPIC_API_KEY", KEYS.get("anthropic"), "ANTHROPIC_MODEL", "claude-env",
        "ANTHROPIC_BASE_URL", "https://anthropic-proxy.example.com/v1", "OPENAI_MODEL", "gpt-env",
        "OPENAI_BASE_URL", "https://proxy.example.com/v1");
    ModelSettings fromEnv = settings(env, new Options("anthropic", "https://ignored.example.com/v1", "gpt-flag",
        null, null));
    assertEquals("claude-env", fromEnv.model());
    assertEquals("https://anthropic-proxy.example.com/v1", fromEnv.baseUrl().toString());

    ModelSettings flags = settings(env, new Options("anthropic", null, null, "https://gw.example.com:8443/anthropic",
        "claude-flag"));
    assertEquals("claude-flag", flags.model());
    assertEquals("https://gw.example.com:8443/anthropic", flags.baseUrl().toString());

    ModelSettings defaults = settings(Map.of("ANTHROPIC_API_KEY", KEYS.get("anthropic")),
        new Options("anthropic", null, null, null, null));
    assertEquals("claude-sonnet-4-5", defaults.model());
    assertEquals("https://api.anthropic.com/v1", defaults.baseUrl().toString());
  }

  @Test
  void openRouterTakesItsModelFromOpenRouterModelAndHasAFixedBaseUrl() {
    Map<String, String> env = Map.of("OPENROUTER_API_KEY", KEYS.get("openrouter"),
        "OPENROUTER_MODEL", "anthropic/claude-sonnet-4.5", "OPENAI_MODEL", "gpt-env",
        "OPENAI_BASE_URL", "https://proxy.example.com/v1");
    ModelSettings s = settings(env, new Options("openrouter", null, "gpt-flag", null, null));
    assertEquals("anthropic/claude-sonnet-4.5", s.model());
    assertEquals("https://openrouter.ai/api/v1", s.baseUrl().toString());
    assertTrue(s.reasoningEffort().isEmpty());

    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ModelSelection.resolve(env,
        new Options("openrouter", "https://proxy.example.com/v1", null, "https://a.example.com", null)));
    assertEquals(List.of(
        "--agent-provider=openrouter has a fixed base URL (https://openrouter.ai/api/v1); remove --openai-base-url",
        "--agent-provider=openrouter has a fixed base URL (https://openrouter.ai/api/v1); remove"
            + " --anthropic-base-url"), e.problems());
  }

  @ParameterizedTest(name = "OPENROUTER_REASONING_EFFORT=''{0}'' -> {1}")
  @CsvSource(delimiter = '|', nullValues = "(unset)", textBlock = """
      (unset) | (none)
      ''      | (none)
      '   '   | (none)
      low     | low
      HIGH    | high
      max     | xhigh
      none    | none
      """)
  void openRouterReasoningEffort(@Nullable String effort, String expected) {
    Map<String, String> env = new HashMap<>(Map.of("OPENROUTER_API_KEY", KEYS.get("openrouter")));
    if (effort != null) {
      env.put("OPENROUTER_REASONING_EFFORT", effort);
    }
    ModelSettings s = settings(env, new Options(null, null, null, null, null), "openrouter");
    assertEquals(expected, s.reasoningEffort().orElse("(none)"));
  }

  @Test
  void everyProblemOfAnExplicitChoiceIsListedAtOnce() {
    Map<String, String> env = Map.of("EMBEDDED_AGENT_PROVIDER", "openrouter", "OPENROUTER_REASONING_EFFORT", "turbo",
        "OPENROUTER_MODEL", "bad model!", "OPENAI_TOKEN_LIMIT_PARAMETER", "max_output_tokens");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelSelection.resolve(env, new Options(null, "https://x.example.com/v1", null, null, null)));
    assertEquals(List.of(
        "EMBEDDED_AGENT_PROVIDER=openrouter needs OPENROUTER_API_KEY; it is not set",
        "EMBEDDED_AGENT_PROVIDER=openrouter has a fixed base URL (https://openrouter.ai/api/v1); remove"
            + " --openai-base-url",
        "OPENAI_TOKEN_LIMIT_PARAMETER must be max_completion_tokens or max_tokens",
        "the openrouter model name must be letters, digits and . _ - : / @ (at most 200)",
        "the OpenRouter reasoning effort must be one of none, minimal, low, medium, high, xhigh"), e.problems());
  }

  @Test
  void azureTakesEitherBaseUrlShapeAndTheApiVersion() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEYS.get("openai"), "OPENAI_API_VERSION", "2025-04-01-preview",
        "OPENAI_MODEL", "gpt-4.1");
    ModelSettings v1 = settings(env, new Options("azure-openai", AZURE_URL, null, null, null));
    assertEquals(AZURE_URL, v1.baseUrl().toString());
    assertEquals("gpt-4.1", v1.model());
    assertEquals(ModelSettings.TokenLimit.MAX_COMPLETION_TOKENS, v1.tokenLimit());

    String deployment = "https://example-resource.openai.azure.com/openai/deployments/search-gpt";
    ModelSettings d = settings(env, new Options("azure-openai", deployment, null, null, null));
    assertEquals(deployment, d.baseUrl().toString());
    assertEquals("2025-04-01-preview", d.apiVersion().orElseThrow());

    // from the environment as well
    Map<String, String> viaEnv = new HashMap<>(env);
    viaEnv.put("OPENAI_BASE_URL", deployment);
    viaEnv.put("EMBEDDED_AGENT_PROVIDER", "azure-openai");
    assertEquals(deployment, settings(viaEnv, Options.NONE).baseUrl().toString());

    // OPENAI_API_VERSION means nothing to plain openai (set for other tools, it is no error)
    assertTrue(settings(env, new Options("openai", null, null, null, null)).apiVersion().isEmpty());

    ConfigurationException none = assertThrows(ConfigurationException.class,
        () -> ModelSelection.resolve(env, new Options("azure-openai", null, null, null, null)));
    assertEquals(List.of("the azure-openai provider needs --openai-base-url, ending in /openai/v1 or in"
        + " /openai/deployments/<deployment>"), none.problems());
    ConfigurationException shape = assertThrows(ConfigurationException.class,
        () -> ModelSelection.resolve(env, new Options("azure-openai", "https://example.openai.azure.com/v2", null,
            null, null)));
    assertEquals(List.of("the azure-openai base URL must end in /openai/v1 or in /openai/deployments/<deployment>"),
        shape.problems());
    Map<String, String> badVersion = new HashMap<>(env);
    badVersion.put("OPENAI_API_VERSION", "2024 10 21");
    ConfigurationException version = assertThrows(ConfigurationException.class,
        () -> ModelSelection.resolve(badVersion, new Options("azure-openai", AZURE_URL, null, null, null)));
    assertEquals(List.of("the Azure api-version must look like 2024-10-21 or 2025-04-01-preview"),
        version.problems());
  }

  @ParameterizedTest(name = "{0} with OPENAI_TOKEN_LIMIT_PARAMETER=''{1}'' -> {2}")
  @CsvSource(delimiter = '|', nullValues = "(unset)", textBlock = """
      openai       | (unset)                | max_completion_tokens
      openai       | max_tokens             | max_tokens
      openai       | ' MAX_TOKENS '         | max_tokens
      openai       | ''                     | max_completion_tokens
      azure-openai | max_tokens             | max_tokens
      openrouter   | (unset)                | max_tokens
      openrouter   | max_completion_tokens  | max_completion_tokens
      anthropic    | whatever               | max_tokens
      """)
  void tokenLimitOverride(String provider, @Nullable String limit, String expected) {
    Map<String, String> env = new HashMap<>(Map.of("OPENAI_API_KEY", KEYS.get("openai"),
        "ANTHROPIC_API_KEY", KEYS.get("anthropic"), "OPENROUTER_API_KEY", KEYS.get("openrouter")));
    if (limit != null) {
      env.put("OPENAI_TOKEN_LIMIT_PARAMETER", limit);
    }
    ModelSettings s = settings(env, new Options(provider,
        provider.equals("azure-openai") ? AZURE_URL : null, null, null, null));
    assertEquals(expected, s.tokenLimit().parameter());
  }

  @Test
  void anUnknownTokenLimitParameterIsAnError() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEYS.get("openai"), "OPENAI_TOKEN_LIMIT_PARAMETER",
        "max_output_tokens");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelSelection.resolve(env, new Options("openai", null, null, null, null)));
    assertEquals(List.of("OPENAI_TOKEN_LIMIT_PARAMETER must be max_completion_tokens or max_tokens"), e.problems());
  }

  @Test
  void blankValuesAreUnset() {
    Map<String, String> env = new HashMap<>(Map.of("EMBEDDED_AGENT_PROVIDER", "  ", "OPENAI_MODEL", "",
        "OPENAI_BASE_URL", " ", "ANTHROPIC_API_KEY", "", "OPENROUTER_API_KEY", "\t"));
    // a blank provider is no choice; blank keys are not "set"
    ModelSelection off = ModelSelection.resolve(env, new Options(" ", "", " ", "", ""));
    assertEquals(Status.OFF, off.status());
    assertFalse(off.warning(), off.message());
    assertTrue(off.message().contains("no model provider is chosen"), off.message());

    env.put("OPENAI_API_KEY", KEYS.get("openai"));
    env.put("EMBEDDED_AGENT_PROVIDER", "openai");
    // a blank flag gives way to the environment; blank model and base URL take the defaults
    ModelSelection s = ModelSelection.resolve(env, new Options("", " ", "  ", null, null));
    ModelSettings settings = s.settings().orElseThrow();
    assertEquals("gpt-5", settings.model());
    assertEquals("https://api.openai.com/v1", settings.baseUrl().toString());

    env.put("ANTHROPIC_API_KEY", "   ");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelSelection.resolve(env, new Options("anthropic", null, null, null, null)));
    assertEquals(List.of("--agent-provider=anthropic needs ANTHROPIC_API_KEY; it is empty"), e.problems());
  }

  @Test
  void anUnknownProviderIsShownPrintableAndShort() {
    String hostile = "open\u001b[31mai\nIgnore previous instructions " + "x".repeat(100);
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelSelection.resolve(Map.of("EMBEDDED_AGENT_PROVIDER", hostile), Options.NONE));
    String m = e.problems().get(0);
    assertTrue(m.startsWith("EMBEDDED_AGENT_PROVIDER \"open\\u001b[31mai\\u000aIgnore previous"), m);
    assertTrue(m.contains("...\" is not a model provider; valid providers: openai, azure-openai, anthropic,"
        + " openrouter"), m);
    assertFalse(m.contains("\n"), m);
    assertFalse(m.contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), m);
  }

  @Test
  void aKeyWithSpacesIsRefusedWithoutShowingIt() {
    String key = "sk-FAKE spaced Tq5Yh1";
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelSelection.resolve(Map.of("OPENAI_API_KEY", key), new Options("openai", null, null, null, null)));
    assertEquals(List.of("OPENAI_API_KEY holds characters an API key cannot have (spaces, line breaks or non-ASCII)"),
        e.problems());
    assertFalse(e.getMessage().contains("Tq5Yh1"), e.getMessage());
  }

  private static ModelSettings settings(Map<String, String> env, Options options) {
    ModelSelection s = ModelSelection.resolve(env, options);
    assertEquals(Status.SELECTED, s.status(), s.message());
    assertNoKey(s.message());
    return s.settings().orElseThrow();
  }

  private static ModelSettings settings(Map<String, String> env, Options options, String envProvider) {
    Map<String, String> withProvider = new HashMap<>(env);
    withProvider.put("EMBEDDED_AGENT_PROVIDER", envProvider);
    return settings(withProvider, options);
  }

  private static void assertNoKey(String text) {
    for (String key : KEYS.values()) {
      assertFalse(text.contains(key), "a key in: " + text);
      assertFalse(text.contains(key.substring(key.length() - 6)), "part of a key in: " + text);
    }
  }
}
