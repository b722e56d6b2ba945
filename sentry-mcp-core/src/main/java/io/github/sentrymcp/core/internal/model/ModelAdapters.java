package io.github.sentrymcp.core.internal.model;

import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.core.model.ModelSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** Creates the built-in adapters for {@link io.github.sentrymcp.core.model.LanguageModels}. */
public final class ModelAdapters {
  /** The connect timeout of the adapters' own HTTP client. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private ModelAdapters() {}

  /** An HTTP client of the adapters' own: HTTP/2 where the server offers it, else 1.1; redirects never followed. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  /**
   * The Chat Completions adapter (OpenAI, Azure OpenAI, OpenRouter, OpenAI-compatible servers).
   *
   * @param endpoint the full {@code .../chat/completions} URL, with Azure's {@code api-version} query when it needs one
   * @param modelInBody false for an Azure deployment URL, which names the model itself
   */
  public static LanguageModel openAiChat(ModelSettings settings, HttpClient http, URI endpoint, boolean modelInBody) {
    return new OpenAiChatModel(settings, new ModelHttp(http, settings), endpoint, modelInBody);
  }

  /** The Anthropic Messages adapter ({@code <base>/messages}). */
  public static LanguageModel anthropic(ModelSettings settings, HttpClient http) {
    return new AnthropicModel(settings, new ModelHttp(http, settings));
  }
}
