/**
 * The model SPI: how the library talks to a language model that translates natural-language search requests into
 * Sentry queries. The core module has adapters for OpenAI (and any OpenAI-compatible server), Azure OpenAI, Anthropic
 * and OpenRouter; a host that already has a model implements {@link io.github.sentrymcp.api.model.LanguageModel}.
 *
 * <p>Everything a model answers is derived from data it was shown, some of which came from Sentry: the library treats
 * it as {@link io.github.sentrymcp.api.result.TrustClass#UNTRUSTED_DERIVED} and checks it before use.
 */
@NullMarked
package io.github.sentrymcp.api.model;

import org.jspecify.annotations.NullMarked;
