/**
 * Uptime monitors: creating, updating and deleting them.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.monitors.MonitorTools} registers them. Internal:
 * not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.monitors;

import org.jspecify.annotations.NullMarked;
