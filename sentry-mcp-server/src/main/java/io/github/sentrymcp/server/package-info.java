/** The {@code sentry-mcp-server} command line: flags and environment, sandbox mode, start-up and shutdown. */
@NullMarked
package io.github.sentrymcp.server;

import org.jspecify.annotations.NullMarked;
