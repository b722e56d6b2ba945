/**
 * Helpers of the library's own modules. Not an API: anything here may change or disappear in any release.
 */
@NullMarked
package io.github.sentrymcp.core.internal;

import org.jspecify.annotations.NullMarked;
