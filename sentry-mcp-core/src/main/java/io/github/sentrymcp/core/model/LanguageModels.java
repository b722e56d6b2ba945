package io.github.sentrymcp.core.model;

import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.core.internal.model.ModelAdapters;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * The built-in model adapters, on the JDK HTTP client and Jackson (no vendor SDK): OpenAI's Chat Completions API
 * (also for Azure OpenAI, OpenRouter and any OpenAI-compatible server) and Anthropic's Messages API.
 */
public final class LanguageModels {
  /** Azure's {@code api-version} for deployment URLs when none is set. */
  static final String AZURE_API_VERSION = "2024-10-21";

  private LanguageModels() {}

  /**
   * The adapter for these settings, with an HTTP client of its own (HTTP/1.1 and 2, no redirects).
   *
   * @param settings the provider, key, model and bounds
   * @return the adapter
   */
  public static LanguageModel create(ModelSettings settings) {
    return create(settings, ModelAdapters.defaultClient());
  }

  /**
   * The adapter for these settings on a host's HTTP client (its redirect policy must be NEVER).
   *
   * @param settings the provider, key, model and bounds
   * @param http the host's client
   * @return the adapter
   * @throws IllegalArgumentException when the client follows redirects (a redirect could carry the key elsewhere)
   */
  public static LanguageModel create(ModelSettings settings, HttpClient http) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(http, "http");
    if (http.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the model's HTTP client must not follow redirects");
    }
    String base = settings.baseUrl().toString();
    return switch (settings.provider()) {
      case ANTHROPIC -> ModelAdapters.anthropic(settings, http);
      case OPENAI, OPENROUTER -> ModelAdapters.openAiChat(settings, http, URI.create(base + "/chat/completions"), true);
      case AZURE_OPENAI -> {
        // .../openai/v1 names the model in the body; .../openai/deployments/<name> names it in the URL
        String path = settings.baseUrl().getRawPath() == null ? "" : settings.baseUrl().getRawPath();
        yield path.endsWith("/openai/v1")
            ? ModelAdapters.openAiChat(settings, http, URI.create(base + "/chat/completions"), true)
            : ModelAdapters.openAiChat(settings, http, URI.create(base + "/chat/completions?api-version="
                + settings.apiVersion().orElse(AZURE_API_VERSION)), false);
      }
    };
  }
}
