/**
 * Natural-language search: deciding whether a query is natural language ({@link
 * io.github.sentrymcp.core.internal.agent.QueryText}), the bounded agent run that translates it ({@link
 * io.github.sentrymcp.core.internal.agent.AgentLoop}), the read-only lookups the model may call and the checks of
 * its answer ({@link io.github.sentrymcp.core.internal.agent.Translator}).
 *
 * <p>Not API: see {@link io.github.sentrymcp.core.internal}.
 */
@NullMarked
package io.github.sentrymcp.core.internal.agent;

import org.jspecify.annotations.NullMarked;
