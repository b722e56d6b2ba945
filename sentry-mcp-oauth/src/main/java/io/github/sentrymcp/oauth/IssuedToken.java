package io.github.sentrymcp.oauth;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An authorization code, access token or refresh token this server issued, stored by the SHA-256 of its value only.
 *
 * @param hash hex SHA-256 of the secret value
 * @param kind what it is
 * @param grantId the grant it was issued for
 * @param clientId the client it was issued to
 * @param resource the resource (RFC 8707) it is bound to
 * @param redirectUri for a code: the redirect URI of the authorization request, else null
 * @param codeChallenge for a code: the PKCE S256 challenge, else null
 * @param issuedAt when it was issued
 * @param expiresAt when it expires
 */
public record IssuedToken(String hash, Kind kind, String grantId, String clientId, String resource,
    @Nullable String redirectUri, @Nullable String codeChallenge, Instant issuedAt, Instant expiresAt) {

  /** What a token is; codes and refresh tokens are single-use. */
  public enum Kind {
    /** A single-use authorization code. */
    AUTHORIZATION_CODE,
    /** An access token, used on every MCP request until it expires. */
    ACCESS_TOKEN,
    /** A single-use refresh token; each use gives a new one. */
    REFRESH_TOKEN;

    /**
     * Whether {@link OAuthStore#redeem} applies.
     *
     * @return true for codes and refresh tokens
     */
    public boolean singleUse() {
      return this != ACCESS_TOKEN;
    }
  }

  /**
   * Checks that the non-nullable components are present.
   *
   * @param hash hex SHA-256 of the secret value
   * @param kind what it is
   * @param grantId the grant it was issued for
   * @param clientId the client it was issued to
   * @param resource the resource (RFC 8707) it is bound to
   * @param redirectUri for a code: the redirect URI of the authorization request, else null
   * @param codeChallenge for a code: the PKCE S256 challenge, else null
   * @param issuedAt when it was issued
   * @param expiresAt when it expires
   * @throws NullPointerException when a component other than {@code redirectUri} or {@code codeChallenge} is null
   */
  public IssuedToken {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "IssuedToken[" + kind + ", grant=" + grantId + "]";
  }
}
