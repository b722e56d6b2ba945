package io.github.sentrymcp.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request to a language model made inside a tool call (natural-language search), as telemetry sees it: never the
 * prompt, the completion or the key.
 *
 * @param provider the provider's name as OpenTelemetry's {@code gen_ai.provider.name} spells it, such as {@code
 *     openai}, {@code anthropic}, {@code azure.ai.openai}
 * @param model the model asked for
 * @param startedAt when the request was sent
 * @param duration how long it took
 * @param inputTokens tokens read, when the provider said
 * @param outputTokens tokens written, when the provider said
 * @param failure the kind of failure, or null on success
 */
public record ModelExchange(
    String provider,
    String model,
    Instant startedAt,
    Duration duration,
    @Nullable Long inputTokens,
    @Nullable Long outputTokens,
    @Nullable ErrorKind failure) {

  /**
   * Checks that the non-nullable components are present.
   *
   * @param provider the provider's name as OpenTelemetry's {@code gen_ai.provider.name} spells it, such as {@code
   *     openai}, {@code anthropic}, {@code azure.ai.openai}
   * @param model the model asked for
   * @param startedAt when the request was sent
   * @param duration how long it took
   * @param inputTokens tokens read, when the provider said
   * @param outputTokens tokens written, when the provider said
   * @param failure the kind of failure, or null on success
   * @throws NullPointerException when {@code provider}, {@code model}, {@code startedAt} or {@code duration} is null
   */
  public ModelExchange {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
  }
}
