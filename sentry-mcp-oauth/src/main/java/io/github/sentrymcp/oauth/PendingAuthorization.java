package io.github.sentrymcp.oauth;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An authorization the user consented to, waiting for Sentry's answer: its id is the nonce in the signed {@code
 * state} sent to Sentry, and it is taken (deleted) exactly once when Sentry redirects back.
 *
 * @param id random nonce, URL-safe
 * @param clientId the MCP client
 * @param redirectUri the client's redirect URI, exactly as requested and registered
 * @param codeChallenge the client's PKCE S256 code challenge
 * @param clientState the client's {@code state}, echoed back to it, or null
 * @param resource the resource (RFC 8707) the tokens will be bound to: this server's MCP endpoint URL
 * @param consent what the user granted
 * @param browserBinding hex SHA-256 of the cookie that ties Sentry's redirect to the browser that consented
 * @param expiresAt when it stops being usable
 */
public record PendingAuthorization(String id, String clientId, String redirectUri, String codeChallenge,
    @Nullable String clientState, String resource, Consent consent, String browserBinding, Instant expiresAt) {
  /**
   * Checks that the non-nullable components are present.
   *
   * @param id random nonce, URL-safe
   * @param clientId the MCP client
   * @param redirectUri the client's redirect URI, exactly as requested and registered
   * @param codeChallenge the client's PKCE S256 code challenge
   * @param clientState the client's {@code state}, echoed back to it, or null
   * @param resource the resource (RFC 8707) the tokens will be bound to: this server's MCP endpoint URL
   * @param consent what the user granted
   * @param browserBinding hex SHA-256 of the cookie that ties Sentry's redirect to the browser that consented
   * @param expiresAt when it stops being usable
   * @throws NullPointerException when a component other than {@code clientState} is null
   */
  public PendingAuthorization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(browserBinding, "browserBinding");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
