package io.github.sentrymcp.core.internal.tools.conversations;

import io.github.sentrymcp.core.internal.tools.ToolEntry;
import java.util.List;

/**
 * The agent conversation tools, each also under its old name (the same tool with another spec): {@code
 * get_agent_conversation_details} / {@code get_ai_conversation_details} and {@code search_agent_conversations} /
 * {@code search_ai_conversations}.
 */
public final class ConversationTools {
  private ConversationTools() {}

  /** This feature's tools, in catalog order (as the reference: each new name, then its old one). */
  public static List<ToolEntry> entries() {
    return List.of(
        ToolEntry.of(GetAgentConversationDetailsTool.SPEC,
            env -> new GetAgentConversationDetailsTool(env, GetAgentConversationDetailsTool.SPEC)),
        ToolEntry.of(GetAgentConversationDetailsTool.OLD_SPEC,
            env -> new GetAgentConversationDetailsTool(env, GetAgentConversationDetailsTool.OLD_SPEC)),
        ToolEntry.of(SearchAgentConversationsTool.SPEC,
            env -> new SearchAgentConversationsTool(env, SearchAgentConversationsTool.SPEC)),
        ToolEntry.of(SearchAgentConversationsTool.OLD_SPEC,
            env -> new SearchAgentConversationsTool(env, SearchAgentConversationsTool.OLD_SPEC)));
  }
}
