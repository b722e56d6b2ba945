/** Helpers of the Spring AI adapters; not public API. */
@NullMarked
package io.github.sentrymcp.springai.internal;

import org.jspecify.annotations.NullMarked;
