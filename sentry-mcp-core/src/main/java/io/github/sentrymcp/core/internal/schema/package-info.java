/**
 * Declares tool parameters once: the JSON Schema that is advertised and the validation that is applied. Internal: not
 * API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.schema;

import org.jspecify.annotations.NullMarked;
