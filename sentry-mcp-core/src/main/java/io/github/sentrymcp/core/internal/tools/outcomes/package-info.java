/**
 * What Sentry received but did not store: dropped and accepted volume from Sentry's outcomes data.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.outcomes.OutcomeTools}
 * registers them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.outcomes;

import org.jspecify.annotations.NullMarked;
