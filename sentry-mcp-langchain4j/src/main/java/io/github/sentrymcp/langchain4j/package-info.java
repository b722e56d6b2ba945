/**
 * LangChain4j adapters for a {@link io.github.sentrymcp.core.SentryMcp} engine: {@link
 * io.github.sentrymcp.langchain4j.SentryToolProvider} gives a LangChain4j AI service the Sentry tools a session may
 * use, and {@link io.github.sentrymcp.langchain4j.LangChain4jLanguageModel} lets the engine's natural-language search
 * use a host's configured LangChain4j {@code ChatModel}.
 */
@NullMarked
package io.github.sentrymcp.langchain4j;

import org.jspecify.annotations.NullMarked;
