/**
 * The implementation of the engine: the Sentry client ({@code internal.client}), the parameter schemas ({@code
 * internal.schema}), the tool kit and the built-in tools ({@code internal.tools} and its feature packages), and a few
 * helpers the library's own modules share ({@link io.github.sentrymcp.core.internal.Failures}).
 *
 * <p>Nothing under {@code io.github.sentrymcp.core.internal} is API: no class, method or package here is covered by
 * compatibility, and any of them may change or disappear in any release. Hosts use {@link
 * io.github.sentrymcp.core.SentryMcp}, the default implementations next to it and the {@code sentry-mcp-api} module.
 */
@NullMarked
package io.github.sentrymcp.core.internal;

import org.jspecify.annotations.NullMarked;
