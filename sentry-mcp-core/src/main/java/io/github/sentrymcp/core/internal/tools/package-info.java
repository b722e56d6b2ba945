/**
 * The tool kit and the built-in tool catalog. A tool is one package-private class in a feature package ({@code
 * issues}, {@code traces}, {@code organizations}, {@code projects}, {@code monitors}, {@code attachments}), built on
 * the kit: {@link io.github.sentrymcp.core.internal.tools.AbstractSentryTool} (the call pipeline), {@link
 * io.github.sentrymcp.core.internal.tools.ToolSpec} (its definition), {@link
 * io.github.sentrymcp.core.internal.tools.ToolCall} (the running call and its Sentry client). Each feature's entry
 * class lists its tools; {@link io.github.sentrymcp.core.internal.tools.BuiltinTools} collects them. CONTRIBUTING.md
 * ("Adding a tool") walks through writing one. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools;

import org.jspecify.annotations.NullMarked;
