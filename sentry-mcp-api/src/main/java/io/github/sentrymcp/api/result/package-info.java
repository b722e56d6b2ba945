/**
 * The tool result model: server-written text kept apart from Sentry-written values, each tagged with its source path and trust class.
 */
@NullMarked
package io.github.sentrymcp.api.result;

import org.jspecify.annotations.NullMarked;
