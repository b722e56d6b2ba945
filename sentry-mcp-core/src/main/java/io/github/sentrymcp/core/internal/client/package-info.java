/**
 * A small Sentry REST client on {@code java.net.http}: encoded paths, validated hosts, timeouts, bounded retries, cursors.
 * Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.client;

import org.jspecify.annotations.NullMarked;
