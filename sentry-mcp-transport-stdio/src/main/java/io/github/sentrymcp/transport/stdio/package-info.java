/**
 * The MCP stdio transport: {@link io.github.sentrymcp.transport.stdio.SentryMcpStdioServer} serves an engine's tools
 * for one session over stdin/stdout (newline-delimited JSON-RPC), with a protocol guard in front of the MCP Java SDK's
 * session.
 */
@NullMarked
package io.github.sentrymcp.transport.stdio;

import org.jspecify.annotations.NullMarked;
