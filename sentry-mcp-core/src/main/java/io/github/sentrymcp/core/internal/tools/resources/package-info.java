/**
 * Sentry resources by URL or by type and id: {@code get_sentry_resource}, which recognises a Sentry web URL and hands
 * the call to the tool for that kind of resource through the engine's gate.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.resources.ResourceTools}
 * registers them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.resources;

import org.jspecify.annotations.NullMarked;
