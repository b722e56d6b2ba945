package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.ScopeResolver;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.internal.ToolGate;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.model.QueryTranslation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What tools share: the API client for the configured host, the configuration, the scope resolver, the engine's
 * gate (a tool called directly from Java asks the same gate the engine asks) and the directory of the engine's tools
 * (for tools that call a sibling through that gate).
 */
public record ToolEnvironment(SentryApiClient client, SentryMcpConfig config, ScopeResolver scopes, ToolGate gate,
    ToolDirectory tools, @Nullable QueryTranslation translation) {
  public ToolEnvironment {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(tools, "tools");
  }

  /** An environment with an empty directory of its own (siblings unknown until an engine fills it). */
  public ToolEnvironment(SentryApiClient client, SentryMcpConfig config, ScopeResolver scopes, ToolGate gate) {
    this(client, config, scopes, gate, null);
  }

  /** An environment with an empty directory of its own and natural-language search when {@code translation} is set. */
  public ToolEnvironment(SentryApiClient client, SentryMcpConfig config, ScopeResolver scopes, ToolGate gate,
      @Nullable QueryTranslation translation) {
    this(client, config, scopes, gate, new ToolDirectory(gate), translation);
  }

  /** An environment with a gate of its own, without hints. */
  public ToolEnvironment(SentryApiClient client, SentryMcpConfig config, ScopeResolver scopes) {
    this(client, config, scopes, new ToolGate(scopes, io.github.sentrymcp.api.GrantHints.NONE));
  }
}
