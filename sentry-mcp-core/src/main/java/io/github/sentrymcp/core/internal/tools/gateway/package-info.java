/**
 * The gateway ({@code search_sentry_tools}, {@code execute_sentry_tool}, {@code execute_sentry_write_tool}), which
 * reaches every tool a session may use through a short {@code tools/list}, the surfaces that decide what is listed,
 * and {@code get_sentry_mcp_info}.
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.gateway;

import org.jspecify.annotations.NullMarked;
