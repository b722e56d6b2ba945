package io.github.sentrymcp.transport.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decides who sent a request and which Sentry credential and grant it runs with. Called once for every HTTP request
 * to the MCP endpoint, before anything else is done for it; must be thread-safe and should be fast (cache what is
 * expensive).
 *
 * <p>Built in: {@link ApiKeyAuthenticator} (API keys mapped to Sentry tokens the server holds) and {@link
 * SentryBearerAuthenticator} (a client's own Sentry token, only when explicitly enabled). An OAuth authorization
 * server plugs in here as well.
 */
@FunctionalInterface
public interface HttpAuthenticator {

  /**
   * The principal of the request, or null when the request carries no credential this authenticator accepts (the
   * client then gets 401 without detail). Implementations never log or echo the presented credential.
   *
   * @param request the HTTP request
   * @return the principal, or null
   */
  @Nullable HttpPrincipal authenticate(HttpServletRequest request);

  /**
   * The {@code WWW-Authenticate} header value for a request this authenticator refused, or null for the plain
   * {@code Bearer realm="sentry-mcp"}. An OAuth authorization server names its protected-resource metadata here
   * (RFC 9728 {@code resource_metadata}) so that MCP clients can discover where to authorize. Must not echo the
   * presented credential.
   *
   * @param request the refused request
   * @return the header value, or null
   */
  default @Nullable String challenge(HttpServletRequest request) {
    return null;
  }

  /**
   * The first of these authenticators that recognizes the request; its challenge is the first non-null challenge of
   * the list.
   *
   * @param authenticators the authenticators, in order
   * @return the combined authenticator
   */
  static HttpAuthenticator firstOf(HttpAuthenticator... authenticators) {
    List<HttpAuthenticator> list = List.of(authenticators);
    list.forEach(a -> Objects.requireNonNull(a, "authenticator"));
    return new HttpAuthenticator() {
      @Override
      public @Nullable HttpPrincipal authenticate(HttpServletRequest request) {
        for (HttpAuthenticator a : list) {
          HttpPrincipal p = a.authenticate(request);
          if (p != null) {
            return p;
          }
        }
        return null;
      }

      @Override
      public @Nullable String challenge(HttpServletRequest request) {
        for (HttpAuthenticator a : list) {
          String c = a.challenge(request);
          if (c != null) {
            return c;
          }
        }
        return null;
      }
    };
  }
}
