/**
 * The MCP Streamable HTTP transport: {@link io.github.sentrymcp.transport.http.SentryMcpHttpServlet} serves an
 * engine's tools to many principals from any Jakarta Servlet 6 container, each request authenticated by an {@link
 * io.github.sentrymcp.transport.http.HttpAuthenticator} and running for its principal's session.
 */
@NullMarked
package io.github.sentrymcp.transport.http;

import org.jspecify.annotations.NullMarked;
