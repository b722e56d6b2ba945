package io.github.sentrymcp.springai;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code sentry.mcp.*} settings of {@link SentryMcpAutoConfiguration}. Only what a Spring application usually sets
 * is here; for anything else define your own {@link io.github.sentrymcp.core.SentryMcp} bean.
 *
 * <pre>{@code
 * sentry.mcp.host=sentry.example.com        # self-hosted; default sentry.io
 * sentry.mcp.access-token=${SENTRY_ACCESS_TOKEN}   # one user for every request; or define a SessionResolver bean
 * sentry.mcp.language-model.enabled=true    # the application's ChatModel answers natural-language search
 * }</pre>
 *
 * @param enabled whether the auto-configuration adds the Sentry tools at all (default {@code true})
 * @param host the Sentry host, {@code host} or {@code host:port} without a scheme (default {@code sentry.io})
 * @param url an {@code https://} URL whose host is used instead of {@code host}
 * @param insecureHttp talk plain {@code http} to {@code host} (local tests and fakes only; default {@code false})
 * @param accessToken a Sentry user token every request runs with: for a single-user application. Without it (and
 *     without {@code client-tokens}) the application defines a {@link
 *     io.github.sentrymcp.modelcontextprotocol.SessionResolver} bean, or every request is refused
 * @param clientTokens let each MCP client send its own Sentry user token as {@code Authorization: Sentry-Bearer
 *     <token>} (the reference server's direct mode; default {@code false}: the MCP specification forbids passing a
 *     client's token through by default)
 * @param structuredContent send {@code structuredContent} with an {@code outputSchema} (default {@code false})
 * @param callTimeout the most time one tool call may take (default: the engine's)
 * @param maxConcurrentCalls the most tool calls that run at once across all sessions (default: the engine's)
 * @param languageModel natural-language search with the application's {@code ChatModel}
 */
@ConfigurationProperties(prefix = "sentry.mcp")
public record SentryMcpProperties(
    @DefaultValue("true") boolean enabled,
    @Nullable String host,
    @Nullable String url,
    boolean insecureHttp,
    @Nullable String accessToken,
    boolean clientTokens,
    boolean structuredContent,
    @Nullable Duration callTimeout,
    @Nullable Integer maxConcurrentCalls,
    @DefaultValue LanguageModelProperties languageModel) {

  /**
   * {@code sentry.mcp.language-model.*}: whether the application's {@code ChatModel} bean answers the natural-language
   * search tools, and how it is named in telemetry.
   *
   * @param enabled use the application's single {@code ChatModel} bean (default {@code false}: natural-language
   *     queries are answered with how to write them in Sentry's syntax)
   * @param provider the provider name for telemetry, such as {@code openai} (default: from the model's class)
   */
  public record LanguageModelProperties(boolean enabled, @Nullable String provider) {}

  /** Never shows the access token. */
  @Override
  public String toString() {
    return "SentryMcpProperties[enabled=" + enabled + ", host=" + host + ", url=" + url + ", insecureHttp="
        + insecureHttp + ", accessToken=" + (accessToken == null ? "unset" : "***") + ", clientTokens=" + clientTokens
        + ", structuredContent=" + structuredContent + ", callTimeout=" + callTimeout + ", maxConcurrentCalls="
        + maxConcurrentCalls + ", languageModel=" + languageModel + "]";
  }
}
