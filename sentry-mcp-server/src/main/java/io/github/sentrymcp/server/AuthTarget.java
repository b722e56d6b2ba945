package io.github.sentrymcp.server;

import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where device login runs and whose token it caches: the Sentry host the server talks to, the OAuth server (for
 * sentry.io and its regional hosts always {@code https://sentry.io}, like the reference; for any other host the host
 * itself, with {@code http} under {@code --insecure-http}) and the OAuth client id. No OAuth code is loaded here.
 *
 * @param host the Sentry host, with its port when one was given (the first half of the cache key)
 * @param oauthBaseUrl {@code scheme://host} of the OAuth endpoints {@code /oauth/device/code/} and {@code
 *     /oauth/token/}
 * @param clientId the OAuth application: {@code SENTRY_CLIENT_ID}, else the public client the reference bundles
 * @param customClient whether {@code SENTRY_CLIENT_ID} set the client id
 */
record AuthTarget(String host, String oauthBaseUrl, String clientId, boolean customClient) {

  /** The public OAuth application registered on sentry.io for the reference's device login (no secret). */
  static final String DEFAULT_CLIENT_ID = "0acbeba7d07d58076dd7dbde8cea2fed8ab525ce3713bda604988009ab35d765";

  /** The scopes device login asks for (the reference's). */
  static final String SCOPES = "org:read project:write team:write event:write";

  /** The token-less start-up hint, also part of the usage error when no login is possible. */
  static final String NO_TOKEN = "no Sentry access token: pass --access-token, --access-token-file or set"
      + " SENTRY_ACCESS_TOKEN, or log in once with 'sentry-mcp-server auth login' (or try --sandbox for fake data)";

  static AuthTarget of(SentryMcpConfig config, Map<String, String> env) {
    String custom = Main.envValue(env, "SENTRY_CLIENT_ID");
    String oauthBase = config.isSaas() ? "https://sentry.io" : config.baseUrl();
    return new AuthTarget(config.host(), oauthBase, custom != null ? custom.strip() : DEFAULT_CLIENT_ID,
        custom != null);
  }

  /**
   * Why device login cannot run for this host, or null when it can: the bundled client id is registered on
   * sentry.io only, so another host (self-hosted Sentry) needs {@code SENTRY_CLIENT_ID} naming an OAuth application
   * of that Sentry.
   */
  static @Nullable String problem(SentryMcpConfig config, Map<String, String> env) {
    if (config.isSaas() || Main.envValue(env, "SENTRY_CLIENT_ID") != null) {
      return null;
    }
    return "device login works for sentry.io; for " + Main.printable(config.host()) + " set SENTRY_CLIENT_ID to"
        + " the client id of a public OAuth application registered on that Sentry";
  }

  /** The key of this login in the token cache: {@code <host>:<clientId>}. */
  String cacheKey() {
    return host + ":" + clientId;
  }
}
