/** Helpers of the OAuth authorization server; not part of its public surface. */
@NullMarked
package io.github.sentrymcp.oauth.internal;

import org.jspecify.annotations.NullMarked;
