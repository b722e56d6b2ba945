/**
 * Dashboards: finding them and reading their saved widgets.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.dashboards.DashboardTools}
 * registers them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.dashboards;

import org.jspecify.annotations.NullMarked;
