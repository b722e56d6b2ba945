/**
 * Helpers of the OpenTelemetry module (not API): the bounded registry of the calls that are running.
 */
@NullMarked
package io.github.sentrymcp.opentelemetry.internal;

import org.jspecify.annotations.NullMarked;
