/**
 * Session replays: {@code get_replay_details}, one replay's summary, a few activity events from its recording and
 * the issues and traces it relates to.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.replays.ReplayTools} registers
 * them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.replays;

import org.jspecify.annotations.NullMarked;
