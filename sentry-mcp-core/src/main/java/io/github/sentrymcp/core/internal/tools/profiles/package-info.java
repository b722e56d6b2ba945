/**
 * Profiling: {@code get_profile} (a transaction's aggregated flamegraph: hot paths, slow functions, regressions
 * between two periods) and {@code get_profile_details} (one transaction profile or a continuous profile chunk).
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.profiles.ProfileTools}
 * registers them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.profiles;

import org.jspecify.annotations.NullMarked;
