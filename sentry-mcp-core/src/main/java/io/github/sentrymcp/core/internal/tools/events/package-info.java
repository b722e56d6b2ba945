/**
 * Searches across a project's or organization's events: errors, spans, logs, trace metrics, profiles and replays.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.events.EventTools} registers
 * them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.events;

import org.jspecify.annotations.NullMarked;
