package io.github.sentrymcp.core.model;

import io.github.sentrymcp.api.model.LanguageModel;
import java.time.Duration;
import java.util.Objects;

/**
 * Natural-language search for an engine: the model that translates a plain-language request of {@code search_issues},
 * {@code search_events} or {@code search_issue_events} into a Sentry query, and the bounds of one translation. A query
 * already in Sentry's syntax never reaches the model.
 *
 * <p>Each translation is a short agent run: the model may look up the organization's tags and attributes and check a
 * query with Sentry's validation endpoint (read-only lookups in the calling session's organization, with its grant),
 * then answers the query. It stops at the first bound it reaches: {@link #maxSteps()} model requests, {@link
 * #timeLimit()}, {@link #maxInputTokens()} or {@link #maxOutputTokens()} counted over the whole run.
 *
 * <pre>{@code
 * SentryMcp engine = SentryMcp.builder(config)
 *     .queryTranslation(QueryTranslation.builder(LanguageModels.create(settings)).build())
 *     .build();
 * }</pre>
 */
public final class QueryTranslation {
  private final LanguageModel model;
  private final int maxSteps;
  private final Duration timeLimit;
  private final long maxInputTokens;
  private final long maxOutputTokens;
  private final int maxResponseTokens;

  private QueryTranslation(Builder b) {
    this.model = b.model;
    this.maxSteps = b.maxSteps;
    this.timeLimit = b.timeLimit;
    this.maxInputTokens = b.maxInputTokens;
    this.maxOutputTokens = b.maxOutputTokens;
    this.maxResponseTokens = b.maxResponseTokens;
  }

  /**
   * Starts the settings for a model; every bound has a default.
   *
   * @param model the model that translates
   * @return a new builder
   * @throws NullPointerException when {@code model} is null
   */
  public static Builder builder(LanguageModel model) {
    return new Builder(model);
  }

  /**
   * The model that translates.
   *
   * @return the model
   */
  public LanguageModel model() {
    return model;
  }

  /**
   * The most model requests in one translation (default 6).
   *
   * @return the number of requests
   */
  public int maxSteps() {
    return maxSteps;
  }

  /**
   * The time one translation may take, its model requests and lookups included (default 30 s).
   *
   * @return the time limit
   */
  public Duration timeLimit() {
    return timeLimit;
  }

  /**
   * The most input tokens, summed over a translation's requests, as the provider counts them (default 60,000).
   *
   * @return the token budget
   */
  public long maxInputTokens() {
    return maxInputTokens;
  }

  /**
   * The most output tokens, summed over a translation's requests (default 6,000).
   *
   * @return the token budget
   */
  public long maxOutputTokens() {
    return maxOutputTokens;
  }

  /**
   * The output limit of one model request (default 2,000; never more than what is left of {@link #maxOutputTokens}).
   *
   * @return the limit
   */
  public int maxResponseTokens() {
    return maxResponseTokens;
  }

  @Override
  public String toString() {
    return "QueryTranslation[model=" + model.name() + ", maxSteps=" + maxSteps + ", timeLimit=" + timeLimit
        + ", maxInputTokens=" + maxInputTokens + ", maxOutputTokens=" + maxOutputTokens + "]";
  }

  /** Configures {@link QueryTranslation}. */
  public static final class Builder {
    private final LanguageModel model;
    private int maxSteps = 6;
    private Duration timeLimit = Duration.ofSeconds(30);
    private long maxInputTokens = 60_000;
    private long maxOutputTokens = 6_000;
    private int maxResponseTokens = 2_000;

    private Builder(LanguageModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * The most model requests in one translation, 1 to 20.
     *
     * @param steps the number of requests
     * @return this builder
     * @throws IllegalArgumentException when {@code steps} is not 1 to 20
     */
    public Builder maxSteps(int steps) {
      if (steps < 1 || steps > 20) {
        throw new IllegalArgumentException("maxSteps must be 1 to 20");
      }
      this.maxSteps = steps;
      return this;
    }

    /**
     * The time one translation may take (positive, at most 10 minutes).
     *
     * @param limit the time limit
     * @return this builder
     * @throws IllegalArgumentException when {@code limit} is not positive or longer than 10 minutes
     */
    public Builder timeLimit(Duration limit) {
      Objects.requireNonNull(limit, "limit");
      if (limit.isNegative() || limit.isZero() || limit.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("timeLimit must be positive and at most 10 minutes");
      }
      this.timeLimit = limit;
      return this;
    }

    /**
     * The most input tokens over a translation (at least 1,000).
     *
     * @param tokens the token budget
     * @return this builder
     * @throws IllegalArgumentException when {@code tokens} is below 1000
     */
    public Builder maxInputTokens(long tokens) {
      if (tokens < 1_000) {
        throw new IllegalArgumentException("maxInputTokens must be at least 1000");
      }
      this.maxInputTokens = tokens;
      return this;
    }

    /**
     * The most output tokens over a translation (at least 100).
     *
     * @param tokens the token budget
     * @return this builder
     * @throws IllegalArgumentException when {@code tokens} is below 100
     */
    public Builder maxOutputTokens(long tokens) {
      if (tokens < 100) {
        throw new IllegalArgumentException("maxOutputTokens must be at least 100");
      }
      this.maxOutputTokens = tokens;
      return this;
    }

    /**
     * The output limit of one model request (at least 100).
     *
     * @param tokens the limit
     * @return this builder
     * @throws IllegalArgumentException when {@code tokens} is below 100
     */
    public Builder maxResponseTokens(int tokens) {
      if (tokens < 100) {
        throw new IllegalArgumentException("maxResponseTokens must be at least 100");
      }
      this.maxResponseTokens = tokens;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public QueryTranslation build() {
      return new QueryTranslation(this);
    }
  }
}
