/**
 * Declares tool parameters once: the JSON Schema that is advertised and the validation that is applied.
 */
@NullMarked
package io.github.sentrymcp.core.schema;

import org.jspecify.annotations.NullMarked;
