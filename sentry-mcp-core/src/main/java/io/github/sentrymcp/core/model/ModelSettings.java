package io.github.sentrymcp.core.model;

import io.github.sentrymcp.api.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one provider's model: the provider, its API key, the model, the base URL and the few settings some
 * providers need. {@link #toString()} never shows the key.
 *
 * <pre>{@code
 * ModelSettings s = ModelSettings.builder(ModelProvider.OPENAI, System.getenv("OPENAI_API_KEY"))
 *     .baseUrl("http://127.0.0.1:11434/v1").model("qwen3:8b").build();
 * LanguageModel model = LanguageModels.create(s);
 * }</pre>
 */
public final class ModelSettings {
  /** A model name: what providers use (letters, digits, {@code . _ - : / @}), at most 200 characters. */
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}");
  /** An Azure {@code api-version}, e.g. {@code 2024-10-21} or {@code 2025-04-01-preview}. */
  private static final Pattern API_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,39}");
  /** OpenRouter's reasoning efforts. */
  public static final List<String> REASONING_EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** How the output limit is sent to an OpenAI-compatible API. */
  public enum TokenLimit {
    /** {@code max_completion_tokens}: OpenAI's and Azure's current name, the only one reasoning models accept. */
    MAX_COMPLETION_TOKENS("max_completion_tokens"),
    /** {@code max_tokens}: the name OpenRouter and most OpenAI-compatible servers (local ones, proxies) accept. */
    MAX_TOKENS("max_tokens");

    private final String parameter;

    TokenLimit(String parameter) {
      this.parameter = parameter;
    }

    /**
     * The request parameter's name.
     *
     * @return the parameter's name
     */
    public String parameter() {
      return parameter;
    }

    /**
     * The limit of this parameter name, or empty.
     *
     * @param parameter the parameter's name
     * @return the limit, or empty
     */
    public static Optional<TokenLimit> parse(String parameter) {
      String p = parameter.strip().toLowerCase(Locale.ROOT);
      for (TokenLimit t : values()) {
        if (t.parameter.equals(p)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  private final ModelProvider provider;
  private final String apiKey;
  private final String model;
  private final URI baseUrl;
  private final @Nullable String apiVersion;
  private final @Nullable String reasoningEffort;
  private final TokenLimit tokenLimit;
  private final Duration requestTimeout;

  private ModelSettings(Builder b, URI baseUrl) {
    this.provider = b.provider;
    this.apiKey = b.apiKey;
    this.model = b.model != null ? b.model : b.provider.defaultModel();
    this.baseUrl = baseUrl;
    this.apiVersion = b.apiVersion;
    this.reasoningEffort = b.reasoningEffort;
    this.tokenLimit = b.tokenLimit != null ? b.tokenLimit : defaultTokenLimit(b.provider, baseUrl);
    this.requestTimeout = b.requestTimeout;
  }

  /**
   * Starts settings for a provider and its API key; everything else has a default.
   *
   * @param provider the provider
   * @param apiKey the API key
   * @return a new builder
   * @throws NullPointerException when {@code provider} or {@code apiKey} is null
   */
  public static Builder builder(ModelProvider provider, String apiKey) {
    return new Builder(provider, apiKey);
  }

  /**
   * The provider.
   *
   * @return the provider
   */
  public ModelProvider provider() {
    return provider;
  }

  /**
   * The API key. Never logged or shown by the library.
   *
   * @return the key
   */
  public String apiKey() {
    return apiKey;
  }

  /**
   * The model, e.g. {@code gpt-5}.
   *
   * @return the model's name
   */
  public String model() {
    return model;
  }

  /**
   * The API's base URL, e.g. {@code https://api.openai.com/v1}; requests go to paths below it.
   *
   * @return the base URL
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Azure's {@code api-version} query parameter (deployment URLs only), when set.
   *
   * @return the version, or empty
   */
  public Optional<String> apiVersion() {
    return Optional.ofNullable(apiVersion);
  }

  /**
   * OpenRouter's reasoning effort, when set (one of {@link #REASONING_EFFORTS}).
   *
   * @return the effort, or empty
   */
  public Optional<String> reasoningEffort() {
    return Optional.ofNullable(reasoningEffort);
  }

  /**
   * How an OpenAI-compatible API is sent the output limit (unused for Anthropic).
   *
   * @return the token limit
   */
  public TokenLimit tokenLimit() {
    return tokenLimit;
  }

  /**
   * The time limit of one HTTP request to the provider (a translation's own limit may cut it shorter).
   *
   * @return the time limit
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * A label for logs and results: the provider and the model, e.g. {@code openai gpt-5} (server-checked text).
   *
   * @return the label
   */
  public String label() {
    return provider.id() + " " + model;
  }

  @Override
  public String toString() {
    return "ModelSettings[provider=" + provider.id() + ", model=" + model + ", baseUrl=" + baseUrl.getScheme() + "://"
        + baseUrl.getRawAuthority() + ", apiKey=[REDACTED]]";
  }

  /**
   * OpenAI and Azure take {@code max_completion_tokens} (reasoning models refuse {@code max_tokens}); OpenRouter and
   * other OpenAI-compatible servers take {@code max_tokens}.
   */
  private static TokenLimit defaultTokenLimit(ModelProvider provider, URI baseUrl) {
    return switch (provider) {
      case AZURE_OPENAI -> TokenLimit.MAX_COMPLETION_TOKENS;
      case OPENAI -> "api.openai.com".equalsIgnoreCase(baseUrl.getHost()) ? TokenLimit.MAX_COMPLETION_TOKENS
          : TokenLimit.MAX_TOKENS;
      default -> TokenLimit.MAX_TOKENS;
    };
  }

  /**
   * The problem with a base URL, or null: it must be absolute {@code https} (plain {@code http} only for a loopback
   * host such as a local model server), with no user info, query or fragment.
   */
  static @Nullable String baseUrlProblem(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.isOpaque() || url.getRawAuthority() == null || url.getHost() == null) {
      return "must be an absolute URL such as https://api.openai.com/v1";
    }
    if (url.getRawUserInfo() != null || url.getRawAuthority().contains("@")) {
      return "must not contain user info";
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      return "must not have a query or fragment";
    }
    String host = url.getHost().toLowerCase(Locale.ROOT);
    if (scheme.equals("http")) {
      return LOOPBACK.contains(host) ? null
          : "must use https (plain http only to a loopback host such as http://127.0.0.1:11434/v1)";
    }
    return scheme.equals("https") ? null : "must use https";
  }

  /** Configures {@link ModelSettings}. */
  public static final class Builder {
    private final ModelProvider provider;
    private final String apiKey;
    private @Nullable String model;
    private @Nullable String baseUrl;
    private @Nullable String apiVersion;
    private @Nullable String reasoningEffort;
    private @Nullable TokenLimit tokenLimit;
    private Duration requestTimeout = Duration.ofSeconds(30);

    private Builder(ModelProvider provider, String apiKey) {
      this.provider = Objects.requireNonNull(provider, "provider");
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    /**
     * The model (default: the provider's {@link ModelProvider#defaultModel()}).
     *
     * @param model the model's name
     * @return this builder
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model").strip();
      return this;
    }

    /**
     * The API's base URL (default: the provider's; required for Azure). OpenRouter's is fixed. Requests go to
     * {@code <base>/chat/completions} (OpenAI-compatible) or {@code <base>/messages} (Anthropic).
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").strip();
      return this;
    }

    /**
     * Azure's {@code api-version} for deployment URLs (default: {@code 2024-10-21}).
     *
     * @param apiVersion the version
     * @return this builder
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion").strip();
      return this;
    }

    /**
     * OpenRouter's reasoning effort: none, minimal, low, medium, high or xhigh ({@code max} means xhigh).
     *
     * @param effort the effort
     * @return this builder
     */
    public Builder reasoningEffort(String effort) {
      this.reasoningEffort = Objects.requireNonNull(effort, "effort").strip().toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * How the output limit is sent to an OpenAI-compatible API (default: see {@link TokenLimit}).
     *
     * @param limit the token limit
     * @return this builder
     */
    public Builder tokenLimit(TokenLimit limit) {
      this.tokenLimit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /**
     * The time limit of one request to the provider (default 30 s).
     *
     * @param timeout the time limit, positive
     * @return this builder
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public Builder requestTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * The settings.
     *
     * @return the settings
     * @throws ConfigurationException listing every problem: an empty key, a model name or base URL that is not
     *     valid, an Azure base URL of another shape, an unknown reasoning effort
     */
    public ModelSettings build() {
      List<String> problems = new ArrayList<>();
      if (apiKey.isBlank()) {
        problems.add(provider.apiKeyVariable() + " is empty: the " + provider.id() + " provider needs an API key");
      } else if (apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        problems.add(provider.apiKeyVariable() + " holds characters an API key cannot have (spaces, line breaks or"
            + " non-ASCII)");
      }
      if (model != null && !MODEL.matcher(model).matches()) {
        problems.add("the " + provider.id() + " model name must be letters, digits and . _ - : / @ (at most 200)");
      }
      URI url = null;
      if (provider == ModelProvider.OPENROUTER && baseUrl != null) {
        problems.add("the openrouter provider has a fixed base URL; do not set one");
      } else if (baseUrl == null) {
        url = provider.defaultBaseUrl().orElse(null);
        if (url == null) {
          problems.add("the azure-openai provider needs --openai-base-url, ending in /openai/v1 or in"
              + " /openai/deployments/<deployment>");
        }
      } else {
        try {
          URI parsed = new URI(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
          String problem = baseUrlProblem(parsed);
          if (problem != null) {
            problems.add("the " + provider.id() + " base URL " + problem);
          } else if (provider == ModelProvider.AZURE_OPENAI && azureShape(parsed) == null) {
            problems.add("the azure-openai base URL must end in /openai/v1 or in /openai/deployments/<deployment>");
          } else {
            url = parsed;
          }
        } catch (URISyntaxException e) {
          problems.add("the " + provider.id() + " base URL is not a valid URL");
        }
      }
      if (apiVersion != null && (provider != ModelProvider.AZURE_OPENAI || !API_VERSION.matcher(apiVersion).matches())) {
        problems.add(provider != ModelProvider.AZURE_OPENAI ? "an api-version is only for the azure-openai provider"
            : "the Azure api-version must look like 2024-10-21 or 2025-04-01-preview");
      }
      if (reasoningEffort != null) {
        if (provider != ModelProvider.OPENROUTER) {
          problems.add("a reasoning effort is only for the openrouter provider");
        } else if (reasoningEffort.equals("max")) {
          reasoningEffort = "xhigh";
        } else if (!REASONING_EFFORTS.contains(reasoningEffort)) {
          problems.add("the OpenRouter reasoning effort must be one of " + String.join(", ", REASONING_EFFORTS));
        }
      }
      if (!problems.isEmpty() || url == null) {
        throw new ConfigurationException(problems);
      }
      return new ModelSettings(this, url);
    }
  }

  /** For an Azure base URL: {@code "v1"}, or the deployment name; null for any other shape. */
  static @Nullable String azureShape(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    if (path.endsWith("/openai/v1")) {
      return "v1";
    }
    int i = path.lastIndexOf("/openai/deployments/");
    if (i >= 0) {
      String name = path.substring(i + "/openai/deployments/".length());
      if (name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        return name;
      }
    }
    return null;
  }
}
