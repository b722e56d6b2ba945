/**
 * The public API of the core module: the engine ({@link io.github.sentrymcp.core.SentryMcp}) and the default scope
 * resolver, region URL validator and result sanitizer. Everything else of core lives under {@link
 * io.github.sentrymcp.core.internal}, which is not API.
 */
@NullMarked
package io.github.sentrymcp.core;

import org.jspecify.annotations.NullMarked;
