/** Helpers of the HTTP transport; not part of its public surface. */
@NullMarked
package io.github.sentrymcp.transport.http.internal;

import org.jspecify.annotations.NullMarked;
