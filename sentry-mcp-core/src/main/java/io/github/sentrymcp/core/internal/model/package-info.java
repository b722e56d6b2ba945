/**
 * The built-in model adapters behind {@link io.github.sentrymcp.core.model.LanguageModels}: OpenAI Chat Completions
 * (also Azure OpenAI, OpenRouter and OpenAI-compatible servers) and Anthropic Messages, on {@code java.net.http} and
 * Jackson, with one shared transport that bounds, cancels and maps every failure to a fixed-template
 * {@link io.github.sentrymcp.api.model.ModelException}. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.model;

import org.jspecify.annotations.NullMarked;
