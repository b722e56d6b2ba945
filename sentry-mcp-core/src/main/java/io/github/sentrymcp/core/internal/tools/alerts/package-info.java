/**
 * Alert rules: find_alert_rules, get_alert_rule and get_alert_options (the write tools live here too).
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.alerts.AlertTools} registers
 * them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.alerts;

import org.jspecify.annotations.NullMarked;
