/**
 * Examples of embedding the Sentry tools: called from plain Java, offered to your own model in an agent loop, served
 * over an MCP transport of your own. The build runs each of them against the test kit's FakeSentry.
 */
@NullMarked
package io.github.sentrymcp.examples;

import org.jspecify.annotations.NullMarked;
