/**
 * Binds the Sentry tools to the MCP Java SDK: {@link io.github.sentrymcp.transport.stdio.SentryMcpToolSpecs} turns an
 * engine into SDK tool specifications (any transport, any JSON binding, e.g. Spring AI), and {@link
 * io.github.sentrymcp.transport.stdio.SentryMcpStdioServer} serves them over stdin/stdout.
 */
@NullMarked
package io.github.sentrymcp.transport.stdio;

import org.jspecify.annotations.NullMarked;
