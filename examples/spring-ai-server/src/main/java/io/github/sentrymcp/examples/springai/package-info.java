/**
 * A Spring Boot application whose Spring AI MCP server offers the Sentry tools through {@code sentry-mcp-spring-ai},
 * each request running as the user its API key names ({@link io.github.sentrymcp.examples.springai.ApiKeySessions}).
 */
@NullMarked
package io.github.sentrymcp.examples.springai;

import org.jspecify.annotations.NullMarked;
