package io.github.sentrymcp.transport.http;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.transport.http.internal.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The reference server's direct mode: a client sends its own Sentry user token as {@code Authorization:
 * Sentry-Bearer <token>}, and its requests run with that token. The MCP specification forbids passing a client's
 * token through to another service by default, so this is off unless a host creates it explicitly, and the server
 * application warns at start-up when it is on. The principal id is {@code sentry-token-} and the first 16 hex digits
 * of the token's SHA-256 (limits and sessions are per token); the token itself is never logged.
 */
public final class SentryBearerAuthenticator implements HttpAuthenticator {
  private final Function<AccessToken, Session> grant;

  private SentryBearerAuthenticator(Function<AccessToken, Session> grant) {
    this.grant = grant;
  }

  /**
   * Tokens get the default grant (read-only scopes, every active skill, no constraints).
   *
   * @return the authenticator
   */
  public static SentryBearerAuthenticator withDefaultGrant() {
    return new SentryBearerAuthenticator(Session::of);
  }

  /**
   * Tokens get the session {@code grant} builds for them (the token as its credential).
   *
   * @param grant builds the session of a token
   * @return the authenticator
   */
  public static SentryBearerAuthenticator withGrant(Function<AccessToken, Session> grant) {
    return new SentryBearerAuthenticator(Objects.requireNonNull(grant, "grant"));
  }

  @Override
  public @Nullable HttpPrincipal authenticate(HttpServletRequest request) {
    String token = Secrets.authorization(request, "Sentry-Bearer");
    if (token == null) {
      return null;
    }
    String id = "sentry-token-" + Secrets.sha256Hex(token).substring(0, 16);
    return new HttpPrincipal(id, grant.apply(AccessToken.of(token)).withId(id));
  }

  @Override
  public String toString() {
    return "SentryBearerAuthenticator";
  }
}
