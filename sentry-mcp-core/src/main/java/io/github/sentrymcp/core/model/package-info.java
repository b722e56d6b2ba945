/**
 * Natural-language search: the built-in model adapters ({@link io.github.sentrymcp.core.model.LanguageModels}), their
 * settings, the explicit provider selection of the command-line server ({@link
 * io.github.sentrymcp.core.model.ModelSelection}) and the bounds of a translation ({@link
 * io.github.sentrymcp.core.model.QueryTranslation}), which a host passes to {@link
 * io.github.sentrymcp.core.SentryMcp.Builder#queryTranslation}.
 */
@NullMarked
package io.github.sentrymcp.core.model;

import org.jspecify.annotations.NullMarked;
