/**
 * Metric Monitors (Sentry's native {@code metric_issue} detectors): finding, reading, creating, updating and deleting
 * them.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.metricmonitors.MetricMonitorTools}
 * registers them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.metricmonitors;

import org.jspecify.annotations.NullMarked;
