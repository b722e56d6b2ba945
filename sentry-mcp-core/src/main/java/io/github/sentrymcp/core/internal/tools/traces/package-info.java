/**
 * Traces: a condensed overview of one trace, or one span of it.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.traces.TraceTools} registers them. Internal:
 * not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.traces;

import org.jspecify.annotations.NullMarked;
