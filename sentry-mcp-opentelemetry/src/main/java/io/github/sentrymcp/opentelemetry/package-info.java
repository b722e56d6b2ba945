/**
 * OpenTelemetry traces and metrics for a {@link io.github.sentrymcp.core.SentryMcp} engine, on {@code
 * opentelemetry-api} only.
 */
@NullMarked
package io.github.sentrymcp.opentelemetry;

import org.jspecify.annotations.NullMarked;
