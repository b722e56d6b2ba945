package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.ScopeResolver;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.internal.ToolGate;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import java.util.Objects;

/**
 * What tools share: the API client for the configured host, the configuration, the scope resolver and the engine's
 * gate (a tool called directly from Java asks the same gate the engine asks).
 */
public record ToolEnvironment(SentryApiClient client, SentryMcpConfig config, ScopeResolver scopes, ToolGate gate) {
  public ToolEnvironment {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(gate, "gate");
  }

  /** An environment with a gate of its own, without hints. */
  public ToolEnvironment(SentryApiClient client, SentryMcpConfig config, ScopeResolver scopes) {
    this(client, config, scopes, new ToolGate(scopes, io.github.sentrymcp.api.GrantHints.NONE));
  }
}
