package io.github.sentrymcp.core.model;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The model providers the library has adapters for, with the names, variables and defaults the reference uses. */
public enum ModelProvider {
  /** OpenAI's Chat Completions API, or any OpenAI-compatible server (a local model server, a proxy). */
  OPENAI("openai", "OPENAI_API_KEY", "OPENAI_MODEL", "gpt-5", "https://api.openai.com/v1"),
  /**
   * Azure OpenAI: a base URL ending in {@code /openai/v1} (model in the body) or in {@code /openai/deployments/<name>}
   * (with {@code api-version}); the key is sent as {@code api-key}.
   */
  AZURE_OPENAI("azure-openai", "OPENAI_API_KEY", "OPENAI_MODEL", "gpt-5", null),
  /** Anthropic's Messages API. */
  ANTHROPIC("anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_MODEL", "claude-sonnet-4-5", "https://api.anthropic.com/v1"),
  /** OpenRouter's OpenAI-compatible API. */
  OPENROUTER("openrouter", "OPENROUTER_API_KEY", "OPENROUTER_MODEL", "openai/gpt-5", "https://openrouter.ai/api/v1");

  private final String id;
  private final String apiKeyVariable;
  private final String modelVariable;
  private final String defaultModel;
  private final @Nullable URI defaultBaseUrl;

  ModelProvider(String id, String apiKeyVariable, String modelVariable, String defaultModel,
      @Nullable String defaultBaseUrl) {
    this.id = id;
    this.apiKeyVariable = apiKeyVariable;
    this.modelVariable = modelVariable;
    this.defaultModel = defaultModel;
    this.defaultBaseUrl = defaultBaseUrl == null ? null : URI.create(defaultBaseUrl);
  }

  /**
   * The name used by {@code --agent-provider} and {@code EMBEDDED_AGENT_PROVIDER}, e.g. {@code azure-openai}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The provider's {@code gen_ai.provider.name} in OpenTelemetry's GenAI conventions: {@code openai}, {@code
   * azure.ai.openai}, {@code anthropic}, {@code openrouter}.
   *
   * @return the telemetry name
   */
  public String telemetryName() {
    return this == AZURE_OPENAI ? "azure.ai.openai" : id;
  }

  /**
   * The environment variable that holds the API key, e.g. {@code ANTHROPIC_API_KEY}.
   *
   * @return the variable's name
   */
  public String apiKeyVariable() {
    return apiKeyVariable;
  }

  /**
   * The environment variable that names the model, e.g. {@code ANTHROPIC_MODEL}.
   *
   * @return the variable's name
   */
  public String modelVariable() {
    return modelVariable;
  }

  /**
   * The model used when none is named.
   *
   * @return the model's name
   */
  public String defaultModel() {
    return defaultModel;
  }

  /**
   * The API's base URL when none is given; empty for Azure OpenAI, which always needs one.
   *
   * @return the base URL, or empty
   */
  public Optional<URI> defaultBaseUrl() {
    return Optional.ofNullable(defaultBaseUrl);
  }

  /**
   * The provider of this name (case-insensitive, surrounding spaces ignored), or empty.
   *
   * @param name the provider's name
   * @return the provider, or empty
   */
  public static Optional<ModelProvider> parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (ModelProvider p : values()) {
      if (p.id.equals(n)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id;
  }
}
