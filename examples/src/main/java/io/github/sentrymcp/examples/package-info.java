/** Examples of calling the Sentry tools from plain Java, without MCP. */
@NullMarked
package io.github.sentrymcp.examples;

import org.jspecify.annotations.NullMarked;
