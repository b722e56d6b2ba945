/**
 * The untrusted-data boundary behind {@link io.github.sentrymcp.core.DefaultToolResultSanitizer}: {@link
 * io.github.sentrymcp.core.internal.render.RegionEscaper} escapes text inside a region and undoes it, {@link
 * io.github.sentrymcp.core.internal.render.ResultRenderer} renders results and errors into regions, and {@code
 * CredentialRedactor} removes credentials first. Besides request encoding, this is the only code that reads raw
 * Sentry text ({@code Untrusted.rawValue()}, checked by {@code ArchitectureTest}): keep anything else out of this
 * package. Not an API: anything here may change or disappear in any release.
 */
@NullMarked
package io.github.sentrymcp.core.internal.render;

import org.jspecify.annotations.NullMarked;
