/**
 * The engine ({@link io.github.sentrymcp.core.SentryMcp}) and the default scope resolver, region URL validator and result sanitizer.
 */
@NullMarked
package io.github.sentrymcp.core;

import org.jspecify.annotations.NullMarked;
