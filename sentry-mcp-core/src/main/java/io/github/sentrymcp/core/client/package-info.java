/**
 * A small Sentry REST client on {@code java.net.http}: encoded paths, validated hosts, timeouts, bounded retries, cursors.
 */
@NullMarked
package io.github.sentrymcp.core.client;

import org.jspecify.annotations.NullMarked;
