package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.ScopeResolver;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import java.util.Objects;

/** What tools share: the API client for the configured host, the configuration and the scope resolver. */
public record ToolEnvironment(SentryApiClient client, SentryMcpConfig config, ScopeResolver scopes) {
  public ToolEnvironment {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(scopes, "scopes");
  }
}
