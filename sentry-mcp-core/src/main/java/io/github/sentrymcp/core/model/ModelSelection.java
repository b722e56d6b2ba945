package io.github.sentrymcp.core.model;

import java.util.Map;
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
    SELECTED,
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

  private final Status status;
  private final @Nullable ModelSettings settings;
  private final String message;

  private ModelSelection(Status status, @Nullable ModelSettings settings, String message) {
    this.status = status;
    this.settings = settings;
    this.message = message;
  }

  /**
   * Resolves the selection.
   *
   * @throws io.github.sentrymcp.api.ConfigurationException listing every problem of an explicit choice
   */
  public static ModelSelection resolve(Map<String, String> env, Options options) {
    throw new UnsupportedOperationException("TODO");
  }

  public Status status() {
    return status;
  }

  /** The chosen provider's settings; empty when translation is off. */
  public Optional<ModelSettings> settings() {
    return Optional.ofNullable(settings);
  }

  /** One line for the start-up log: what was chosen, or why translation is off (never a key). */
  public String message() {
    return message;
  }
}
