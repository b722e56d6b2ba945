/**
 * Alert rules (Sentry's workflows): finding and reading them, and creating, updating and deleting them.
 *
 * <p>Tool classes are package-private; the feature entry classes register them. Internal: not API (see {@link
 * io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.alerts;

import org.jspecify.annotations.NullMarked;
