package io.github.sentrymcp.core.model;

import io.github.sentrymcp.api.model.LanguageModel;
import java.net.http.HttpClient;

/**
 * The built-in model adapters, on the JDK HTTP client and Jackson (no vendor SDK): OpenAI's Chat Completions API
 * (also for Azure OpenAI, OpenRouter and any OpenAI-compatible server) and Anthropic's Messages API.
 */
public final class LanguageModels {
  private LanguageModels() {}

  /** The adapter for these settings, with an HTTP client of its own (HTTP/1.1 and 2, no redirects). */
  public static LanguageModel create(ModelSettings settings) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The adapter for these settings on a host's HTTP client (its redirect policy must be NEVER). */
  public static LanguageModel create(ModelSettings settings, HttpClient http) {
    throw new UnsupportedOperationException("TODO");
  }
}
