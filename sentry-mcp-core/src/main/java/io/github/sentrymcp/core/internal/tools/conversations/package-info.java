/**
 * Agent conversations (formerly AI conversations): the conversation list and one conversation's transcript, built
 * from the gen_ai spans Sentry stores. Transcript text (prompts, model output, tool arguments) is written by an
 * application's end users and models, so it is always data, truncated, and never part of a heading or label.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.conversations.ConversationTools}
 * registers them, each under its name and its old name. Internal: not API (see {@link
 * io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.conversations;

import org.jspecify.annotations.NullMarked;
