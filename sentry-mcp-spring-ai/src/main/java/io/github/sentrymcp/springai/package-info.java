/**
 * Spring AI adapters for a {@link io.github.sentrymcp.core.SentryMcp} engine: {@link
 * io.github.sentrymcp.springai.SentryMcpAutoConfiguration} adds the Sentry tools, with a session per request, to
 * Spring AI's MCP server, configured by {@link io.github.sentrymcp.springai.SentryMcpProperties} ({@code
 * sentry.mcp.*}); {@link io.github.sentrymcp.springai.SpringAiLanguageModel} lets the engine's natural-language search
 * use the application's Spring AI {@code ChatModel}. Built for Spring Boot 4 and Spring AI 2.0.
 */
@NullMarked
package io.github.sentrymcp.springai;

import org.jspecify.annotations.NullMarked;
