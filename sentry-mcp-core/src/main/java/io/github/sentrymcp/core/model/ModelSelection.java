package io.github.sentrymcp.core.model;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Csv;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which model translates natural-language searches, chosen only explicitly: by {@code --agent-provider} (or a host's
 * setting) or {@code EMBEDDED_AGENT_PROVIDER}, never guessed from which API keys are set.
 *
 * <ul>
 *   <li>A provider is chosen and its key is set: that provider, with its model and base URL.
 *   <li>A provider is chosen and its key is missing or empty, or a setting is invalid: a {@link
 *       io.github.sentrymcp.api.ConfigurationException}.
 *   <li>No provider is chosen: translation is off, and {@link #message()} says why (no key, or which keys are set and
 *       how to choose one of them).
 * </ul>
 */
public final class ModelSelection {

  /** Whether translation is on. */
  public enum Status {
    /** A provider was chosen: translation is on. */
    SELECTED,
    /** No provider was chosen: translation is off. */
    OFF
  }

  /**
   * What the command line (or a host) says; a value given here beats the environment's.
   *
   * @param provider {@code --agent-provider}
   * @param openAiBaseUrl {@code --openai-base-url}
   * @param openAiModel {@code --openai-model}
   * @param anthropicBaseUrl {@code --anthropic-base-url}
   * @param anthropicModel {@code --anthropic-model}
   */
  public record Options(@Nullable String provider, @Nullable String openAiBaseUrl, @Nullable String openAiModel,
      @Nullable String anthropicBaseUrl, @Nullable String anthropicModel) {
    /** No command-line values: everything from the environment. */
    public static final Options NONE = new Options(null, null, null, null, null);
  }

  /** The environment variable that chooses a provider when {@code --agent-provider} is not given. */
  private static final String PROVIDER_VARIABLE = "EMBEDDED_AGENT_PROVIDER";

  /** Overrides how an OpenAI-compatible API is sent the output limit: max_completion_tokens or max_tokens. */
  private static final String TOKEN_LIMIT_VARIABLE = "OPENAI_TOKEN_LIMIT_PARAMETER";

