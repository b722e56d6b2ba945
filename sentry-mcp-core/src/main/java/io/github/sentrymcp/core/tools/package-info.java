/**
 * The Sentry tools as plain objects.
 */
@NullMarked
package io.github.sentrymcp.core.tools;

import org.jspecify.annotations.NullMarked;
