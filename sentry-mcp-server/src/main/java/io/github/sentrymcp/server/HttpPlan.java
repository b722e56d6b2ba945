package io.github.sentrymcp.server;

import io.github.sentrymcp.api.Credential;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.transport.http.ApiKeyAuthenticator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP part of a {@link LaunchPlan} ({@code --transport=http}), already validated.
 *
 * @param bind the address to listen on
 * @param port the port (0: any free one)
 * @param apiKeys API keys mapped to server-held Sentry tokens, or null
 * @param sentryBearer whether clients may pass their own Sentry token ({@code Sentry-Bearer})
 * @param allowedHosts allowed {@code Host} patterns (empty: loopback names)
 * @param allowedOrigins allowed {@code Origin} patterns (empty: loopback origins)
 * @param corsOrigins origins that get CORS headers (empty: CORS off)
 * @param stateful whether to keep sessions
 * @param bearerGrant the grant of the command line for a client's own token ({@code Sentry-Bearer})
 * @param oauth the OAuth authorization server's settings ({@code --oauth}), or null
 */
record HttpPlan(String bind, int port, @Nullable ApiKeyAuthenticator apiKeys, boolean sentryBearer,
    List<String> allowedHosts, List<String> allowedOrigins, List<String> corsOrigins, boolean stateful,
    Function<Credential, Session> bearerGrant, @Nullable OAuthPlan oauth) {

  HttpPlan {
    Objects.requireNonNull(bind, "bind");
    allowedHosts = List.copyOf(allowedHosts);
    allowedOrigins = List.copyOf(allowedOrigins);
    corsOrigins = List.copyOf(corsOrigins);
  }

  /** Whether requests are authenticated; without, the server listens on loopback only with its own session. */
  boolean authenticated() {
    return apiKeys != null || sentryBearer || oauth != null;
  }

  static boolean isLoopback(String address) {
    String a = address.strip().toLowerCase(java.util.Locale.ROOT);
    return a.equals("localhost") || a.equals("::1") || a.equals("[::1]") || a.matches("127(\\.[0-9]{1,3}){3}");
  }
}