  /** The API key variables, in the order messages name them. */
  private static final List<String> KEY_VARIABLES = List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY",
      "OPENROUTER_API_KEY");

  private static final String SYNTAX = "queries use Sentry search syntax";

  private final Status status;
  private final @Nullable ModelSettings settings;
  private final String message;
  private final boolean warning;

  private ModelSelection(Status status, @Nullable ModelSettings settings, String message, boolean warning) {
    this.status = status;
    this.settings = settings;
    this.message = message;
    this.warning = warning;
  }

  /**
   * Resolves the selection. The provider is {@code options.provider()}, else {@code EMBEDDED_AGENT_PROVIDER} (any
   * case). The model and base URL come from the options, else the provider's variables ({@code OPENAI_MODEL}, {@code
   * OPENAI_BASE_URL}, {@code ANTHROPIC_MODEL}, {@code ANTHROPIC_BASE_URL}, {@code OPENROUTER_MODEL}); Azure reads
   * {@code OPENAI_API_VERSION}, OpenRouter {@code OPENROUTER_REASONING_EFFORT}, OpenAI-compatible APIs {@code
   * OPENAI_TOKEN_LIMIT_PARAMETER}. Blank values count as unset.
   *
   * @param env the environment variables
   * @param options what the command line (or a host) says
   * @return the selection
   * @throws io.github.sentrymcp.api.ConfigurationException listing every problem of an explicit choice
   */
  public static ModelSelection resolve(Map<String, String> env, Options options) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(options, "options");
    String flag = nonBlank(options.provider());
    String name = flag != null ? flag : value(env, PROVIDER_VARIABLE);
    if (name == null) {
      return off(env, options);
    }
    String source = flag != null ? "--agent-provider" : PROVIDER_VARIABLE;
    ModelProvider provider = ModelProvider.parse(name).orElse(null);
    if (provider == null) {
      throw new ConfigurationException(List.of(source + " \"" + Csv.printable(name.strip(), 40)
          + "\" is not a model provider; valid providers: " + providerNames()));
    }
    ModelSettings settings = explicit(provider, source, env, options);
    URI url = settings.baseUrl();
    // scheme, host and port: no path (an Azure deployment name), never a key
    String at = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    return new ModelSelection(Status.SELECTED, settings, "natural-language search: " + settings.label() + " at " + at,
        false);
  }

  /** The settings of an explicitly chosen provider, or every problem with them. */
  private static ModelSettings explicit(ModelProvider provider, String source, Map<String, String> env,
      Options options) {
    List<String> problems = new ArrayList<>();
    String keyVariable = provider.apiKeyVariable();
    String key = value(env, keyVariable);
    if (key == null) {
      problems.add(source + "=" + provider.id() + " needs " + keyVariable + "; it is "
          + (env.containsKey(keyVariable) ? "empty" : "not set"));
    }
    String model;
    String baseUrl;
    switch (provider) {
      case OPENAI, AZURE_OPENAI -> {
        model = first(options.openAiModel(), value(env, "OPENAI_MODEL"));
        baseUrl = first(options.openAiBaseUrl(), value(env, "OPENAI_BASE_URL"));
      }
      case ANTHROPIC -> {
        model = first(options.anthropicModel(), value(env, "ANTHROPIC_MODEL"));
        baseUrl = first(options.anthropicBaseUrl(), value(env, "ANTHROPIC_BASE_URL"));
      }
      default -> {
        model = value(env, "OPENROUTER_MODEL");
        baseUrl = null;
        for (String[] f : new String[][] {{"--openai-base-url", nonBlank(options.openAiBaseUrl())},
            {"--anthropic-base-url", nonBlank(options.anthropicBaseUrl())}}) {
          if (f[1] != null) {
            problems.add(source + "=openrouter has a fixed base URL (https://openrouter.ai/api/v1); remove " + f[0]);
          }
        }
      }
    }
    // a placeholder stands in for a missing key, so that every other problem is reported too
    ModelSettings.Builder b = ModelSettings.builder(provider, key != null ? key : "placeholder");
    if (model != null) {
      b.model(model);
    }
    if (baseUrl != null) {
      b.baseUrl(baseUrl);
    }
    if (provider == ModelProvider.AZURE_OPENAI) {
      String version = value(env, "OPENAI_API_VERSION");
      if (version != null) {
        b.apiVersion(version);
      }
    }
    if (provider == ModelProvider.OPENROUTER) {
      String effort = value(env, "OPENROUTER_REASONING_EFFORT");
      if (effort != null) {
        b.reasoningEffort(effort);
      }
    }
    if (provider != ModelProvider.ANTHROPIC) {
      String limit = value(env, TOKEN_LIMIT_VARIABLE);
      if (limit != null) {
        ModelSettings.TokenLimit parsed = ModelSettings.TokenLimit.parse(limit).orElse(null);
        if (parsed == null) {
          problems.add(TOKEN_LIMIT_VARIABLE + " must be max_completion_tokens or max_tokens");
        } else {
          b.tokenLimit(parsed);
        }
      }
    }
    ModelSettings settings = null;
    try {
      settings = b.build();
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty() || settings == null) {
      throw new ConfigurationException(problems);
    }
    return settings;
  }

  /** Translation off: why, naming the API key variables that are set (never their values) and unused options. */
  private static ModelSelection off(Map<String, String> env, Options options) {
    List<String> keys = new ArrayList<>();
    for (String variable : KEY_VARIABLES) {
      if (value(env, variable) != null) {
        keys.add(variable);
      }
    }
    StringBuilder m = new StringBuilder("natural-language search is off: ");
    if (keys.isEmpty()) {
      m.append("no model provider is chosen (--agent-provider or " + PROVIDER_VARIABLE + ")");
    } else if (keys.size() == 1) {
      String variable = keys.get(0);
      List<String> users = new ArrayList<>();
      for (ModelProvider p : ModelProvider.values()) {
        if (p.apiKeyVariable().equals(variable)) {
          users.add(p.id());
        }
      }
      m.append(variable).append(" is set, but this server never picks a provider from API keys; to use it, set"
          + " --agent-provider (or " + PROVIDER_VARIABLE + ") to ").append(String.join(" or ", users));
    } else {
      m.append(and(keys)).append(" are set and no provider is chosen (this server never picks one from API keys);"
          + " choose one with --agent-provider or " + PROVIDER_VARIABLE);
    }
    List<String> unused = new ArrayList<>();
    if (nonBlank(options.openAiBaseUrl()) != null) {
      unused.add("--openai-base-url");
    }
    if (nonBlank(options.openAiModel()) != null) {
      unused.add("--openai-model");
    }
    if (nonBlank(options.anthropicBaseUrl()) != null) {
      unused.add("--anthropic-base-url");
    }
    if (nonBlank(options.anthropicModel()) != null) {
      unused.add("--anthropic-model");
    }
    if (!unused.isEmpty()) {
      m.append("; ").append(and(unused)).append(unused.size() == 1 ? " is" : " are").append(" unused without a"
          + " provider");
    }
    m.append("; ").append(SYNTAX);
    return new ModelSelection(Status.OFF, null, m.toString(), !keys.isEmpty() || !unused.isEmpty());
  }

  private static String providerNames() {
    List<String> names = new ArrayList<>();
    for (ModelProvider p : ModelProvider.values()) {
      names.add(p.id());
    }
    return String.join(", ", names);
  }

  private static String and(List<String> items) {
    return items.size() == 1 ? items.get(0)
        : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  /** An environment value, or null when unset or blank. */
  private static @Nullable String value(Map<String, String> env, String name) {
    return nonBlank(env.get(name));
  }

  private static @Nullable String nonBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static @Nullable String first(@Nullable String option, @Nullable String env) {
    String o = nonBlank(option);
    return o != null ? o : env;
  }

  /**
   * Whether translation is on.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * The chosen provider's settings; empty when translation is off.
   *
   * @return the settings, or empty
   */
  public Optional<ModelSettings> settings() {
    return Optional.ofNullable(settings);
  }

  /**
   * One line for the start-up log: what was chosen, or why translation is off (never a key).
   *
   * @return the message
   */
  public String message() {
    return message;
  }

  /**
   * Whether {@link #message()} deserves a warning rather than a note: translation is off although API keys or model
   * options are set (they are unused until a provider is chosen).
   *
   * @return true when the message is a warning
   */
  public boolean warning() {
    return warning;
  }
}
